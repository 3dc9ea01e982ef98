// Names of records in lists that hold ids (approvals, the activity log): the first few ids of each list are read in
// one request per collection (only its reference field), then shown as "Acme, Globex and 97 more".
import { api, collection, layoutOf, recordName } from './api.js';

const SHOWN = 3;

/** The text of a list of records, with the names known so far (the ids of the others). */
function text(ids, names) {
  const shown = ids.slice(0, SHOWN).map(id => names.get(String(id)) ?? `#${id}`);
  return ids.length > SHOWN ? `${shown.join(', ')} and ${ids.length - SHOWN} more` : shown.join(', ');
}

/**
 * Writes the names of the records of each list into its element: lists are [{ element, collection, ids }]. The
 * element first shows the ids, then the names once they are read; a record the user may not see keeps its id.
 */
export async function showRecordNames(lists) {
  const wanted = new Map();
  for (const list of lists) {
    list.element.textContent = list.ids.length ? text(list.ids, new Map()) : list.element.textContent;
    if (!list.collection || !list.ids.length) continue;
    const ids = wanted.get(list.collection) ?? new Set();
    for (const id of list.ids.slice(0, SHOWN)) ids.add(String(id));
    wanted.set(list.collection, ids);
  }

  const names = new Map();
  await Promise.all([...wanted].map(async ([name, ids]) => {
    try {
      const [layout, schemaCollection] = await Promise.all([layoutOf(name), collection(name)]);
      const key = schemaCollection.fields.find(f => f.isPrimaryKey)?.field;
      if (!layout.referenceField || !key) return;
      const query = new URLSearchParams({
        'page[size]': String(ids.size),
        filters: JSON.stringify({ field: key, operator: 'in', value: [...ids] }),
        [`fields[${name}]`]: layout.referenceField,
      });
      const found = new Map();
      for (const record of (await api('GET', `/forest/${encodeURIComponent(name)}?${query}`)).data) found.set(String(record.id), recordName(layout, record.id, record.attributes));
      names.set(name, found);
    } catch {
      // The ids stay shown.
    }
  }));
  for (const list of lists) {
    if (list.ids.length) list.element.textContent = text(list.ids, names.get(list.collection) ?? new Map());
  }
}
