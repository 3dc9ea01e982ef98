// Background jobs: the progress toast of a job just started, the Jobs screen, and the badge of the user's own
// running jobs. Everything polls GET /forest/jobs (no server-sent events): a job's progress is written to the store
// about once a second, so polling every second shows every change, through proxies that buffer streams.
import { api, countBadge, download, send } from './api.js';
import { h, clear, toast, uid } from './dom.js';
import { showHtml } from './panels.js';

const FINAL = ['succeeded', 'failed', 'cancelled', 'interrupted'];
const POLL_MS = 1000;
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'];

const isFinal = job => FINAL.includes(job.status);

/** A <progress> of the job: determinate when its total is known, else indeterminate while it runs. */
function progressBar(job) {
  const { done, total } = job.progress;
  const bar = h('progress', { 'aria-label': `Progress of ${job.action}` });
  if (total) { bar.max = total; bar.value = Math.min(done, total); }
  else if (isFinal(job)) { bar.max = 1; bar.value = job.status === 'succeeded' ? 1 : 0; }
  return bar;
}

function progressText(job) {
  const { done, total, message } = job.progress;
  const count = total ? `${done.toLocaleString()} of ${total.toLocaleString()} (${Math.floor((100 * done) / total)}%)` : `${done.toLocaleString()} done`;
  return message ? `${count}: ${message}` : count;
}

function duration(job) {
  if (!job.startedAt) return '—';
  const end = job.finishedAt ? new Date(job.finishedAt) : new Date();
  const seconds = Math.max(0, Math.round((end - new Date(job.startedAt)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** What the job's result says in one line: the action's message or error. */
function resultText(job) {
  const body = job.result?.body;
  if (body && typeof body === 'object') {
    if (typeof body.success === 'string') return body.success;
    if (typeof body.error === 'string') return body.error;
    if (Array.isArray(body.errors) && body.errors[0]?.detail) return body.errors[0].detail;
  }
  if (job.result?.kind === 'file') return `File ${job.result.fileName}`;
  if (job.status === 'cancelled') return job.progress?.done ? `Cancelled after ${job.progress.done} of ${job.progress.total ?? '?'} records.` : 'Cancelled before it started.';
  if (job.status === 'interrupted') return 'Interrupted: the instance running it stopped.';
  if (job.result?.kind === 'expired') return 'The result expired.';
  return job.progress?.message ?? '';
}

async function cancelJob(job) {
  try {
    const updated = await api('POST', `/forest/jobs/${job.id}/cancel`);
    toast(`Cancellation of "${job.action}" asked.`, 'info');
    return updated;
  } catch (error) {
    toast(error.message, 'error');
    return null;
  }
}

async function downloadFrom(path, fallback) {
  const response = await send('GET', path);
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    toast(body?.errors?.[0]?.detail ?? `The download failed (${response.status}).`, 'error');
    return;
  }
  toast(`Downloaded ${await download(response, fallback)}.`, 'success');
}

async function showHtmlResult(job) {
  const response = await send('GET', `/forest/jobs/${job.id}/result`);
  if (!response.ok) { toast(`The result could not be read (${response.status}).`, 'error'); return; }
  await showHtml(job.action, await response.text(), job.status !== 'succeeded');
}

/** The buttons of an ended job: its result (file or HTML panel) and its per-record report. */
function resultButtons(job) {
  if (!isFinal(job)) return [];
  const buttons = [];
  if (job.result?.kind === 'file') {
    buttons.push(h('button', { type: 'button', onclick: () => downloadFrom(`/forest/jobs/${job.id}/result`, job.result.fileName) }, `Download ${job.result.fileName}`));
  } else if (job.result?.kind === 'html') {
    buttons.push(h('button', { type: 'button', onclick: () => showHtmlResult(job) }, 'Show result'));
  }
  if (job.collection && job.progress.done > 0) {
    buttons.push(h('button', { type: 'button', 'aria-label': `Report of ${job.action} (CSV)`, onclick: () => downloadFrom(`/forest/jobs/${job.id}/report.csv`, 'report.csv') }, 'Report (CSV)'));
  }
  return buttons;
}

/** At most this many job toasts are shown; the oldest finished one goes first. */
const MAX_JOB_TOASTS = 3;

/**
 * A finished job's toast closes by itself after a while, unless the pointer or the focus is in it (its result's
 * buttons stay usable); the oldest finished toasts go when there are too many.
 */
function closeLater(item) {
  item.dataset.finished = 'true';
  const attempt = () => {
    if (!item.isConnected) return;
    if (item.matches(':hover') || item.contains(document.activeElement)) { setTimeout(attempt, 5_000); return; }
    item.remove();
  };
  setTimeout(attempt, 20_000);
  const finished = [...document.querySelectorAll('#toasts .toast-job[data-finished=true]')];
  for (const old of finished.slice(0, Math.max(0, document.querySelectorAll('#toasts .toast-job').length - MAX_JOB_TOASTS))) old.remove();
}

/** Follows a job just queued in a toast: live progress bar, Cancel, then its outcome and result. */
export function trackJob(job, actionName, message) {
  const region = document.getElementById('toasts');
  const titleId = uid('job');
  const text = h('p', { class: 'job-text' }, message ?? `${actionName} started in the background.`);
  const barBox = h('div', { class: 'job-bar' });
  const buttons = h('div', { class: 'job-buttons' });
  const item = h('div', { class: 'toast toast-job', role: 'group', 'aria-labelledby': titleId, dataset: { job: job.id } },
    h('div', { class: 'job-body' }, h('strong', { id: titleId }, `Job: ${actionName}`), text, barBox, buttons),
    h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss notification', onclick: () => { stopped = true; item.remove(); } }, '×'));
  region.append(item);
  let stopped = false;
  let cancelling = false;

  const show = current => {
    clear(barBox).append(progressBar(current));
    if (isFinal(current)) {
      item.classList.add(current.status === 'succeeded' ? 'toast-success' : 'toast-error');
      text.textContent = `${actionName} ${current.status}. ${resultText(current)}`.trim();
      clear(buttons).append(...resultButtons(current));
    } else {
      text.textContent = `${current.status === 'queued' ? 'Queued' : 'Running'}: ${progressText(current)}`;
      clear(buttons).append(h('button', {
        type: 'button', disabled: cancelling, onclick: async () => { cancelling = true; const updated = await cancelJob(current); if (updated) show(updated); },
      }, cancelling ? 'Cancelling…' : 'Cancel'));
    }
  };

  const poll = async () => {
    if (stopped || !item.isConnected) return;
    try {
      const current = await api('GET', `/forest/jobs/${job.id}`);
      show(current);
      if (isFinal(current)) { refreshJobsBadge(); closeLater(item); return; }
    } catch (error) {
      if (error.status === 401 || error.status === 404) { item.remove(); return; }
    }
    setTimeout(poll, POLL_MS);
  };
  show({ ...job, action: actionName, progress: { done: 0, total: null, message: null } });
  refreshJobsBadge();
  setTimeout(poll, POLL_MS);
  return item;
}

let badgeTimer = null;

/** The number of the user's own jobs queued or running, next to "Jobs"; polled while there are some. */
export async function refreshJobsBadge() {
  clearTimeout(badgeTimer);
  if (await countBadge('jobs-badge', '/forest/jobs?filter=mine&status=queued,running&page[size]=1', 'running')) {
    badgeTimer = setTimeout(refreshJobsBadge, 3 * POLL_MS);
  }
}

let rendering = 0;

export async function renderJobs(main, admin, filters = {}, page = 1) {
  const generation = ++rendering;
  const scope = admin ? (filters.filter ?? 'all') : 'mine';
  const params = new URLSearchParams({ filter: scope, 'page[number]': page, 'page[size]': 25 });
  if (filters.status) params.set('status', filters.status);
  if (filters.action) params.set('action', filters.action);
  const result = await api('GET', `/forest/jobs?${params}`);
  const statusId = uid('status');
  const actionId = uid('action');
  const scopeId = uid('scope');
  const status = h('select', { id: statusId }, ['', ...STATUSES].map(s => h('option', { value: s, selected: s === (filters.status ?? '') }, s || 'Any status')));
  const action = h('input', { id: actionId, type: 'text', value: filters.action ?? '' });
  const scopeSelect = admin ? h('select', { id: scopeId }, [['all', 'Everyone'], ['mine', 'Mine']].map(([v, t]) => h('option', { value: v, selected: v === scope }, t))) : null;
  const pages = Math.max(1, Math.ceil(result.meta.count / 25));
  const rerender = () => { if (generation === rendering && main.isConnected && location.hash.startsWith('#/jobs')) renderJobs(main, admin, filters, page); };
  const rows = result.data.map(job => h('tr', { dataset: { job: job.id } },
    h('td', {}, job.action), h('td', {}, job.collection ?? '—'),
    admin ? h('td', {}, job.requester.email) : null,
    h('td', {}, h('span', { class: `status status-${job.status}` }, job.status)),
    h('td', {}, progressBar(job), ' ', h('span', { class: 'job-progress' }, progressText(job))),
    h('td', {}, new Date(job.createdAt).toLocaleString()),
    h('td', {}, duration(job)),
    h('td', {}, resultText(job)),
    h('td', {}, h('div', { class: 'job-buttons' }, isFinal(job)
      ? resultButtons(job)
      : h('button', { type: 'button', 'aria-label': `Cancel ${job.action}`, onclick: async () => { if (await cancelJob(job)) rerender(); } }, 'Cancel')))));
  clear(main).append(
    h('h1', {}, 'Jobs'),
    h('form', { class: 'filter-form', 'aria-label': 'Job filters', onsubmit: event => { event.preventDefault(); renderJobs(main, admin, { filter: scopeSelect?.value, status: status.value, action: action.value.trim() }); } },
      admin ? [h('label', { for: scopeId }, 'Jobs of'), scopeSelect] : null,
      h('label', { for: statusId }, 'Status'), status,
      h('label', { for: actionId }, 'Action'), action,
      h('button', { type: 'submit' }, 'Apply filters')),
    h('p', {}, `${result.meta.count} job${result.meta.count === 1 ? '' : 's'}.`),
    h('table', { class: 'table jobs' },
      h('caption', { class: 'visually-hidden' }, 'Jobs'),
      h('thead', {}, h('tr', {}, ['Action', 'Collection', admin ? 'Requester' : null, 'Status', 'Progress', 'Created', 'Duration', 'Result', ''].filter(t => t !== null).map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: admin ? 9 : 8, class: 'empty' }, 'No job.')))),
    h('nav', { class: 'pager', 'aria-label': 'Job pages' },
      h('button', { type: 'button', disabled: page <= 1, onclick: () => renderJobs(main, admin, filters, page - 1) }, 'Previous page'),
      h('span', {}, `Page ${page} of ${pages}`),
      h('button', { type: 'button', disabled: page >= pages, onclick: () => renderJobs(main, admin, filters, page + 1) }, 'Next page')));
  if (result.data.some(job => !isFinal(job))) setTimeout(rerender, 2 * POLL_MS);
}
