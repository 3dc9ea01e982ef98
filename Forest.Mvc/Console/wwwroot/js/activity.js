// The activity log, filtered and paged (administrators).
import { api } from './api.js';
import { h, clear, formatValue, uid } from './dom.js';
import { showRecordNames } from './names.js';

export async function renderActivity(main, filters = {}, page = 1) {
  const params = new URLSearchParams({ 'page[number]': page, 'page[size]': 25, ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) });
  const result = await api('GET', `/forest/activity?${params}`);
  const kindId = uid('kind');
  const userId = uid('user');
  const actionId = uid('action');
  const kind = h('select', { id: kindId }, ['', 'trigger', 'denied', 'approval_request', 'approval', 'rejection', 'execution', 'cancellation', 'token_created', 'token_revoked', 'mcp_call', 'security', 'login_failed', 'lockout', 'unauthorized', 'forbidden'].map(k => h('option', { value: k, selected: k === (filters.kind ?? '') }, k === 'security' ? 'security (all below)' : k || 'Any kind')));
  const user = h('input', { id: userId, type: 'text', value: filters.user ?? '' });
  const action = h('input', { id: actionId, type: 'text', value: filters.action ?? '' });
  const sourceId = uid('source');
  const source = h('select', { id: sourceId }, [['', 'Any source'], ['api', 'Console and API'], ['mcp', 'AI agents (MCP)']].map(([v, t]) => h('option', { value: v, selected: v === (filters.source ?? '') }, t)));
  const pages = Math.max(1, Math.ceil(result.meta.count / 25));
  const names = [];
  const records = line => {
    if (line.allRecords) return 'all matching';
    const element = h('span', {}, (line.recordIds ?? []).length ? '' : '—');
    names.push({ element, collection: line.collection, ids: line.recordIds ?? [] });
    return element;
  };
  clear(main).append(
    h('h1', {}, 'Activity log'),
    h('form', { class: 'filter-form', 'aria-label': 'Activity filters', onsubmit: event => { event.preventDefault(); renderActivity(main, { kind: kind.value, user: user.value.trim(), action: action.value.trim(), source: source.value }); } },
      h('label', { for: kindId }, 'Kind'), kind,
      h('label', { for: userId }, 'User'), user,
      h('label', { for: actionId }, 'Action'), action,
      h('label', { for: sourceId }, 'Source'), source,
      h('button', { type: 'submit' }, 'Apply filters')),
    h('p', {}, `${result.meta.count} entries.`),
    h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Activity'),
      h('thead', {}, h('tr', {}, ['When', 'Kind', 'User', 'Source', 'Action', 'Records', 'Values', 'Outcome', 'Duration'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, result.data.map(line => h('tr', {},
        h('td', {}, new Date(line.at).toLocaleString()), h('td', {}, line.kind), h('td', {}, line.user.email ?? '—'), h('td', {}, line.source === 'mcp' ? `MCP: ${line.tool ?? ''} (${line.token ?? ''})` : line.source),
        h('td', {}, line.collection ? `${line.action} (${line.collection})` : line.action), h('td', {}, records(line)),
        h('td', {}, formatValue(line.values)), h('td', {}, line.outcome), h('td', {}, line.durationMs ? `${Math.round(line.durationMs)} ms` : '—'))))),
    h('nav', { class: 'pager', 'aria-label': 'Activity pages' },
      h('button', { type: 'button', disabled: page <= 1, onclick: () => renderActivity(main, filters, page - 1) }, 'Previous page'),
      h('span', {}, `Page ${page} of ${pages}`),
      h('button', { type: 'button', disabled: page >= pages, onclick: () => renderActivity(main, filters, page + 1) }, 'Next page')));
  showRecordNames(names);
}
