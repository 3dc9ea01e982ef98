// The columns of a records table: the user's choice (kept in the store, so it follows them) or the first fields in
// declared order, the chooser that changes them, and the page size.
import { savePreferences } from './api.js';
import { h, keepOnScreen, label, uid } from './dom.js';

const SCALARS = 6;
const REFERENCES = 2;

/** The fields a table can show: scalars and references, in declared order (the id, then the reference field). */
export function choosable(schemaCollection, layout) {
  const byName = new Map(schemaCollection.fields
    .filter(f => f.relationship !== 'HasMany' && f.relationship !== 'BelongsToMany' && f.relationship !== 'HasOne')
    .map(f => [f.field, f]));
  const ordered = layout.fields.filter(name => byName.has(name)).map(name => byName.get(name));
  for (const field of byName.values()) if (!ordered.includes(field)) ordered.push(field);
  return ordered;
}

/**
 * The user's columns (those that still exist), else the first fields in declared order: the key, the reference
 * field and other values (7 in all), then the first two references. The key is always shown first.
 */
export function initialColumns(fields, preferences) {
  const chosen = (preferences?.columns ?? []).map(name => fields.find(f => f.field === name)).filter(Boolean);
  const defaults = [...fields.filter(f => !f.relationship).slice(0, SCALARS + 1), ...fields.filter(f => f.relationship === 'BelongsTo').slice(0, REFERENCES)];
  const columns = chosen.length ? chosen : defaults;
  const key = fields.find(f => f.isPrimaryKey);
  return key && !columns.includes(key) ? [key, ...columns] : columns;
}

/** The "Columns" disclosure: a checklist of the fields; a change re-renders the table and is saved for the user. */
export function columnChooser(table) {
  const boxes = table.fields.map(field => {
    const id = uid('column');
    const box = h('input', {
      id, type: 'checkbox', checked: table.columns.includes(field), disabled: Boolean(field.isPrimaryKey),
      onchange: () => {
        table.columns = table.fields.filter((f, index) => boxes[index].box.checked);
        table.renderTable();
        savePreferences(table.collectionName, { columns: table.columns.map(c => c.field) });
      },
    });
    return { box, element: h('div', { class: 'check' }, box, h('label', { for: id }, label(field.field))) };
  });
  const list = h('fieldset', { class: 'column-list' }, h('legend', {}, `Columns of ${table.title}`), boxes.map(b => b.element));
  const details = h('details', { class: 'columns-chooser', ontoggle: () => { if (details.open) keepOnScreen(list); } }, h('summary', {}, 'Columns'), list);
  return details;
}

/** The page size picker of the pager; a change reloads from the first page and is saved for the user. */
export function pageSizePicker(table, sizes) {
  const id = uid('size');
  const select = h('select', {
    id,
    onchange: () => {
      table.size = Number(select.value);
      table.page = 1;
      table.load();
      savePreferences(table.collectionName, { pageSize: table.size });
    },
  }, sizes.map(size => h('option', { value: String(size), selected: size === table.size }, String(size))));
  return h('span', { class: 'page-size' }, h('label', { for: id }, 'Rows per page'), select);
}
