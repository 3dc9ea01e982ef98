// A condition of the settings (when an action is enabled, may be triggered, needs or may get an approval): shown as
// a sentence, edited in a dialog with a small builder (all or any of: field, operator, value) or as JSON, for trees
// the builder cannot show (nested groups, fields of related records).
import { h, label, openDialog, uid } from './dom.js';
import { operatorsFor, typedValue } from './filters.js';

function describe(condition) {
  if (!condition) return 'Always';
  const leaf = c => `${label(c.field)} ${c.operator.replace(/_/g, ' ')}${c.value === null || c.value === undefined ? '' : ` ${Array.isArray(c.value) ? c.value.join(', ') : c.value}`}`;
  if (condition.field) return leaf(condition);
  const parts = (condition.conditions ?? []).map(c => (c.field ? leaf(c) : '(…)'));
  return parts.join(condition.aggregator === 'or' ? ' or ' : ' and ') || 'Always';
}

/** The rows of the builder for a condition it can show (a leaf, or one group of leaves on known fields); else null. */
function rowsOf(condition, fields) {
  if (!condition) return { aggregator: 'and', rows: [] };
  const leaves = condition.field ? [condition] : condition.conditions;
  if (!Array.isArray(leaves) || leaves.some(c => !c.field || !fields.some(f => f.field === c.field))) return null;
  return { aggregator: condition.aggregator === 'or' ? 'or' : 'and', rows: leaves.map(c => ({ ...c })) };
}

/** The cell of a condition: its sentence and an Edit button. value() gives the condition (null for none). */
export function conditionField(fields, initial, name) {
  let condition = initial ?? null;
  const summary = h('span', { class: 'condition-summary' }, describe(condition));
  const element = h('div', { class: 'condition-field' }, summary,
    h('button', { type: 'button', class: 'link', 'aria-label': `Edit ${name}`, onclick: () => edit() }, 'Edit'));

  async function edit() {
    const edited = await editCondition(fields, condition, name);
    if (edited === undefined) return;
    condition = edited;
    summary.textContent = describe(condition);
    element.dispatchEvent(new Event('change', { bubbles: true }));
  }

  return { element, value: () => condition };
}

/** The dialog: resolves the new condition (null for none), or undefined when cancelled. */
function editCondition(fields, condition, name) {
  let result;
  return openDialog(name, (container, close) => {
    const shown = rowsOf(condition, fields);
    const state = shown ?? { aggregator: 'and', rows: [] };
    const aggregatorId = uid('aggregator');
    const aggregator = h('select', { id: aggregatorId }, h('option', { value: 'and', selected: state.aggregator === 'and' }, 'all of'), h('option', { value: 'or', selected: state.aggregator === 'or' }, 'any of'));
    const rows = h('div', { class: 'condition-rows' });
    const json = h('textarea', { class: 'code', rows: 6, 'aria-label': `${name} as JSON` }, condition ? JSON.stringify(condition, null, 2) : '');
    const error = h('p', { class: 'form-error', role: 'alert' });
    const builder = h('div', { class: 'condition-builder', hidden: !shown },
      h('p', {}, h('label', { for: aggregatorId }, 'Records match '), aggregator),
      rows,
      h('button', { type: 'button', onclick: () => addRow({ field: fields[0]?.field, operator: 'equal', value: '' }) }, 'Add a condition'));
    const jsonBox = h('div', { hidden: Boolean(shown) }, json);
    const toggle = h('button', { type: 'button', class: 'link', onclick: () => switchMode() }, shown ? 'Edit as JSON' : 'Edit with the builder');

    function addRow(leaf) {
      const field = h('select', { 'aria-label': 'Field' }, fields.map(f => h('option', { value: f.field, selected: f.field === leaf.field }, label(f.field))));
      const operator = h('select', { 'aria-label': 'Operator' });
      const value = h('input', { type: 'text', 'aria-label': 'Value', value: Array.isArray(leaf.value) ? leaf.value.join(', ') : (leaf.value ?? '') });
      const refresh = () => operator.replaceChildren(...operatorsFor(fields.find(f => f.field === field.value)).map(o => h('option', { value: o, selected: o === leaf.operator }, o.replace(/_/g, ' '))));
      field.addEventListener('change', refresh);
      refresh();
      const row = h('div', { class: 'condition-row' }, field, operator, value, h('button', { type: 'button', class: 'link', 'aria-label': 'Remove this condition', onclick: () => row.remove() }, '×'));
      row.read = () => { const f = fields.find(x => x.field === field.value); return { field: f.field, operator: operator.value, value: typedValue(f, operator.value, value.value) }; };
      rows.append(row);
    }

    const fromBuilder = () => {
      const leaves = [...rows.children].map(r => r.read());
      if (!leaves.length) return null;
      return leaves.length === 1 ? leaves[0] : { aggregator: aggregator.value, conditions: leaves };
    };
    const fromJson = () => {
      if (!json.value.trim()) return null;
      try { return JSON.parse(json.value); } catch { throw new Error('This is not valid JSON.'); }
    };
    function switchMode() {
      error.textContent = '';
      try {
        if (builder.hidden) {
          const parsed = rowsOf(fromJson(), fields);
          if (!parsed) { error.textContent = 'The builder shows one group of conditions on the fields of this collection: keep editing the JSON.'; return; }
          rows.replaceChildren();
          aggregator.value = parsed.aggregator;
          parsed.rows.forEach(addRow);
        } else {
          const built = fromBuilder();
          json.value = built ? JSON.stringify(built, null, 2) : '';
        }
        builder.hidden = !builder.hidden;
        jsonBox.hidden = !jsonBox.hidden;
        toggle.textContent = builder.hidden ? 'Edit with the builder' : 'Edit as JSON';
      } catch (failure) { error.textContent = failure.message; }
    }

    state.rows.forEach(addRow);
    container.append(builder, jsonBox, toggle, error,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', onclick: () => close('cancel') }, 'Cancel'),
        h('button', { type: 'button', class: 'primary', onclick: () => {
          try { result = builder.hidden ? fromJson() : fromBuilder(); close('done'); } catch (failure) { error.textContent = failure.message; }
        } }, 'Done')));
  }, { wide: true }).then(answer => (answer === 'done' ? result : undefined));
}
