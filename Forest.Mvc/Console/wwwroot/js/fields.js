// Form fields of an action, one widget per Forest type; values in the wire format of the front-end.
import { api, layoutOf, recordName } from './api.js';
import { h, clear, label as title, uid } from './dom.js';

function typeName(field) { return Array.isArray(field.type) ? field.type[0] : field.type; }
function isList(field) { return Array.isArray(field.type); }
function widget(field) { return field.widgetEdit?.name ?? field.widget ?? null; }

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:([^;,]*)(;base64)?,/, (_, type) => `data:${type || 'application/octet-stream'};name=${encodeURIComponent(file.name)};base64,`));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * A combobox whose options come from the server as the user types (debounced): `search(term)` answers
 * [{ value, label }]. Used by record pickers and by searchable dropdowns (fields with a search hook).
 */
function combobox(field, id, describedBy, search, placeholder) {
  const listId = uid('options');
  const input = h('input', { id, type: 'text', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, 'aria-describedby': describedBy, autocomplete: 'off', placeholder });
  const list = h('ul', { id: listId, role: 'listbox', class: 'options', hidden: true, 'aria-label': `${field.field} options` });
  let selected = field.value ?? field.defaultValue ?? null;
  if (selected !== null) input.value = String(selected);
  let timer;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const options = await search(input.value.trim());
      clear(list).append(...options.map(option =>
        h('li', { role: 'option', id: uid('option'), tabindex: '-1', 'aria-selected': 'false', onclick: () => choose(option.value, option.label) }, option.label)));
      list.hidden = options.length === 0;
      input.setAttribute('aria-expanded', String(!list.hidden));
    }, 250);
  };
  input.addEventListener('input', () => { selected = null; refresh(); });
  input.addEventListener('focus', () => { if (!list.children.length) refresh(); });
  input.addEventListener('keydown', event => {
    const options = [...list.children];
    if (event.key === 'ArrowDown' && options.length) { event.preventDefault(); options[0].focus(); }
  });
  list.addEventListener('keydown', event => {
    const options = [...list.children];
    const index = options.indexOf(document.activeElement);
    if (event.key === 'ArrowDown') { event.preventDefault(); options[Math.min(index + 1, options.length - 1)]?.focus(); }
    if (event.key === 'ArrowUp') { event.preventDefault(); (index <= 0 ? input : options[index - 1]).focus(); }
    if (event.key === 'Enter') { event.preventDefault(); document.activeElement.click(); }
  });
  function choose(value, text) {
    selected = value;
    input.value = text;
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.dispatchEvent(new Event('change', { bubbles: true }));
    input.focus();
  }
  return { control: h('div', { class: 'combobox' }, input, list), value: () => selected };
}

/**
 * A record picker: a combobox searching the target collection on the server, showing each record by its reference
 * field (sorted on it; only that field is read), or by its id (#12) when the collection has none.
 */
function referencePicker(field, id, describedBy) {
  const collection = field.reference.split('.')[0];
  const picker = combobox(field, id, describedBy, async term => {
    const layout = await layoutOf(collection);
    const query = new URLSearchParams({ 'page[size]': '8', search: term.replace(/^#/, '') });
    if (layout.referenceField) { query.set('sort', layout.referenceField); query.set(`fields[${collection}]`, layout.referenceField); }
    const result = await api('GET', `/forest/${collection}?${query}`);
    return result.data.map(record => {
      const name = recordName(layout, record.id, record.attributes);
      return { value: record.id, label: name === `#${record.id}` ? name : `${name} (#${record.id})` };
    });
  }, `Search ${title(collection)}…`);
  const input = picker.control.querySelector('input');
  if (input.value) input.value = `#${input.value}`;
  return picker;
}

/** Whether the field is a dropdown searched on the server (it has a search hook). */
function isSearchable(field) { return field.widgetEdit?.name === 'dropdown' && field.widgetEdit.parameters?.searchType === 'dynamic'; }

/** Builds the widget of a field; returns its element, its current value and a way to show an error. */
export function fieldWidget(field, onChange, onSearch) {
  const id = uid('field');
  const helpId = uid('help');
  const errorId = uid('error');
  const describedBy = `${helpId} ${errorId}`;
  const type = typeName(field);
  const initial = field.value ?? field.defaultValue ?? null;
  const common = { id, 'aria-describedby': describedBy, required: field.isRequired, disabled: field.isReadOnly, 'aria-required': field.isRequired ? 'true' : null };
  let control;
  let value;
  if (field.reference || (isSearchable(field) && onSearch)) {
    const picker = field.reference
      ? referencePicker(field, id, describedBy)
      : combobox(field, id, describedBy, term => onSearch(field.field, term), `Search ${field.field}…`);
    control = picker.control;
    value = picker.value;
  } else if (type === 'Boolean') {
    control = h('input', { ...common, type: 'checkbox', checked: initial === true, required: false });
    value = () => control.checked;
  } else if (type === 'Enum' && isList(field)) {
    control = h('fieldset', { id, class: 'checkboxes', 'aria-describedby': describedBy }, h('legend', { class: 'visually-hidden' }, field.field),
      (field.enums ?? []).map(option => h('label', {}, h('input', { type: 'checkbox', value: option, checked: Array.isArray(initial) && initial.includes(option), disabled: field.isReadOnly }), ` ${option}`)));
    value = () => [...control.querySelectorAll('input:checked')].map(i => i.value);
  } else if (type === 'Enum') {
    control = h('select', common, h('option', { value: '' }, '—'), (field.enums ?? []).map(option => h('option', { value: option, selected: option === initial }, option)));
    value = () => control.value || null;
  } else if (type === 'File') {
    control = h('input', { ...common, type: 'file', multiple: isList(field) });
    value = async () => {
      const files = [...control.files];
      if (!files.length) return isList(field) ? [] : null;
      const uris = await Promise.all(files.map(readFile));
      return isList(field) ? uris : uris[0];
    };
  } else if (type === 'Json' || isList(field) || ['text area', 'text area editor', 'rich text', 'rich text editor'].includes(widget(field))) {
    const text = initial === null ? '' : type === 'Json' ? JSON.stringify(initial, null, 2) : isList(field) ? [].concat(initial).join('\n') : String(initial);
    control = h('textarea', { ...common, rows: type === 'Json' ? 5 : 3 }, text);
    value = () => {
      const raw = control.value;
      if (type === 'Json') { if (!raw.trim()) return null; try { return JSON.parse(raw); } catch { return raw; } }
      if (isList(field)) return raw.split('\n').map(v => v.trim()).filter(Boolean).map(v => (type === 'Number' ? Number(v) : v));
      return raw || null;
    };
  } else {
    const inputType = { Number: 'number', Date: 'datetime-local', Dateonly: 'date', Time: 'time' }[type] ?? 'text';
    let shown = initial ?? '';
    if (type === 'Date' && shown) shown = new Date(shown).toISOString().slice(0, 16);
    control = h('input', { ...common, type: inputType, step: type === 'Number' ? 'any' : null, value: shown });
    value = () => {
      const raw = control.value;
      if (raw === '') return null;
      if (type === 'Number') return Number(raw);
      if (type === 'Date') return new Date(raw).toISOString();
      return raw;
    };
  }

  if (field.hook && onChange) control.addEventListener('change', () => onChange(field.field));
  const error = h('p', { id: errorId, class: 'field-error', role: 'alert' });
  const element = h('div', { class: `field field-${type.toLowerCase()}` },
    type === 'Enum' && isList(field) ? h('span', { class: 'label' }, field.field) : h('label', { for: id }, field.field, field.isRequired ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    control,
    h('p', { id: helpId, class: 'help' }, field.description ?? ''),
    error);
  return {
    field,
    element,
    value,
    setError(message) { error.textContent = message ?? ''; element.classList.toggle('invalid', Boolean(message)); if (message) control.setAttribute('aria-invalid', 'true'); else control.removeAttribute('aria-invalid'); },
  };
}
