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
