// Approvals: Requested, To review and History, a request's details, approve or reject, CSV export.
import { api, download, send, schema } from './api.js';
import { h, clear, formatValue, openDialog, toast, uid } from './dom.js';
import { handleResult } from './actions.js';
import { refreshApprovalsBadge } from './nav.js';
import { showRecordNames } from './names.js';

const VIEWS = [['requested', 'Requested'], ['to-review', 'To review'], ['history', 'History']];

export async function renderApprovals(main, view, id) {
  const result = await api('GET', `/forest/approvals?view=${view}&page[size]=100`);
  const tabs = h('div', { role: 'tablist', 'aria-label': 'Approval lists' }, VIEWS.map(([key, name]) =>
    h('a', { role: 'tab', href: `#/approvals/${key}`, 'aria-selected': key === view ? 'true' : 'false' }, `${name} (${result.meta.counts[key]})`)));
  const names = [];
  const rows = result.data.map(a => h('tr', {},
    h('td', {}, a.action), h('td', {}, a.collection), h('td', {}, recordsCell(a, names)),
    h('td', {}, a.requester.name || a.requester.email), h('td', {}, new Date(a.createdAt).toLocaleString()),
    h('td', {}, h('span', { class: `status status-${a.status}` }, a.status)),
    h('td', {}, h('button', { type: 'button', 'aria-label': `Details of ${a.action} request on ${a.recordIds.join(', ') || a.collection}`, onclick: () => details(a, view, main) }, 'Details'))));
  clear(main).append(
    h('div', { class: 'record-header' }, h('h1', {}, 'Approvals'),
      view === 'history' ? h('button', { type: 'button', onclick: exportHistory }, 'Export history (CSV)') : null),
    tabs,
    h('div', { role: 'tabpanel', class: 'tabpanel' },
      h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, VIEWS.find(v => v[0] === view)?.[1] ?? view),
        h('thead', {}, h('tr', {}, ['Action', 'Collection', 'Records', 'Requester', 'Requested at', 'Status', ''].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No request.'))))));
  showRecordNames(names);
  if (id) {
    const one = result.data.find(a => a.id === id) ?? (await api('GET', `/forest/approvals/${id}`)).data;
    details(one, view, main);
  }
}

/** The records of a request, named once read ("Acme, Globex and 3 more"). */
function recordsCell(approval, names) {
  const element = h('span', {}, approval.recordIds.length ? '' : '—');
  names.push({ element, collection: approval.collection, ids: approval.recordIds });
  return element;
}

async function exportHistory() {
  const response = await send('GET', '/forest/approvals/export');
  const name = await download(response, 'approvals-history.csv');
  toast(`Downloaded ${name}.`, 'success');
}

function details(approval, view, main) {
  const names = [];
  return openDialog(`${approval.action} on ${approval.collection}`, (container, close) => {
    const list = h('dl', { class: 'details' },
      h('dt', {}, 'Status'), h('dd', {}, approval.status),
      h('dt', {}, 'Requested by'), h('dd', {}, `${approval.requester.name} <${approval.requester.email}>`),
      h('dt', {}, 'Requested at'), h('dd', {}, new Date(approval.createdAt).toLocaleString()),
      h('dt', {}, 'Records'), h('dd', {}, approval.recordIds.length ? recordsCell(approval, names) : 'none (global action)'),
      Object.entries(approval.values ?? {}).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, formatValue(v))]),
      approval.reviewer ? [h('dt', {}, 'Reviewed by'), h('dd', {}, approval.reviewer.email)] : null,
      approval.message ? [h('dt', {}, 'Message'), h('dd', {}, approval.message)] : null);
    container.append(list);
    showRecordNames(names);
    if (approval.status !== 'pending' || view !== 'to-review') return;
    const messageId = uid('message');
    const message = h('textarea', { id: messageId, rows: 2 });
    const error = h('p', { class: 'form-error', role: 'alert' });
    const decide = async verb => {
      for (const button of container.querySelectorAll('button')) button.disabled = true;
      try {
        const response = await send('POST', `/forest/approvals/${approval.id}/${verb}`, { message: message.value || null });
        if (verb === 'reject') {
          if (!response.ok) throw new Error((await response.json()).errors?.[0]?.detail ?? 'Rejection failed.');
          toast('Request rejected.', 'success');
        } else {
          const action = (await schema()).collections.find(c => c.name === approval.collection)?.actions.find(a => a.name === approval.action) ?? { name: approval.action };
          const failed = response.status === 403 || response.status === 409;
          if (failed) throw new Error((await response.json()).errors?.[0]?.detail ?? 'Approval failed.');
          await handleResult(action, response, {});
        }
        close('done');
        refreshApprovalsBadge();
        renderApprovals(main, view);
      } catch (failure) {
        error.textContent = failure.message;
        for (const button of container.querySelectorAll('button')) button.disabled = false;
      }
    };
    container.append(
      h('label', { for: messageId }, 'Message (optional)'), message, error,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', onclick: () => decide('reject') }, 'Reject'),
        h('button', { type: 'button', class: 'primary', onclick: () => decide('approve') }, 'Approve')));
  }, { wide: true });
}
