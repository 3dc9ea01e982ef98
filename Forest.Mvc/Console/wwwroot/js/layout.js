// Form layouts of actions: inputs, rows, separators and HTML blocks, or pages of them with a step indicator.
import { h } from './dom.js';

/**
 * Places the widgets as the layout says. Returns { pages: [{ element, widgets, page }] } for a multi-page form, or
 * { element } for one page. Widgets the layout does not place go at the end (on the last page).
 */
export function arrange(layout, widgets) {
  const byId = new Map(widgets.map(w => [w.field.field, w]));
  const placed = new Set();
  let onPage = [];
  const take = id => {
    const widget = byId.get(id);
    if (!widget || placed.has(id)) return null;
    placed.add(id);
    onPage.push(widget);
    return widget.element;
  };
  const build = element => {
    switch (element.component) {
      case 'input': return take(element.fieldId);
      case 'row': return h('div', { class: 'form-row' }, (element.fields ?? []).map(f => take(f.fieldId)));
      case 'separator': return h('hr', { class: 'form-separator' });
      case 'htmlBlock': {
        // The server sanitises the HTML (no script, no event handler), and the console's CSP forbids inline scripts.
        const block = h('div', { class: 'html-block' });
        block.innerHTML = element.content ?? '';
        return block;
      }
      default: return null;
    }
  };
  const rest = () => widgets.filter(w => !placed.has(w.field.field));

  if (!Array.isArray(layout) || layout.length === 0) return { element: h('div', {}, widgets.map(w => w.element)) };
  if (layout.every(e => e.component === 'page')) {
    const pages = layout.map(page => {
      onPage = [];
      const element = h('div', { class: 'form-page' }, (page.elements ?? []).map(build));
      return { page, element, widgets: onPage };
    });
    const last = pages[pages.length - 1];
    for (const widget of rest()) { last.element.append(widget.element); last.widgets.push(widget); }
    return { pages };
  }
  const element = h('div', {}, layout.map(build));
  element.append(...rest().map(w => w.element));
  return { element };
}

/** Whether the fields of one page may be left: required values present, and every input valid for the browser. */
export async function pageIsValid(page) {
  let valid = true;
  for (const widget of page.widgets) {
    const value = await widget.value();
    const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    const control = widget.element.querySelector('input,select,textarea');
    if (widget.field.isRequired && empty) { widget.setError('This field is required.'); valid = false; }
    else if (control && !control.checkValidity()) { widget.setError(control.validationMessage); valid = false; }
    else widget.setError(null);
  }
  return valid;
}
