// The console's shell: login, navigation and the router (hash routes, so any path reloads the same page).
import { consoleData, hasFeature, login, logout, schema, session, resetSchema } from './api.js';
import { canLeave, refreshApprovalsBadge } from './nav.js';
import { h, clear, toast, label } from './dom.js';
import { renderCollection, renderRecord } from './records.js';
import { renderApprovals } from './approvals.js';
import { renderActivity } from './activity.js';
import { renderSettings } from './settings.js';
import { renderJobs, refreshJobsBadge } from './jobs.js';
import { renderTokens } from './tokens.js';
import { openPalette } from './palette.js';

const app = document.getElementById('app');

function isAdmin() {
  return String(session.user?.permissionLevel ?? '').toLowerCase() === 'admin';
}

function renderLogin(error) {
  clear(app);
  const email = h('input', { id: 'login-email', type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { class: 'form-error', role: 'alert' }, error ?? '');
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Log in');
  const form = h('form', {
    class: 'login card',
    'aria-labelledby': 'login-title',
    onsubmit: async event => {
      event.preventDefault();
      submit.disabled = true;
      message.textContent = '';
      try {
        await login(email.value, password.value);
        resetSchema();
        const target = session.takeReturn() ?? '#/';
        // A new hash routes once (hashchange); the same hash is routed here.
        if (location.hash !== target) location.hash = target; else route();
      } catch (failure) {
        message.textContent = failure.message;
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('h1', { id: 'login-title' }, 'Forest.Mvc admin'),
  h('label', { for: 'login-email' }, 'Email'), email,
  h('label', { for: 'login-password' }, 'Password'), password,
  message, submit);
  app.append(h('main', { class: 'login-page' }, form));
  email.focus();
}

/** The shell (top bar, navigation, main) of the signed-in user: built once per session, then only its main changes. */
let shell = null;

async function renderShell() {
  if (shell && shell.token === session.token && document.body.contains(shell.main)) return shell;
  const user = session.user;
  const [data] = await Promise.all([schema(), consoleData()]);
  const nav = h('nav', { id: 'navigation', class: 'sidebar', 'aria-label': 'Main' },
    h('h2', { class: 'nav-title' }, 'Collections'),
    h('ul', {}, data.collections.map(c => h('li', {}, h('a', { href: `#/c/${c.name}`, dataset: { route: `#/c/${c.name}` } }, label(c.name))))),
    h('h2', { class: 'nav-title' }, 'Collaboration'),
    h('ul', {},
      h('li', {}, h('a', { href: '#/approvals/to-review', dataset: { route: '#/approvals' } }, 'Approvals ', h('span', { id: 'approvals-badge', class: 'badge' }))),
      hasFeature('jobs') ? h('li', {}, h('a', { href: '#/jobs', dataset: { route: '#/jobs' } }, 'Jobs ', h('span', { id: 'jobs-badge', class: 'badge' }))) : null,
      hasFeature('mcp') ? h('li', {}, h('a', { href: '#/tokens', dataset: { route: '#/tokens' } }, 'AI agents and tokens')) : null,
      isAdmin() ? h('li', {}, h('a', { href: '#/activity', dataset: { route: '#/activity' } }, 'Activity log')) : null,
      isAdmin() ? h('li', {}, h('a', { href: '#/settings/actions', dataset: { route: '#/settings' } }, 'Settings')) : null));
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const layout = h('div', { class: 'layout' }, nav, main);
  // On a phone, the navigation is a menu the top bar opens; it closes once a link is followed.
  const menu = h('button', {
    type: 'button', class: 'nav-toggle', 'aria-controls': 'navigation', 'aria-expanded': 'false',
    onclick: () => { const open = layout.classList.toggle('nav-open'); menu.setAttribute('aria-expanded', String(open)); },
  }, 'Menu');
  nav.addEventListener('click', event => {
    if (event.target.closest('a')) { layout.classList.remove('nav-open'); menu.setAttribute('aria-expanded', 'false'); }
  });
  scrollTablesInside(main);
  clear(app).append(
    h('a', { href: '#main', class: 'skip-link', onclick: event => { event.preventDefault(); main.focus(); } }, 'Skip to content'),
    h('header', { class: 'topbar' },
      menu,
      h('a', { href: '#/', class: 'brand' }, 'Forest.Mvc'),
      h('button', { type: 'button', class: 'palette-button', 'aria-keyshortcuts': 'Control+K Meta+K', onclick: () => openPalette(isAdmin()) }, 'Search or run… ', h('kbd', {}, 'Ctrl K')),
      h('span', { class: 'user', text: `${user.firstName ?? ''} ${user.lastName ?? ''} (${user.role || 'no role'})` }),
      h('button', { type: 'button', onclick: async () => { await logout(); resetSchema(); shell = null; location.hash = '#/login'; } }, 'Log out')),
    layout);
  refreshApprovalsBadge();
  if (hasFeature('jobs')) refreshJobsBadge();
  shell = { main, data, token: session.token };
  return shell;
}

/**
 * Every table of the main region scrolls inside its own box (a focusable region, for the keyboard), so that a wide
 * table never widens the page on a phone; tables drawn later (after their data loads) are wrapped as they appear.
 */
function scrollTablesInside(main) {
  const wrap = root => {
    for (const table of root.querySelectorAll?.('table') ?? []) {
      if (table.parentElement?.classList.contains('table-wrap')) continue;
      const box = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': table.caption?.textContent || 'Table' });
      table.replaceWith(box);
      box.append(table);
    }
  };
  new MutationObserver(changes => { for (const change of changes) for (const node of change.addedNodes) if (node.nodeType === 1) wrap(node.tagName === 'TABLE' ? node.parentElement : node); })
    .observe(main, { childList: true, subtree: true });
}

function markCurrent(hash) {
  for (const link of document.querySelectorAll('nav.sidebar a')) {
    if (hash.startsWith(link.dataset.route)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** The route shown, to come back to when leaving it is cancelled (unsaved changes). */
let shownHash = null;

export async function route() {
  const hash = location.hash || '#/';
  if (shownHash !== null && hash !== shownHash && !canLeave()) {
    history.replaceState(history.state, '', shownHash);
    return;
  }
  shownHash = hash;
  if (hash.startsWith('#/login') || !session.user) {
    if (!hash.startsWith('#/login')) session.rememberReturn(hash);
    shell = null;
    renderLogin(hash.startsWith('#/login') || !session.token ? undefined : 'Your session has expired: log in again.');
    return;
  }

  let main = null;
  try {
    const before = shell;
    const { main: shellMain, data } = await renderShell();
    // Each route renders into a view of its own: a slower render of a route left meanwhile fills a detached view.
    main = h('div', { class: 'view' });
    shellMain.replaceChildren(main);
    document.title = 'Forest.Mvc admin';
    markCurrent(hash);
    const [path, query] = hash.slice(2).split('?');
    const parts = path.split('/').map(decodeURIComponent);
    const params = new URLSearchParams(query ?? '');
    if (parts[0] === 'approvals' && before === shell) refreshApprovalsBadge(); // a new shell just counted them
    if (parts[0] === 'c' && parts[1] && parts[2]) await renderRecord(main, parts[1], parts[2], parts[3]);
    else if (parts[0] === 'c' && parts[1]) await renderCollection(main, parts[1], params);
    else if (parts[0] === 'approvals') await renderApprovals(main, parts[1] ?? 'to-review', parts[2]);
    else if (parts[0] === 'jobs' && hasFeature('jobs')) await renderJobs(main, isAdmin());
    else if (parts[0] === 'tokens' && hasFeature('mcp')) await renderTokens(main);
    else if (parts[0] === 'activity' || parts[0] === 'settings') {
      if (isAdmin()) await (parts[0] === 'activity' ? renderActivity(main) : renderSettings(main, parts[1] ?? 'actions'));
      else await renderProblem(main, 403, `Only administrators see the ${parts[0] === 'activity' ? 'activity log' : 'settings'}.`);
    } else if (!parts[0]) {
      const home = (await consoleData()).home ?? data.collections[0]?.name;
      if (home) location.replace(`#/c/${encodeURIComponent(home)}`);
    } else await renderProblem(main, 404, `There is no page at ${hash}.`);
    shellMain.focus({ preventScroll: true });
  } catch (error) {
    if (error.status === 401) return;
    if (main?.isConnected && (error.status === 403 || error.status === 404)) await renderProblem(main, error.status, error.message);
    else toast(error.message, 'error');
  }
}

/** A page the user may not see, or that does not exist: said as such, with a way back. */
async function renderProblem(main, status, message) {
  const home = (await consoleData()).home;
  clear(main).append(
    h('h1', {}, status === 403 ? 'Not allowed' : 'Not found'),
    h('p', { class: 'problem' }, message),
    h('p', {},
      history.length > 1 ? h('button', { type: 'button', class: 'link', onclick: () => history.back() }, 'Go back') : null,
      history.length > 1 ? ' or ' : null,
      h('a', { href: home ? `#/c/${encodeURIComponent(home)}` : '#/' }, 'open the home page'),
      '.'));
  document.title = `${status === 403 ? 'Not allowed' : 'Not found'} · Forest.Mvc admin`;
}

/** Navigation inside the console, from a redirect path such as /companies/12/emitted_transactions. */
window.addEventListener('hashchange', route);

// Ctrl+K (⌘+K on a Mac): the command palette, once signed in.
document.addEventListener('keydown', event => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k' && shell) {
    event.preventDefault();
    openPalette(isAdmin());
  }
});
route();
