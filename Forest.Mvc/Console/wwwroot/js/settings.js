// Settings (administrators): actions' visibility and enable condition, roles and their permissions, users, scopes.
import { api, schema } from './api.js';
import { h, clear, label, toast, uid } from './dom.js';
import { canLeave, setUnsaved } from './nav.js';
import { conditionField } from './conditions.js';

const TABS = [['actions', 'Actions'], ['roles', 'Roles and permissions'], ['users', 'Users and teams'], ['scopes', 'Scopes']];

/** The fields a condition of a collection may name: its values and its references (by id). */
async function conditionFields(collection) {
  const found = (await schema()).collections.find(c => c.name === collection);
  return (found?.fields ?? []).filter(f => !f.relationship || f.relationship === 'BelongsTo');
}

export async function renderSettings(main, tab) {
  const tabs = h('div', { role: 'tablist', 'aria-label': 'Settings' }, TABS.map(([key, name]) =>
    h('a', { role: 'tab', href: `#/settings/${key}`, 'aria-selected': key === tab ? 'true' : 'false' }, name)));
  const panel = h('div', { role: 'tabpanel', class: 'tabpanel' });
  clear(main).append(h('h1', {}, 'Settings'), tabs, panel);
  const render = { actions: actionsTab, roles: rolesTab, users: usersTab, scopes: scopesTab }[tab] ?? actionsTab;
  await render(panel);
}

async function actionsTab(panel) {
  const settings = await api('GET', '/forest/management/settings');
  const fieldsOf = new Map(await Promise.all([...new Set(settings.map(s => s.collection))].map(async c => [c, await conditionFields(c)])));
  const rows = settings.map(s => {
    const visibleId = uid('visible');
    const reasonId = uid('reason');
    const visible = h('input', { id: visibleId, type: 'checkbox', checked: s.visible });
    const condition = conditionField(fieldsOf.get(s.collection), s.enableCondition, `${s.action} enable condition`);
    const reason = h('input', { id: reasonId, type: 'text', value: s.disabledReason ?? '' });
    const save = async () => {
      try {
        await api('PUT', `/forest/management/settings/${s.collection}/${encodeURIComponent(s.action)}`, { visible: visible.checked, enableCondition: condition.value(), disabledReason: reason.value || null });
        toast(`Saved the settings of ${s.action}.`, 'success');
      } catch (error) { toast(error.message, 'error'); }
    };
    return h('tr', {},
      h('th', { scope: 'row' }, `${label(s.collection)} › ${s.action}`),
      h('td', {}, h('label', { for: visibleId, class: 'visually-hidden' }, `${s.action} visible`), visible),
      h('td', {}, condition.element, s.codeRule ? h('p', { class: 'help' }, `In code: ${s.codeRule}`) : null),
      h('td', {}, h('label', { for: reasonId, class: 'visually-hidden' }, `${s.action} disabled reason`), reason),
      h('td', {}, h('button', { type: 'button', onclick: save }, `Save ${s.action}`)));
  });
  clear(panel).append(h('table', { class: 'table' },
    h('caption', {}, 'Visibility and enable condition of each action (every selected record must match).'),
    h('thead', {}, h('tr', {}, ['Action', 'Visible', 'Enable condition', 'Disabled reason', ''].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

async function rolesTab(panel, selected) {
  const [roles, data] = await Promise.all([api('GET', '/forest/management/roles'), schema()]);
  const role = roles.find(r => r.id === selected) ?? roles[0];
  const nameId = uid('role-name');
  const name = h('input', { id: nameId, type: 'text', required: true });
  const create = h('form', { class: 'inline-form', onsubmit: async event => {
    event.preventDefault();
    try { const created = await api('POST', '/forest/management/roles', { name: name.value }); await rolesTab(panel, created.id); } catch (error) { toast(error.message, 'error'); }
  } }, h('label', { for: nameId }, 'New role'), name, h('button', { type: 'submit' }, 'Add role'));
  const pickerId = uid('role');
  const picker = h('select', {
    id: pickerId,
    onchange: event => { if (canLeave()) rolesTab(panel, Number(event.target.value)); else event.target.value = String(role?.id); },
  }, roles.map(r => h('option', { value: r.id, selected: r.id === role?.id }, r.name)));
  setUnsaved(null);
  clear(panel).append(create, h('label', { for: pickerId }, 'Role'), picker);
  if (!role) return;
  const actions = data.collections.flatMap(c => c.actions.map(a => ({ collection: c.name, action: a.name })));
  const fieldsOf = new Map(await Promise.all(data.collections.map(async c => [c.name, await conditionFields(c.name)])));
  const editors = actions.map(({ collection, action }) => {
    const current = role.permissions.find(p => p.collection === collection && p.action === action)
      ?? role.permissions.find(p => p.collection === collection && p.action === '*')
      ?? role.permissions.find(p => p.collection === '*' && p.action === '*');
    const trigger = h('select', { 'aria-label': `${action} trigger` }, [['none', 'No'], ['trigger', 'Trigger'], ['approval', 'With approval']].map(([v, t]) => h('option', { value: v, selected: (current?.trigger ?? 'none') === v }, t)));
    const triggerCondition = conditionField(fieldsOf.get(collection), current?.triggerCondition, `${action} trigger condition`);
    const approvalCondition = conditionField(fieldsOf.get(collection), current?.approvalCondition, `${action} approval condition`);
    const approve = h('input', { type: 'checkbox', 'aria-label': `${action} approve`, checked: current?.canApprove });
    const approveCondition = conditionField(fieldsOf.get(collection), current?.approveCondition, `${action} approve condition`);
    const self = h('input', { type: 'checkbox', 'aria-label': `${action} self-approve`, checked: current?.canSelfApprove });
    return {
      row: h('tr', {}, h('th', { scope: 'row' }, `${label(collection)} › ${action}`), h('td', {}, trigger), h('td', {}, triggerCondition.element), h('td', {}, approvalCondition.element), h('td', {}, approve), h('td', {}, approveCondition.element), h('td', {}, self)),
      value: () => ({ collection, action, trigger: trigger.value, triggerCondition: triggerCondition.value(), approvalCondition: approvalCondition.value(), canApprove: approve.checked, approveCondition: approveCondition.value(), canSelfApprove: self.checked }),
    };
  });
  const exports = ['*', ...data.collections.map(c => c.name)].map(collection => ({
    collection,
    box: h('input', { type: 'checkbox', 'aria-label': `Export ${collection === '*' ? 'every collection' : label(collection)}`, checked: role.exports.includes(collection) }),
  }));
  const save = async () => {
    try {
      const permissions = editors.map(e => e.value()).filter(p => p.trigger !== 'none' || p.canApprove);
      await api('PUT', `/forest/management/roles/${role.id}/permissions`, permissions);
      await api('PUT', `/forest/management/roles/${role.id}/exports`, exports.filter(e => e.box.checked).map(e => e.collection));
      setUnsaved(null);
      toast(`Saved the permissions of ${role.name}.`, 'success');
      await rolesTab(panel, role.id);
    } catch (error) { toast(error.message, 'error'); }
  };
  // Changed rows are marked, the save bar says there is something to save, and leaving asks first.
  const status = h('span', { class: 'unsaved', 'aria-live': 'polite' });
  const changed = event => {
    event.target.closest('tr')?.classList.add('changed');
    status.textContent = 'Unsaved changes.';
    setUnsaved(`The permissions of ${role.name} have unsaved changes.`);
  };
  panel.append(
    h('table', { class: 'table matrix', oninput: changed, onchange: changed },
      h('caption', {}, `Permissions of ${role.name}`),
      h('thead', {}, h('tr', {}, ['Action', 'Trigger', 'Trigger condition', 'Approval condition', 'Approve', 'Approve condition', 'Self-approve'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, editors.map(e => e.row))),
    h('fieldset', { class: 'exports', onchange: changed }, h('legend', {}, 'Export as CSV'),
      exports.map(e => h('label', {}, e.box, e.collection === '*' ? 'Every collection' : label(e.collection)))),
    h('div', { class: 'save-bar' }, h('button', { type: 'button', class: 'primary', onclick: save }, `Save permissions of ${role.name}`), status));
}

async function usersTab(panel) {
  const [users, roles, teams] = await Promise.all([api('GET', '/forest/management/users'), api('GET', '/forest/management/roles'), api('GET', '/forest/management/teams')]);
  const rows = users.map(user => {
    const role = h('select', { 'aria-label': `Role of ${user.email}` }, h('option', { value: '' }, 'No role'), roles.map(r => h('option', { value: r.name, selected: r.name === user.role }, r.name)));
    const team = h('input', { type: 'text', value: user.team ?? '', 'aria-label': `Team of ${user.email}` });
    return h('tr', {}, h('th', { scope: 'row' }, user.email), h('td', {}, `${user.firstName} ${user.lastName}`), h('td', {}, role), h('td', {}, team), h('td', {}, user.permissionLevel),
      h('td', {}, h('button', { type: 'button', onclick: async () => {
        try { await api('PUT', `/forest/management/users/${user.id}`, { role: role.value || null, team: team.value || null }); toast(`Saved ${user.email}.`, 'success'); } catch (error) { toast(error.message, 'error'); }
      } }, `Save ${user.email}`)));
  });
  const fields = ['email', 'password', 'firstName', 'lastName', 'team'].map(key => {
    const id = uid(key);
    return { key, input: h('input', { id, type: key === 'password' ? 'password' : key === 'email' ? 'email' : 'text', required: key === 'email' || key === 'password' }), label: h('label', { for: id }, label(key.replace(/([A-Z])/g, ' $1').toLowerCase())) };
  });
  const newRole = h('select', { 'aria-label': 'Role of the new user' }, roles.map(r => h('option', { value: r.name }, r.name)));
  clear(panel).append(
    h('table', { class: 'table' }, h('caption', {}, `Users (teams: ${teams.join(', ') || 'none'})`),
      h('thead', {}, h('tr', {}, ['Email', 'Name', 'Role', 'Team', 'Level', ''].map(t => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows)),
    h('form', { class: 'inline-form', 'aria-label': 'New user', onsubmit: async event => {
      event.preventDefault();
      try {
        await api('POST', '/forest/management/users', { ...Object.fromEntries(fields.map(f => [f.key, f.input.value || null])), role: newRole.value });
        await usersTab(panel);
      } catch (error) { toast(error.message, 'error'); }
    } }, fields.map(f => [f.label, f.input]), newRole, h('button', { type: 'submit' }, 'Add user')));
}

/** Scopes: one row each (collection, the role or team it applies to, its filter edited with the condition builder). */
async function scopesTab(panel) {
  const [scopes, roles, data] = await Promise.all([api('GET', '/forest/management/scopes'), api('GET', '/forest/management/roles'), schema()]);
  const fieldsOf = new Map(await Promise.all(data.collections.map(async c => [c.name, await conditionFields(c.name)])));
  const body = h('tbody', {});
  const addRow = scope => {
    const collection = h('select', { 'aria-label': 'Collection' }, data.collections.map(c => h('option', { value: c.name, selected: c.name === scope.collection }, label(c.name))));
    const role = h('select', { 'aria-label': 'Role' }, h('option', { value: '' }, 'No role (a team)'), roles.map(r => h('option', { value: r.name, selected: r.name === scope.role }, r.name)));
    const team = h('input', { type: 'text', 'aria-label': 'Team', value: scope.team ?? '' });
    const cell = h('td', {});
    let filter = null;
    const drawFilter = initial => { filter = conditionField(fieldsOf.get(collection.value) ?? [], initial, 'Scope filter'); cell.replaceChildren(filter.element); };
    collection.addEventListener('change', () => drawFilter(null));
    drawFilter(scope.filter ?? null);
    const row = h('tr', {}, h('td', {}, collection), h('td', {}, role), h('td', {}, team), cell,
      h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => row.remove() }, 'Remove')));
    row.read = () => ({ collection: collection.value, role: role.value || null, team: team.value.trim() || null, filter: filter.value() });
    body.append(row);
  };
  scopes.forEach(addRow);
  clear(panel).append(
    h('table', { class: 'table' },
      h('caption', {}, 'Scopes: the records a role or a team sees (placeholders such as {{currentUser.tags.city}} in values).'),
      h('thead', {}, h('tr', {}, ['Collection', 'Role', 'Team', 'Filter', ''].map(t => h('th', { scope: 'col' }, t)))),
      body),
    h('div', { class: 'save-bar' },
      h('button', { type: 'button', onclick: () => addRow({ collection: data.collections[0]?.name, filter: null }) }, 'Add a scope'),
      h('button', { type: 'button', class: 'primary', onclick: async () => {
        try { await api('PUT', '/forest/management/scopes', [...body.children].map(r => r.read())); toast('Saved the scopes.', 'success'); await scopesTab(panel); } catch (error) { toast(error.message, 'error'); }
      } }, 'Save scopes')));
}
