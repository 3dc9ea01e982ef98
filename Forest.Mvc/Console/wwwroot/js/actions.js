// The actions menu of a selection, the action's form (with its load/change hooks) and every kind of result.
import { api, collection, download, errorMessage, layoutOf, readJson, send } from './api.js';
import { h, clear, keepOnScreen, label, openDialog, toast, uid } from './dom.js';
import { fieldWidget } from './fields.js';
import { arrange, pageIsValid } from './layout.js';
import { trackJob } from './jobs.js';
import { navigateInside } from './nav.js';
import { showHtml } from './panels.js';

/** The "Actions" button: lists the actions the user may see, enabled or not for the current selection. */
export class ActionsMenu {
  constructor(collectionName, selection, count, { onDone, name = 'Actions' } = {}) {
    this.collectionName = collectionName;
    this.selection = selection;
    this.count = count;
    this.onDone = onDone;
    const menuId = uid('menu');
    this.button = h('button', { type: 'button', class: 'primary', 'aria-label': name, 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': menuId, onclick: () => this.toggle() }, 'Actions');
    this.menu = h('div', { id: menuId, role: 'menu', class: 'menu', hidden: true, 'aria-label': name });
    this.element = h('div', { class: 'actions', onkeydown: event => this.keys(event) }, this.button, this.menu);
    document.addEventListener('click', event => { if (!this.element.contains(event.target)) this.close(); });
  }

  close() {
    this.menu.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
  }

  async toggle() {
    if (!this.menu.hidden) { this.close(); return; }
    clear(this.menu).append(h('p', { class: 'menu-note', role: 'none' }, 'Loading…'));
    this.menu.hidden = false;
    keepOnScreen(this.menu);
    this.button.setAttribute('aria-expanded', 'true');
    try {
      const state = await api('POST', `/forest/${this.collectionName}/actions?timezone=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}`, { data: { attributes: this.selection() } });
      const visible = state.actions.filter(a => a.visible);
      this.layout = await layoutOf(this.collectionName);
      clear(this.menu).append(...(visible.length ? visible.map(action => this.item(action)) : [h('p', { class: 'menu-note', role: 'none' }, 'No action available.')]));
      keepOnScreen(this.menu);
      this.menu.querySelector('[role=menuitem]:not([aria-disabled=true])')?.focus();
    } catch (error) {
      clear(this.menu).append(h('p', { class: 'menu-note', role: 'none' }, error.message));
    }
  }

  item(action) {
    const reasonId = uid('reason');
    const destructive = this.layout?.destructiveActions?.includes(action.name);
    return h('div', { class: 'menu-entry', role: 'none' },
      h('button', {
        type: 'button', role: 'menuitem', class: destructive ? 'danger' : null, 'aria-disabled': action.enabled ? null : 'true', 'aria-describedby': action.enabled ? null : reasonId,
        // The dialog gives the focus back to the Actions button (the menu item is hidden by then).
        onclick: () => { if (!action.enabled) return; this.button.focus(); this.close(); this.run(action); },
      }, action.name, action.requiresApproval ? h('span', { class: 'tag' }, ' needs approval') : null),
      action.enabled ? null : h('span', { id: reasonId, class: 'menu-reason' }, action.disabledReason));
  }

  keys(event) {
    const items = [...this.menu.querySelectorAll('[role=menuitem]')];
    const index = items.indexOf(document.activeElement);
    if (event.key === 'Escape') { this.close(); this.button.focus(); }
    if (event.key === 'ArrowDown') { event.preventDefault(); items[(index + 1) % items.length]?.focus(); }
    if (event.key === 'ArrowUp') { event.preventDefault(); items[(index - 1 + items.length) % items.length]?.focus(); }
  }

  /** Runs the action of this name on the selection, if the server says it is enabled for it (else says why). */
  async runByName(name) {
    const tz = encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone);
    try {
      const state = (await api('POST', `/forest/${this.collectionName}/actions?timezone=${tz}`, { data: { attributes: this.selection() } })).actions.find(a => a.name === name);
      if (!state?.visible) toast(`${name} is not available here.`, 'error');
      else if (!state.enabled) toast(`${name}: ${state.disabledReason ?? 'not available for this selection.'}`, 'error');
      else { this.button.focus(); await this.run(state); }
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  async run(state) {
    const schemaAction = (await collection(this.collectionName)).actions.find(a => a.name === state.name);
    const destructive = (await layoutOf(this.collectionName)).destructiveActions?.includes(state.name) ?? false;
    await runAction(schemaAction, this.selection(), this.count(), this.onDone, { requiresApproval: state.requiresApproval, destructive, collectionName: this.collectionName });
  }
}

/** "company" for one record of companies, "companies" for several (English plurals: -ies, -ses, -s). */
function noun(collectionName, count) {
  const plural = label(collectionName).toLowerCase();
  if (count !== 1) return plural;
  return plural.replace(/ies$/, 'y').replace(/ses$/, 's').replace(/s$/, '');
}

/** What the submit button says: the declared label, else what will happen ("Suspend 87 companies", "Request approval"). */
function submitLabel(action, fields, count, { requiresApproval, destructive, collectionName }) {
  if (action.submitButtonLabel) return action.submitButtonLabel;
  if (requiresApproval) return 'Request approval';
  if (destructive && action.type !== 'global') return `${action.name} ${count} ${noun(collectionName, count)}`;
  return fields.length ? 'Submit' : `Run ${action.name}`;
}

/**
 * Opens the action's form (or a confirmation), submits it and shows the result. A destructive action is styled and
 * worded as such; an action this user may only request says so before anything is sent.
 */
export async function runAction(action, attributes, count, onDone, how = {}) {
  const options = { requiresApproval: false, destructive: false, collectionName: attributes.collection_name ?? '', ...how };
  const body = extra => ({ data: { type: 'custom-action-requests', attributes: { ...attributes, ...extra, smart_action_id: action.id } } });
  const tz = encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone);
  let fields = action.fields;
  let layout = action.layout ?? [];
  if (action.hooks.load) {
    try {
      ({ fields, layout = [] } = await api('POST', `${action.endpoint}/hooks/load?timezone=${tz}`, { data: { type: 'custom-action-hook-requests', attributes: { ...attributes, values: {} } } }));
    } catch (error) {
      toast(error.message, 'error');
      return;
    }
  }

  await openDialog(action.name, (container, close) => {
    let widgets = [];
    const formError = h('p', { class: 'form-error', role: 'alert' });
    const fieldsBox = h('div', { class: 'fields' });
    const submit = h('button', { type: 'submit', class: options.destructive ? 'danger' : 'primary' }, submitLabel(action, fields, count, options));
    const back = h('button', { type: 'button', onclick: () => showPage(pageIndex - 1) }, 'Back');
    const next = h('button', { type: 'button', class: 'primary', onclick: async () => { if (await pageIsValid(pages[pageIndex])) showPage(pageIndex + 1); } }, 'Next');
    const steps = h('ol', { class: 'steps', 'aria-label': 'Steps' });
    let pages = null;
    let pageIndex = 0;
    const values = async () => Object.fromEntries(await Promise.all(widgets.map(async w => [w.field.field, await w.value()])));

    // A multi-page form shows one page at a time: Next checks the page's fields, Back keeps every value.
    const showPage = index => {
      pageIndex = Math.max(0, Math.min(index, (pages?.length ?? 1) - 1));
      const multi = Boolean(pages);
      steps.hidden = !multi;
      back.hidden = !multi || pageIndex === 0;
      next.hidden = !multi || pageIndex === pages.length - 1;
      submit.hidden = multi && pageIndex < pages.length - 1;
      if (!multi) return;
      pages.forEach((page, i) => { page.element.hidden = i !== pageIndex; });
      back.textContent = pages[pageIndex].page.previousButtonLabel ?? 'Back';
      next.textContent = pages[pageIndex].page.nextButtonLabel ?? 'Next';
      clear(steps).append(...pages.map((_, i) => h('li', { 'aria-current': i === pageIndex ? 'step' : null, class: i < pageIndex ? 'done' : null }, `Step ${i + 1} of ${pages.length}`)));
    };

    const renderFields = (list, newLayout = layout) => {
      layout = newLayout ?? [];
      widgets = list.map(field => fieldWidget(field, changed => onChange(changed), onSearch));
      const arranged = arrange(layout, widgets);
      pages = arranged.pages ?? null;
      clear(fieldsBox).append(...(pages ? pages.map(p => p.element) : [arranged.element]));
      showPage(pageIndex);
    };

    // A searchable dropdown asks the field's search hook for options as the user types.
    const onSearch = async (name, text) => {
      const current = await values();
      const payload = widgets.map(w => ({ ...w.field, value: current[w.field.field] ?? null, searchValue: w.field.field === name ? text : null }));
      try {
        const answer = await api('POST', `${action.endpoint}/hooks/search?timezone=${tz}`, { data: { type: 'custom-action-hook-requests', attributes: { ...attributes, fields: payload, search_field: name, values: current } } });
        return answer.fields.find(f => f.field === name)?.widgetEdit?.parameters?.static?.options ?? [];
      } catch (error) { formError.textContent = error.message; return []; }
    };

    const onChange = async changed => {
      const current = await values();
      const payload = widgets.map(w => ({ ...w.field, value: current[w.field.field] ?? null }));
      try {
        const answer = await api('POST', `${action.endpoint}/hooks/change?timezone=${tz}`, { data: { type: 'custom-action-hook-requests', attributes: { ...attributes, fields: payload, changed_field: changed, values: current } } });
        renderFields(answer.fields, answer.layout);
        widgets.find(w => w.field.field === changed)?.element.querySelector('input,select,textarea')?.focus();
      } catch (error) { formError.textContent = error.message; }
    };

    const form = h('form', {
      class: 'action-form',
      'aria-busy': 'false',
      onsubmit: async event => {
        event.preventDefault();
        if (submit.disabled) return;
        if (pages && pageIndex < pages.length - 1) {
          if (await pageIsValid(pages[pageIndex])) showPage(pageIndex + 1);
          return;
        }
        submit.disabled = true;
        form.setAttribute('aria-busy', 'true');
        submit.textContent = 'Running…';
        formError.textContent = '';
        widgets.forEach(w => w.setError(null));
        try {
          const response = await send(action.httpMethod ?? 'POST', `${action.endpoint}?timezone=${tz}`, body({ values: await values() }));
          const outcome = await handleResult(action, response, { widgets, formError });
          if (outcome.close) { close('done'); onDone?.(outcome); }
          else if (pages) {
            const invalid = pages.findIndex(p => p.element.querySelector('.invalid'));
            if (invalid >= 0) showPage(invalid);
          }
        } catch (error) {
          if (error.status !== 401) formError.textContent = error.message;
        } finally {
          submit.disabled = false;
          form.setAttribute('aria-busy', 'false');
          submit.textContent = submitLabel(action, fields, count, options);
        }
      },
    },
    action.description ? h('p', { class: 'description' }, action.description) : null,
    fields.length ? null : h('p', { class: options.destructive ? 'confirm-danger' : null }, action.type === 'global' ? `Run "${action.name}"?`
      : options.destructive ? `${action.name} ${count} ${noun(options.collectionName, count)}?` : `Run "${action.name}" on ${count} record${count === 1 ? '' : 's'}?`),
    options.requiresApproval ? h('p', { class: 'approval-note' }, 'This does not run now: it sends a request for approval, and runs once a reviewer approves it.') : null,
    steps, fieldsBox, formError,
    h('div', { class: 'dialog-actions' }, h('button', { type: 'button', onclick: () => close('cancel') }, 'Cancel'), back, next, submit));
    container.append(form);
    renderFields(fields, layout);
  }, { wide: action.fields.length > 0 });
}

/** Shows any answer of an action: notification, HTML panel, download, webhook, redirect, approval, field errors. */
export async function handleResult(action, response, { widgets = [], formError } = {}) {
  const type = response.headers.get('Content-Type') ?? '';
  if (response.ok && action.download && !type.includes('json')) {
    const name = await download(response, 'download');
    toast(`Downloaded ${name}.`, 'success');
    return { close: true };
  }

  if (response.status === 204) {
    toast('Action completed.', 'success');
    return { close: true };
  }

  const data = await readJson(response) ?? {};
  if (response.ok && data.job?.id) {
    trackJob(data.job, action.name, data.success);
    return { close: true, job: data.job.id };
  }

  if (response.ok) {
    if (data.webhook) await fireWebhook(data.webhook);
    if (data.html) await showHtml(action.name, data.html, false);
    if (data.success !== undefined && !data.html) toast(data.success || 'Action completed.', 'success');
    if (data.redirectTo) redirect(data.redirectTo);
    if (!data.webhook && !data.html && data.success === undefined && !data.redirectTo) toast('Action completed.', 'success');
    return { close: true, refresh: data.refresh?.relationships ?? null };
  }

  if (response.status === 400 && data.html) {
    await showHtml(action.name, data.html, true);
    return { close: false };
  }

  if (response.status === 400 && data.errors && !Array.isArray(data.errors)) {
    for (const [name, messages] of Object.entries(data.errors)) {
      const widget = widgets.find(w => w.field.field === name);
      if (widget) widget.setError(messages.join(' '));
    }
    if (formError) formError.textContent = 'Some values are not valid: see the fields.';
    return { close: false };
  }

  const error = Array.isArray(data.errors) ? data.errors[0] : null;
  if (response.status === 403 && error?.name === 'CustomActionRequiresApprovalError') {
    toast(`Approval requested: "${action.name}" will run once a reviewer approves it.`, 'info');
    return { close: true, approval: error.data?.approvalRequestId };
  }

  toast(errorMessage(data) ?? `The action failed (${response.status}).`, 'error');
  return { close: typeof data.error === 'string' };
}

function redirect(target) {
  if (/^https?:\/\//i.test(target)) {
    window.open(target, '_blank', 'noopener,noreferrer');
  } else if (target.startsWith('/') && !target.startsWith('//')) {
    navigateInside(target);
  }
}

async function fireWebhook(webhook) {
  if (!/^https?:\/\//i.test(webhook.url)) { toast('The webhook address was refused: not an http(s) URL.', 'error'); return; }
  try {
    const method = (webhook.method ?? 'POST').toUpperCase();
    const response = await fetch(webhook.url, {
      method,
      headers: { 'Content-Type': 'application/json', ...(webhook.headers ?? {}) },
      body: method === 'GET' ? undefined : JSON.stringify(webhook.body ?? {}),
    });
    toast(response.ok ? 'Webhook sent.' : `The webhook answered ${response.status}.`, response.ok ? 'success' : 'error');
  } catch {
    toast('The webhook could not be sent (blocked by the browser or unreachable).', 'error');
  }
}
