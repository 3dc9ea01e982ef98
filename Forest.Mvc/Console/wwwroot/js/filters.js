// A small filter builder producing a Forest condition tree (every condition must match).
import { h, clear, label, uid } from './dom.js';

const OPERATORS = {
  String: ['equal', 'not_equal', 'contains', 'not_contains', 'starts_with', 'ends_with', 'in', 'present', 'blank'],
  Number: ['equal', 'not_equal', 'greater_than', 'less_than', 'in', 'present', 'blank'],
  Boolean: ['equal'],
  Enum: ['equal', 'not_equal', 'in', 'present', 'blank'],
  Date: ['before', 'after', 'today', 'yesterday', 'previous_x_days', 'past', 'future', 'present', 'blank'],
  Dateonly: ['before', 'after', 'today', 'yesterday', 'previous_x_days', 'past', 'future', 'present', 'blank'],
  Time: ['equal', 'before', 'after', 'present', 'blank'],
};

export const NO_VALUE = new Set(['present', 'blank', 'today', 'yesterday', 'past', 'future']);

/** The operators a field accepts, by its Forest type (a reference compares its id). */
export function operatorsFor(field) {
  const type = field.relationship === 'BelongsTo' ? 'Number' : (Array.isArray(field.type) ? 'String' : field.type);
  return OPERATORS[type] ?? OPERATORS.String;
}

/** A value typed as text, as the field's type wants it (a list for in, a number, a boolean). */
export function typedValue(field, operator, text) {
  if (NO_VALUE.has(operator)) return null;
  if (operator === 'in' || operator === 'not_in') return text.split(',').map(v => v.trim()).filter(Boolean);
  const type = field.relationship === 'BelongsTo' ? 'Number' : field.type;
  if (type === 'Boolean') return text === 'true' || text === 'yes';
  if (type === 'Number' && text !== '') return Number(text);
  return text;
}

/** The conditions of a filters parameter (a JSON list, as the console's URL holds them); anything else is none. */
export function parseConditions(text) {
  try {
    const list = JSON.parse(text ?? '[]');
    return Array.isArray(list) ? list.filter(c => c && typeof c.field === 'string' && typeof c.operator === 'string').slice(0, 20) : [];
  } catch {
    return [];
  }
}

export class FilterBuilder {
  constructor(schemaCollection, onChange, initial = []) {
    this.fields = schemaCollection.fields.filter(f => !f.relationship || f.relationship === 'BelongsTo');
    this.onChange = onChange;
    this.conditions = initial.map(c => ({ field: c.field, operator: c.operator, value: c.value ?? null }));
    this.element = h('details', { class: 'filters' }, h('summary', {}, 'Filters'));
    this.render();
    this.element.open = this.conditions.length > 0; // filters from the URL are shown
  }

  render() {
    const fieldId = uid('filter-field');
    const operatorId = uid('filter-operator');
    const valueId = uid('filter-value');
    const fieldSelect = h('select', { id: fieldId }, this.fields.map(f => h('option', { value: f.field }, label(f.field))));
    const operatorSelect = h('select', { id: operatorId });
    const value = h('input', { id: valueId, type: 'text' });
    const refreshOperators = () => {
      const field = this.fields.find(f => f.field === fieldSelect.value);
      clear(operatorSelect).append(...operatorsFor(field).map(o => h('option', { value: o }, o.replace(/_/g, ' '))));
    };
    fieldSelect.addEventListener('change', refreshOperators);
    refreshOperators();
    const chips = h('ul', { class: 'chips', 'aria-label': 'Active filters' }, this.conditions.map((c, index) =>
      h('li', { class: c.error ? 'chip chip-invalid' : 'chip' }, `${label(c.field)} ${c.operator.replace(/_/g, ' ')} ${c.value ?? ''}`,
        c.error ? h('span', { class: 'chip-error' }, ` (not applied: ${c.error})`) : null,
        h('button', { type: 'button', class: 'link', 'aria-label': `Remove filter ${label(c.field)} ${c.operator}`, onclick: () => { this.conditions.splice(index, 1); this.apply(); } }, '×'))));
    const form = h('form', {
      class: 'filter-form',
      onsubmit: event => {
        event.preventDefault();
        const field = this.fields.find(f => f.field === fieldSelect.value);
        const operator = operatorSelect.value;
        this.conditions.push({ field: field.field, operator, value: typedValue(field, operator, value.value) });
        this.apply();
      },
    },
    h('label', { for: fieldId }, 'Field'), fieldSelect,
    h('label', { for: operatorId }, 'Operator'), operatorSelect,
    h('label', { for: valueId }, 'Value'), value,
    h('button', { type: 'submit' }, 'Add filter'));
    const open = this.element.open;
    const invalid = this.conditions.filter(c => c.error).length;
    clear(this.element).append(h('summary', {}, this.conditions.length ? `Filters (${this.conditions.length}${invalid ? `, ${invalid} not applied` : ''})` : 'Filters'), chips, form);
    this.element.open = open || invalid > 0;
  }

  /** The conditions that apply (those the server did not refuse). */
  get valid() { return this.conditions.filter(c => !c.error); }

  /** The condition tree of the valid conditions, or null. */
  tree() {
    const conditions = this.valid.map(({ field, operator, value }) => ({ field, operator, value }));
    return conditions.length ? { aggregator: 'and', conditions } : null;
  }

  /** Marks conditions the server refused (index → message): shown as not applied, left out of the tree. */
  markInvalid(errors) {
    for (const [index, message] of errors) this.conditions[index].error = message;
    this.render();
  }

  apply() {
    this.render();
    this.element.open = true;
    this.onChange(this.tree());
  }
}
