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

/**
 * Keeps a popup (a menu, a checklist) inside the viewport: shifted right when it would start off-screen, narrowed
 * when it is wider than the screen. Call it once the popup is shown.
 */
export function keepOnScreen(popup, margin = 8) {
  popup.style.transform = '';
  popup.style.maxWidth = `calc(100vw - ${2 * margin}px)`;
  const box = popup.getBoundingClientRect();
  const shift = box.left < margin ? margin - box.left : box.right > window.innerWidth - margin ? window.innerWidth - margin - box.right : 0;
  if (shift) popup.style.transform = `translateX(${Math.round(shift)}px)`;
}

/** Where focus goes back when a dialog closes: the element that opened it, else the page's main region. */
function restoreFocus(opener) {
  const target = opener?.isConnected && opener.offsetParent !== null ? opener : document.getElementById('main');
  target?.focus({ preventScroll: true });
}

/** A modal dialog; resolves when closed, with the focus back on what opened it (or on <paramref>returnFocus</paramref>). */
export function openDialog(title, build, { wide = false, returnFocus = null } = {}) {
  const opener = returnFocus ?? document.activeElement;
  const titleId = uid('dialog-title');
  const body = h('div', { class: 'dialog-body' });
  const dialog = h('dialog', { class: wide ? 'dialog dialog-wide' : 'dialog', 'aria-labelledby': titleId },
    h('header', { class: 'dialog-header' },
      h('h2', { id: titleId, text: title }),
      h('button', { type: 'button', class: 'icon', 'aria-label': 'Close', onclick: () => dialog.close() }, '×')),
    body);
  document.body.append(dialog);
  const closed = new Promise(resolve => dialog.addEventListener('close', () => { dialog.remove(); restoreFocus(opener); resolve(dialog.returnValue); }));
  build(body, value => dialog.close(value), dialog);
  dialog.showModal();
  return closed;
}

/** A yes/no question in a dialog; resolves true when confirmed. The confirm button is styled as dangerous when asked. */
export async function confirmDialog(title, message, confirmLabel, { danger = false } = {}) {
  const answer = await openDialog(title, (container, close) => {
    container.append(
      h('p', {}, message),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', onclick: () => close('cancel') }, 'Cancel'),
        h('button', { type: 'button', class: danger ? 'danger' : 'primary', onclick: () => close('confirm') }, confirmLabel)));
  });
  return answer === 'confirm';
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
