// Small DOM helpers: elements, notifications and dialogs (native <dialog>, so focus and Escape work).
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

let counter = 0;
export function uid(prefix = 'f') { counter += 1; return `${prefix}-${counter}`; }

/** A notification: success and info are polite, errors are alerts. */
export function toast(message, kind = 'info') {
  const region = document.getElementById(kind === 'error' ? 'alerts' : 'toasts');
  const item = h('div', { class: `toast toast-${kind}` },
    h('span', { class: 'toast-text', text: message }),
    h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss notification', onclick: () => item.remove() }, '×'));
  region.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 12_000 : 6_000);
  return item;
}

/** A modal dialog; resolves when closed. */
export function openDialog(title, build, { wide = false } = {}) {
  const titleId = uid('dialog-title');
  const body = h('div', { class: 'dialog-body' });
  const dialog = h('dialog', { class: wide ? 'dialog dialog-wide' : 'dialog', 'aria-labelledby': titleId },
    h('header', { class: 'dialog-header' },
      h('h2', { id: titleId, text: title }),
      h('button', { type: 'button', class: 'icon', 'aria-label': 'Close', onclick: () => dialog.close() }, '×')),
    body);
  document.body.append(dialog);
  const closed = new Promise(resolve => dialog.addEventListener('close', () => { dialog.remove(); resolve(dialog.returnValue); }));
  build(body, value => dialog.close(value), dialog);
  dialog.showModal();
  return closed;
}

export function formatValue(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date.toLocaleString();
  }
  return String(value);
}

export function label(name) {
  return String(name).replace(/_/g, ' ').replace(/^./, c => c.toUpperCase());
}
