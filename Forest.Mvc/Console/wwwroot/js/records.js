// Collections: the records table (paging, sort, search, filters, segments, selection) and the record page.
import { api, collection, consoleData, download, errorMessage, layoutOf, readJson, recordName, schema, send } from './api.js';
import { h, append, clear, formatValue, label, toast, uid } from './dom.js';
import { ActionsMenu } from './actions.js';
import { FilterBuilder, parseConditions } from './filters.js';
import { choosable, columnChooser, initialColumns, pageSizePicker } from './columns.js';

const openTables = new Set();

/** The actions menu of the list or record on screen, for the command palette. */
export const onScreen = { menu: null };

/** Reloads the related-data tables of the given associations (an action's "refresh"), or every table. */
export function refreshTables(relationships) {
  for (const table of openTables) {
    if (!document.body.contains(table.element)) { openTables.delete(table); continue; }
    if (!relationships || (table.parent && relationships.includes(table.parent.association))) table.load();
  }
}

/** The name of a referenced record, from the list's "included" records (no request of its own). */
function referenceName(data, included, layouts) {
  const record = included?.get(`${data.type}/${data.id}`);
  return recordName(layouts.find(l => l.name === data.type), data.id, record?.attributes);
}

/** A table of records, optionally the related data of a parent record. */
export class RecordsTable {
  /**
   * @param params the view's state from the URL (search, page, size, sort, segment, filters) for a table that keeps
   * it there (the collection's page: Back, a reload or a shared link restore it); null for related data.
   */
  constructor(collectionName, { parent = null, title = label(collectionName), params = null } = {}) {
    this.collectionName = collectionName;
    this.parent = parent;
    this.title = title;
    this.params = params;
    this.page = Math.max(1, Number.parseInt(params?.get('page') ?? '1', 10) || 1);
    this.size = 15;
    this.sort = params?.get('sort') || null;
    this.search = params?.get('search') ?? '';
    this.segment = params?.get('segment') ?? '';
    this.filters = null;
    this.selection = { ids: new Set(), all: false, excluded: new Set() };
    this.element = h('section', { class: 'records', 'aria-label': title });
    openTables.add(this);
  }

  get basePath() {
    return this.parent
      ? `/forest/${this.parent.collection}/${encodeURIComponent(this.parent.id)}/relationships/${this.parent.association}`
      : `/forest/${this.collectionName}`;
  }

  query(withPage = true) {
    const params = new URLSearchParams();
    if (withPage) { params.set('page[number]', this.page); params.set('page[size]', this.size); }
    if (this.sort) params.set('sort', this.sort);
    if (this.search) params.set('search', this.search);
    if (this.segment) params.set('segment', this.segment);
    if (this.filters) params.set('filters', JSON.stringify(this.filters));
    params.set('timezone', Intl.DateTimeFormat().resolvedOptions().timeZone);
    return params;
  }

  /** The selection as the attributes of an action body (ids, or select-all with the list's query). */
  selectionAttributes() {
    const query = Object.fromEntries(this.query());
    return {
      collection_name: this.collectionName,
      ids: this.selection.all ? [] : [...this.selection.ids],
      all_records: this.selection.all,
      all_records_subset_query: this.selection.all ? query : {},
      all_records_ids_excluded: this.selection.all ? [...this.selection.excluded] : [],
      parent_collection_name: this.parent?.collection ?? null,
      parent_collection_id: this.parent?.id ?? null,
      parent_association_name: this.parent?.association ?? null,
    };
  }

  selectedCount() {
    return this.selection.all ? this.total - this.selection.excluded.size : this.selection.ids.size;
  }

  isSelected(id) {
    return this.selection.all ? !this.selection.excluded.has(id) : this.selection.ids.has(id);
  }

  async render() {
    this.schema = await collection(this.collectionName);
    const data = await consoleData();
    this.layouts = data.collections;
    this.layout = await layoutOf(this.collectionName);
    const preferences = data.preferences[this.collectionName];
    const urlSize = Number.parseInt(this.params?.get('size') ?? '', 10);
    this.size = data.pageSizes.includes(urlSize) ? urlSize : preferences?.pageSize ?? this.size;
    this.pageSizes = data.pageSizes;
    this.fields = choosable(this.schema, this.layout);
    this.columns = initialColumns(this.fields, preferences);
    const searchId = uid('search');
    const search = h('input', { id: searchId, type: 'search', placeholder: 'Search…', value: this.search });
    const segmentId = uid('segment');
    const segments = this.schema.segments.length
      ? [h('label', { for: segmentId, class: 'visually-hidden' }, 'Segment'),
        h('select', { id: segmentId, onchange: event => { this.segment = event.target.value; this.page = 1; this.resetSelection(); this.load(); } },
          h('option', { value: '' }, 'All records'),
          this.schema.segments.map(s => h('option', { value: s.name, selected: s.name === this.segment }, s.name)))]
      : [];
    this.filterBuilder = new FilterBuilder(this.schema, filters => { this.filters = filters; this.page = 1; this.resetSelection(); this.load(); }, parseConditions(this.params?.get('filters')));
    this.filters = this.filterBuilder.tree();
    this.actions = new ActionsMenu(this.collectionName, () => this.selectionAttributes(), () => this.selectedCount(), {
      // The action ran on the selection: it is cleared (a record it moved out of the list must not stay selected).
      onDone: result => { this.resetSelection(); this.load(); if (result?.refresh) refreshTables(result.refresh); },
      name: this.parent ? `Actions on ${this.title}` : 'Actions',
    });
    this.status = h('p', { class: 'selection-status', 'aria-live': 'polite' });
    this.body = h('div', { class: 'table-wrap' });
    this.pager = h('nav', { class: 'pager', 'aria-label': `${this.title} pages` });
    clear(this.element).append(
      h('div', { class: 'toolbar' },
        h('form', { class: 'search', role: 'search', onsubmit: event => { event.preventDefault(); this.search = search.value.trim(); this.page = 1; this.resetSelection(); this.load(); } },
          h('label', { for: searchId, class: 'visually-hidden' }, `Search ${this.title}`), search,
          h('button', { type: 'submit' }, 'Search')),
        segments,
        columnChooser(this),
        this.parent || !this.layout.canExport ? [] : h('button', { type: 'button', onclick: () => this.exportCsv() }, 'Export CSV'),
        this.layout.actions.length ? this.actions.element : []),
      this.filterBuilder.element,
      this.status,
      this.body,
      this.pager);
    await this.load();
    return this.element;
  }

  resetSelection() {
    this.selection = { ids: new Set(), all: false, excluded: new Set() };
  }

  /** Downloads the list (its filters, search, segment and sort; every page) as CSV; the server checks the export permission. */
  async exportCsv() {
    const response = await send('GET', `/forest/${this.collectionName}.csv?${this.query(false)}`);
    if (!response.ok) {
      toast(errorMessage(await readJson(response)) ?? `The export failed (${response.status}).`, 'error');
      return;
    }
    toast(`Exported ${await download(response, `${this.collectionName}.csv`)}.`, 'success');
  }

  /** Writes the view's state in the URL (without a new history entry): Back, a reload or a shared link restore it. */
  writeUrl() {
    if (!this.params) return;
    const state = new URLSearchParams();
    if (this.search) state.set('search', this.search);
    if (this.segment) state.set('segment', this.segment);
    if (this.filterBuilder.valid.length) state.set('filters', JSON.stringify(this.filterBuilder.valid.map(({ field, operator, value }) => ({ field, operator, value }))));
    if (this.sort) state.set('sort', this.sort);
    if (this.page > 1) state.set('page', String(this.page));
    if (this.size !== 15) state.set('size', String(this.size));
    const query = state.toString();
    history.replaceState(history.state, '', `#/c/${encodeURIComponent(this.collectionName)}${query ? `?${query}` : ''}`);
  }

  /** A list refused for its filters: each condition is checked alone, the refused ones are shown as not applied. */
  async rejectFilters(error) {
    const conditions = this.filterBuilder.valid;
    const refused = [];
    for (const condition of conditions) {
      const params = new URLSearchParams({ filters: JSON.stringify({ aggregator: 'and', conditions: [condition] }), timezone: Intl.DateTimeFormat().resolvedOptions().timeZone });
      try { await api('GET', `${this.basePath}/count?${params}`); } catch (failure) { if (failure.status === 400) refused.push([this.filterBuilder.conditions.indexOf(condition), failure.message]); }
    }
    if (!refused.length) return false;
    this.filterBuilder.markInvalid(refused);
    this.filters = this.filterBuilder.tree();
    toast(`${refused.length === 1 ? 'A filter was' : `${refused.length} filters were`} not applied: ${error.message}`, 'error');
    return true;
  }

  async load() {
    this.writeUrl();
    this.body.setAttribute('aria-busy', 'true');
    try {
      const [list, count] = await Promise.all([
        api('GET', `${this.basePath}?${this.query()}`),
        api('GET', `${this.basePath}/count?${this.query(false)}`),
      ]);
      this.records = list.data;
      this.included = new Map((list.included ?? []).map(record => [`${record.type}/${record.id}`, record]));
      this.total = count.count;
      this.renderTable();
    } catch (error) {
      if (error.status === 400 && this.filters && await this.rejectFilters(error)) { this.load(); return; }
      if (error.status !== 401) toast(error.message, 'error');
    } finally {
      this.body.removeAttribute('aria-busy');
    }
  }

  renderTable() {
    // The table is drawn again: the control that had the focus (a checkbox, a sort button) gets it back.
    const focused = this.body.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    this.drawTable();
    if (focused) this.body.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
  }

  drawTable() {
    const pageIds = this.records.map(r => r.id);
    const allOnPage = pageIds.length > 0 && pageIds.every(id => this.isSelected(id));
    const headerBox = h('input', {
      type: 'checkbox', 'aria-label': 'Select all records of this page', checked: allOnPage, dataset: { focusKey: 'page' },
      onchange: event => { for (const id of pageIds) this.toggle(id, event.target.checked); this.renderTable(); },
    });
    const header = h('tr', {}, h('th', { scope: 'col', class: 'select' }, headerBox),
      this.columns.map(field => {
        const key = this.sortKey(field);
        const sorted = !key ? 'none' : this.sort === key ? 'ascending' : this.sort === `-${key}` ? 'descending' : 'none';
        return h('th', { scope: 'col', 'aria-sort': sorted },
          key
            ? h('button', { type: 'button', class: 'sort', dataset: { focusKey: `sort:${field.field}` }, onclick: () => { this.sort = sorted === 'ascending' ? `-${key}` : key; this.page = 1; this.load(); } }, label(field.field))
            : label(field.field));
      }));
    const rows = this.records.map(record => {
      const box = h('input', { type: 'checkbox', 'aria-label': `Select record ${record.id}`, checked: this.isSelected(record.id), dataset: { focusKey: `select:${record.id}` }, onchange: event => { this.toggle(record.id, event.target.checked); this.renderTable(); } });
      return h('tr', { 'aria-selected': this.isSelected(record.id) ? 'true' : 'false' },
        h('td', { class: 'select' }, box),
        this.columns.map((field, index) => h('td', {}, this.cell(record, field, index === 0 || field.field === this.layout.referenceField))));
    });
    clear(this.body).append(h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, this.title),
      h('thead', {}, header),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: this.columns.length + 1, class: 'empty' }, 'No records.')))));
    this.renderStatus(allOnPage);
    this.renderPager();
  }

  /** What a column sorts on: the field, a reference's reference field (relation.field), or nothing. */
  sortKey(field) {
    if (!field.relationship) return field.field;
    if (field.relationship !== 'BelongsTo') return null;
    const target = this.layouts.find(l => l.name === field.reference?.split('.')[0]);
    return target?.referenceField ? `${field.field}.${target.referenceField}` : null;
  }

  cell(record, field, isKey) {
    if (field.relationship === 'BelongsTo') {
      const data = record.relationships?.[field.field]?.data;
      if (!data) return '—';
      return h('a', { href: `#/c/${data.type}/${encodeURIComponent(data.id)}` }, referenceName(data, this.included, this.layouts));
    }

    const value = formatValue(record.attributes[field.field]);
    return isKey ? h('a', { href: `#/c/${this.collectionName}/${encodeURIComponent(record.id)}` }, value) : value;
  }

  toggle(id, on) {
    if (this.selection.all) {
      if (on) this.selection.excluded.delete(id); else this.selection.excluded.add(id);
    } else if (on) this.selection.ids.add(id);
    else this.selection.ids.delete(id);
  }

  renderStatus(allOnPage) {
    const count = this.selectedCount();
    const parts = [];
    if (this.selection.all) {
      parts.push(`All ${count} matching records are selected${this.selection.excluded.size ? ` (${this.selection.excluded.size} unticked)` : ''}.`);
      parts.push(h('button', { type: 'button', class: 'link', onclick: () => { this.resetSelection(); this.renderTable(); } }, 'Clear selection'));
    } else {
      parts.push(count ? `${count} selected.` : `${this.total} ${this.total === 1 ? 'record' : 'records'}.`);
      if (allOnPage && this.total > this.records.length) {
        parts.push(h('button', { type: 'button', class: 'link', onclick: () => { this.selection = { ids: new Set(), all: true, excluded: new Set() }; this.renderTable(); } }, `Select all ${this.total} matching`));
      }
    }

    clear(this.status).append(...parts.flatMap(p => [p, ' ']));
  }

  renderPager() {
    const pages = Math.max(1, Math.ceil(this.total / this.size));
    clear(this.pager).append(
      h('button', { type: 'button', disabled: this.page <= 1, onclick: () => { this.page -= 1; this.load(); } }, 'Previous page'),
      h('span', { class: 'page-info' }, `Page ${this.page} of ${pages}`),
      h('button', { type: 'button', disabled: this.page >= pages, onclick: () => { this.page += 1; this.load(); } }, 'Next page'),
      pageSizePicker(this, this.pageSizes));
  }
}

export async function renderCollection(main, name, params = new URLSearchParams()) {
  const table = new RecordsTable(name, { params });
  onScreen.menu = table.actions ?? null;
  document.title = `${label(name)} · Forest.Mvc admin`;
  clear(main).append(h('h1', {}, label(name)), await table.render());
  onScreen.menu = table.actions;
}

export async function renderRecord(main, collectionName, id, openAssociation) {
  const schemaCollection = await collection(collectionName);
  const layout = await layoutOf(collectionName);
  const layouts = (await consoleData()).collections;
  const answer = await api('GET', `/forest/${collectionName}/${encodeURIComponent(id)}`);
  const record = answer.data;
  const included = new Map((answer.included ?? []).map(r => [`${r.type}/${r.id}`, r]));
  const name = recordName(layout, id, record.attributes);
  const details = h('dl', { class: 'details' });
  for (const field of choosable(schemaCollection, layout)) {
    let value;
    if (field.relationship) {
      const data = record.relationships?.[field.field]?.data;
      value = data ? h('a', { href: `#/c/${data.type}/${encodeURIComponent(data.id)}` }, referenceName(data, included, layouts)) : '—';
    } else value = formatValue(record.attributes[field.field]);
    details.append(h('dt', {}, label(field.field)), h('dd', {}, value));
  }

  const actions = new ActionsMenu(collectionName, () => ({ collection_name: collectionName, ids: [id], all_records: false }), () => 1, {
    onDone: result => { if (result?.refresh) refreshTables(result.refresh); else renderRecord(main, collectionName, id, currentTab()); },
  });
  onScreen.menu = actions;
  const related = schemaCollection.fields.filter(f => f.relationship === 'HasMany' || f.relationship === 'BelongsToMany');
  const tabs = h('div', { role: 'tablist', 'aria-label': 'Related data' });
  const panel = h('div', { role: 'tabpanel', class: 'tabpanel' });
  let current = null;
  const currentTab = () => current;
  async function open(field) {
    current = field.field;
    history.replaceState(history.state, '', `#/c/${encodeURIComponent(collectionName)}/${encodeURIComponent(id)}/${encodeURIComponent(field.field)}`);
    for (const tab of tabs.children) tab.setAttribute('aria-selected', tab.dataset.association === field.field ? 'true' : 'false');
    panel.setAttribute('aria-label', label(field.field));
    const table = new RecordsTable(field.reference.split('.')[0], { parent: { collection: collectionName, id, association: field.field }, title: label(field.field) });
    clear(panel).append(await table.render());
  }

  for (const field of related) {
    tabs.append(h('button', { type: 'button', role: 'tab', dataset: { association: field.field }, 'aria-selected': 'false', onclick: () => open(field) }, label(field.field)));
  }

  append(clear(main), [
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('a', { href: `#/c/${collectionName}` }, label(collectionName)), ' › ', h('span', { 'aria-current': 'page' }, name)),
    h('div', { class: 'record-header' }, h('h1', {}, name), layout.actions.length ? actions.element : null),
    details,
    related.length ? h('section', { class: 'related', 'aria-label': 'Related data' }, h('h2', {}, 'Related data'), tabs, panel) : null]);
  document.title = `${name} · ${label(collectionName)} · Forest.Mvc admin`;
  const initial = related.find(f => f.field === openAssociation) ?? related[0];
  if (initial) await open(initial);
  await schema();
}
