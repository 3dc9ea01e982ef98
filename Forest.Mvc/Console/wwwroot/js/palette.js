// The command palette (Ctrl+K or ⌘+K): jump to a collection or a page, or run an action of the current list or record
// on its selection, from the keyboard. A combobox over a list of commands, filtered as one types.
import { consoleData, hasFeature, schema } from './api.js';
import { h, label, openDialog, uid } from './dom.js';
import { onScreen } from './records.js';

/** The commands available here: pages, collections, then the actions of the current list or record. */
async function commands(isAdmin) {
  const [data, layout] = await Promise.all([schema(), consoleData()]);
  const list = data.collections.map(c => ({ text: `Go to ${label(c.name)}`, run: () => { location.hash = `#/c/${encodeURIComponent(c.name)}`; } }));
  list.push({ text: 'Go to Approvals', run: () => { location.hash = '#/approvals/to-review'; } });
  if (hasFeature('jobs')) list.push({ text: 'Go to Jobs', run: () => { location.hash = '#/jobs'; } });
  if (hasFeature('mcp')) list.push({ text: 'Go to AI agents and tokens', run: () => { location.hash = '#/tokens'; } });
  if (isAdmin) list.push({ text: 'Go to Activity log', run: () => { location.hash = '#/activity'; } }, { text: 'Go to Settings', run: () => { location.hash = '#/settings/actions'; } });
  if (onScreen.menu?.element.isConnected) {
    const names = layout.collections.find(c => c.name === onScreen.menu.collectionName)?.actions ?? [];
    const count = onScreen.menu.count();
    for (const name of names) list.push({ text: `Run ${name}${count ? ` on ${count} selected` : ''}`, run: () => onScreen.menu.runByName(name) });
  }
  return list;
}

/** Opens the palette; the focus goes back where it was when it closes. */
export async function openPalette(isAdmin) {
  if (document.querySelector('dialog.palette')) return;
  const all = await commands(isAdmin);
  const listId = uid('commands');
  let shown = all;
  let active = 0;
  await openDialog('Go to or run', (container, close, dialog) => {
    dialog.classList.add('palette');
    const input = h('input', { type: 'text', role: 'combobox', 'aria-label': 'Command', 'aria-controls': listId, 'aria-expanded': 'true', 'aria-autocomplete': 'list', autocomplete: 'off' });
    const listbox = h('ul', { id: listId, role: 'listbox', class: 'palette-list', 'aria-label': 'Commands' });
    const pick = command => { close('picked'); setTimeout(() => command.run(), 0); };
    const draw = () => {
      listbox.replaceChildren(...shown.slice(0, 50).map((command, index) => h('li', {
        id: `${listId}-${index}`, role: 'option', 'aria-selected': index === active ? 'true' : 'false',
        onclick: () => pick(command),
      }, command.text)));
      input.setAttribute('aria-activedescendant', shown.length ? `${listId}-${active}` : '');
      listbox.children[active]?.scrollIntoView({ block: 'nearest' });
    };
    input.addEventListener('input', () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      shown = all.filter(c => words.every(w => c.text.toLowerCase().includes(w)));
      active = 0;
      draw();
    });
    input.addEventListener('keydown', event => {
      if (event.key === 'ArrowDown') { event.preventDefault(); active = Math.min(active + 1, shown.length - 1); draw(); }
      if (event.key === 'ArrowUp') { event.preventDefault(); active = Math.max(active - 1, 0); draw(); }
      if (event.key === 'Enter' && shown[active]) { event.preventDefault(); pick(shown[active]); }
    });
    container.append(input, listbox, h('p', { class: 'description' }, shown.length ? '↑ ↓ to choose, Enter to go, Escape to close.' : ''));
    draw();
    setTimeout(() => input.focus(), 0);
  });
}
