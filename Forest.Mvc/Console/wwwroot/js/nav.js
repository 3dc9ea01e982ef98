// Navigation and the sidebar's badges: a leaf module (it imports only the API client), so that any screen may
// move the user or refresh a count without importing the application shell.
import { countBadge } from './api.js';

export function navigateInside(path) {
  const parts = path.split('?')[0].split('/').filter(Boolean);
  location.hash = parts.length ? `#/c/${parts.map(encodeURIComponent).join('/')}` : '#/';
}

export function refreshApprovalsBadge() {
  return countBadge('approvals-badge', '/forest/approvals?view=to-review&page[size]=1', 'to review');
}

/** A screen with unsaved changes says so here; leaving it (another route, a reload) asks first. */
let unsaved = null;

export function setUnsaved(message) { unsaved = message; }

/** Whether the user may leave the current screen (nothing unsaved, or they confirm losing it). */
export function canLeave() {
  if (!unsaved) return true;
  // eslint-disable-next-line no-alert -- the browser's own dialog: modal, keyboard and screen reader ready
  const leave = window.confirm(`${unsaved} Leave without saving?`);
  if (leave) unsaved = null;
  return leave;
}

window.addEventListener('beforeunload', event => { if (unsaved) event.preventDefault(); });
