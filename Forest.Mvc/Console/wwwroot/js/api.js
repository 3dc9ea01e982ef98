// Talks to the Forest routes: token in the session, JSON errors turned into readable messages.
const TOKEN_KEY = 'forest.token';
const RETURN_KEY = 'forest.return';

/** The add-on features the server registered (its index.html names them): their screens are shown only then. */
const FEATURES = new Set((document.querySelector('meta[name="forest-features"]')?.content ?? '').split(' ').filter(Boolean));
export function hasFeature(name) { return FEATURES.has(name); }

export class ApiError extends Error {
  constructor(status, body, message) {
    super(message ?? errorMessage(body) ?? `The server answered ${status}.`);
    this.status = status;
    this.body = body;
  }
}

/** The message of any error shape the server writes: Forest errors, {error}, problem details. */
export function errorMessage(body) {
  if (!body || typeof body !== 'object') return null;
  if (Array.isArray(body.errors) && body.errors[0]?.detail) return body.errors[0].detail;
  if (typeof body.error === 'string') return body.error;
  if (typeof body.detail === 'string') return body.detail;
  return null;
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  save(token) { sessionStorage.setItem(TOKEN_KEY, token); },
  clear() { sessionStorage.removeItem(TOKEN_KEY); },
  /** The user of the token (its claims), or null. */
  get user() {
    const token = this.token;
    if (!token) return null;
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
      const claims = JSON.parse(json);
      if (claims.exp && claims.exp * 1000 < Date.now()) return null;
      return claims;
    } catch {
      return null;
    }
  },
  rememberReturn(hash) { sessionStorage.setItem(RETURN_KEY, hash); },
  takeReturn() {
    const hash = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return hash;
  },
};

/** Sends the user to the login screen, keeping where they were. */
export function expireSession() {
  session.clear();
  if (!location.hash.startsWith('#/login')) session.rememberReturn(location.hash || '#/');
  location.hash = '#/login';
}

function headers(extra, hasBody) {
  const result = { Accept: 'application/json', ...extra };
  if (hasBody) result['Content-Type'] = 'application/json';
  if (session.token) result.Authorization = `Bearer ${session.token}`;
  return result;
}

/** A JSON call; throws ApiError with the server's message on failure (401 sends the user to the login). */
export async function api(method, path, body, extraHeaders = {}) {
  const response = await send(method, path, body, extraHeaders);
  const data = await readJson(response);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** The raw response of a call (for actions, whose answers take many shapes). */
export async function send(method, path, body, extraHeaders = {}) {
  const response = await fetch(path, {
    method,
    headers: headers(extraHeaders, body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && path !== '/forest/authentication') {
    expireSession();
    throw new ApiError(401, await readJson(response), 'Your session has expired: log in again.');
  }
  return response;
}

export async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch { return { error: text }; }
}

/** Shows the count of a list (its meta.count) in a badge, empty at zero; answers the count (0 when unknown). */
export async function countBadge(id, path, what) {
  const badge = document.getElementById(id);
  if (!badge) return 0;
  try {
    const count = (await api('GET', path)).meta.count;
    badge.textContent = count ? String(count) : '';
    badge.setAttribute('aria-label', `${count} ${what}`);
    return count;
  } catch {
    badge.textContent = '';
    return 0;
  }
}

export async function login(email, password) {
  const data = await api('POST', '/forest/authentication', { email, password });
  session.save(data.token);
  return data.token;
}

export async function logout() {
  try { await fetch('/forest/authentication/logout', { method: 'POST' }); } catch { /* offline */ }
  session.clear();
}

let schemaPromise = null;
export function schema() {
  schemaPromise ??= api('GET', '/forest/schema').catch(error => { schemaPromise = null; throw error; });
  return schemaPromise;
}

let consolePromise = null;
/** What the console reads beside the schema: reference fields, declared order, permissions, home, the user's settings. */
export function consoleData() {
  consolePromise ??= api('GET', '/forest/console').catch(error => { consolePromise = null; throw error; });
  return consolePromise;
}

export function resetSchema() { schemaPromise = null; consolePromise = null; }

/** The console's description of a collection (reference field, fields in declared order, what the user may do). */
export async function layoutOf(name) {
  return (await consoleData()).collections.find(c => c.name === name) ?? { name, referenceField: null, fields: [], canExport: false, actions: [] };
}

/** How a record is named: its reference field, else its id (#12). */
export function recordName(layout, id, attributes) {
  const value = layout?.referenceField ? attributes?.[layout.referenceField] : null;
  return value === null || value === undefined || value === '' ? `#${id}` : String(value);
}

/** Keeps the user's settings of a collection (columns, page size) in the store; a failure is only logged. */
export async function savePreferences(name, preferences) {
  const data = await consoleData();
  data.preferences[name] = { ...(data.preferences[name] ?? {}), ...preferences };
  try { await api('PUT', `/forest/console/preferences/${encodeURIComponent(name)}`, data.preferences[name]); } catch (error) { console.warn(error.message); }
}

export async function collection(name) {
  const found = (await schema()).collections.find(c => c.name === name);
  if (!found) throw new ApiError(404, null, `There is no collection named ${name}.`);
  return found;
}

/** The file name of a download, from Content-Disposition (RFC 6266: filename* first). */
export function fileName(response, fallback = 'download') {
  const header = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

/** Saves a response body as a file with the server's name. */
export async function download(response, fallback) {
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName(response, fallback);
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return link.download;
}
