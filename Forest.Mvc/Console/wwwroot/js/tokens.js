// Personal access tokens for AI agents (MCP): create (the token is shown once), list with the last use, revoke;
// and the "AI agents" help panel with a client configuration to copy.
import { api } from './api.js';
import { h, clear, confirmDialog, openDialog, toast, uid } from './dom.js';

const EXPIRIES = [['30', '30 days'], ['90', '90 days'], ['366', 'One year'], ['', 'Never']];

function mcpUrl() {
  return `${location.origin}/forest/mcp`;
}

/** The configuration an MCP client (Claude, an IDE agent…) takes: the Streamable HTTP URL and the token's header. */
export function clientConfiguration(token) {
  return JSON.stringify({ mcpServers: { forest: { type: 'http', url: mcpUrl(), headers: { Authorization: `Bearer ${token}` } } } }, null, 2);
}

function copyButton(text, label) {
  return h('button', {
    type: 'button',
    onclick: async () => {
      try { await navigator.clipboard.writeText(text()); toast(`${label} copied.`, 'success'); }
      catch { toast('The browser refused the clipboard: select the text and copy it.', 'error'); }
    },
  }, `Copy ${label.toLowerCase()}`);
}

function agentsPanel() {
  return h('section', { class: 'card agents-help', 'aria-labelledby': 'agents-title' },
    h('h2', { id: 'agents-title' }, 'AI agents'),
    h('p', {}, 'AI assistants and agents connect to this admin over MCP (Streamable HTTP) at ', h('code', {}, mcpUrl()), '. They act as you: your role, your scope, your approvals, and every call is in the activity log.'),
    h('ol', {},
      h('li', {}, 'Create a personal access token below (give it the agent\'s name and an expiry).'),
      h('li', {}, 'Paste the configuration into your MCP client, with the token in place of <token>.'),
      h('li', {}, 'Revoke the token here when the agent no longer needs it.')),
    h('pre', { class: 'code', id: 'agents-config', tabindex: '0', role: 'region', 'aria-label': 'Client configuration' }, clientConfiguration('<token>')),
    copyButton(() => clientConfiguration('<token>'), 'Configuration'));
}

function showCreated(created) {
  return openDialog('Token created', (container, close) => {
    const config = clientConfiguration(created.token);
    container.append(
      h('p', {}, 'Copy the token now: it is shown once, and only its hash is kept.'),
      h('label', { for: 'new-token' }, 'Token'),
      h('input', { id: 'new-token', type: 'text', readonly: true, value: created.token, class: 'token-value' }),
      h('div', { class: 'dialog-actions' }, copyButton(() => created.token, 'Token')),
      h('p', {}, 'Client configuration:'),
      h('pre', { class: 'code', tabindex: '0', role: 'region', 'aria-label': 'Client configuration to copy' }, config),
      h('div', { class: 'dialog-actions' }, copyButton(() => config, 'Configuration'), h('button', { type: 'button', class: 'primary', onclick: () => close('ok') }, 'Done')));
  }, { wide: true });
}

export async function renderTokens(main) {
  const result = await api('GET', '/forest/tokens');
  const nameId = uid('token-name');
  const expiryId = uid('token-expiry');
  const name = h('input', { id: nameId, type: 'text', maxlength: 100, required: true, placeholder: 'e.g. Claude on my laptop' });
  const expiry = h('select', { id: expiryId }, EXPIRIES.map(([value, text]) => h('option', { value, selected: value === '90' }, text)));
  const error = h('p', { class: 'form-error', role: 'alert' });
  const when = value => (value ? new Date(value).toLocaleString() : '—');
  const rows = result.data.map(token => h('tr', {},
    h('td', {}, token.name), h('td', {}, h('code', {}, `${token.prefix}…`)),
    h('td', {}, when(token.createdAt)), h('td', {}, token.expiresAt ? when(token.expiresAt) : 'never'),
    h('td', {}, when(token.lastUsedAt)),
    h('td', {}, token.revokedAt ? h('span', { class: 'status status-rejected' }, 'revoked') : h('span', { class: 'status status-approved' }, 'active')),
    h('td', {}, token.revokedAt ? null : h('button', {
      type: 'button', 'aria-label': `Revoke ${token.name}`,
      onclick: async () => {
        const sure = await confirmDialog(`Revoke ${token.name}?`, `The agents that use ${token.prefix}… lose their access at once. This cannot be undone.`, 'Revoke token', { danger: true });
        if (!sure) return;
        try { await api('DELETE', `/forest/tokens/${token.id}`); toast(`Token "${token.name}" revoked.`, 'success'); await renderTokens(main); }
        catch (failure) { toast(failure.message, 'error'); }
      },
    }, 'Revoke'))));
  clear(main).append(
    h('h1', {}, 'Personal access tokens'),
    agentsPanel(),
    h('form', {
      class: 'filter-form', 'aria-label': 'New token',
      onsubmit: async event => {
        event.preventDefault();
        error.textContent = '';
        try {
          const created = await api('POST', '/forest/tokens', { name: name.value, expiresInDays: expiry.value ? Number(expiry.value) : null });
          await showCreated(created);
          await renderTokens(main);
        } catch (failure) { error.textContent = failure.message; }
      },
    }, h('label', { for: nameId }, 'Name'), name, h('label', { for: expiryId }, 'Expires'), expiry, h('button', { type: 'submit', class: 'primary' }, 'Create token')),
    error,
    h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Your tokens'),
      h('thead', {}, h('tr', {}, ['Name', 'Token', 'Created', 'Expires', 'Last used', 'State', ''].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No token yet.')))));
}
