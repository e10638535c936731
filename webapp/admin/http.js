// Requests to the admin API under /admin/api: the token (sessionStorage, sent as a bearer header)
// and the moderator's name (sessionStorage, sent as X-Moderator with every request that changes
// anything). Bodies are JSON; cookies are never sent. Errors arrive as {"error": "..."}; a 401
// means the token is wrong, and whoever registered with whenRefused shows the sign-in form again.
// (Not named api.js: AdminFilter guards every path that starts with /admin/api, so the browser
// could not load such a module without the token.)
import { msg, render } from '../js/i18n.js';

const TOKEN_KEY = 'duet.adminToken';
const NAME_KEY = 'duet.moderator';
const NAME = /^[A-Za-z0-9 ._@-]{1,64}$/;

let refused = () => {};

export class ApiError extends Error {
  /** text: a msg() or a server's words. */
  constructor(status, text, field) {
    super(render(text));
    this.status = status;
    this.field = field; // the id of the field to fix, if any
  }
}

export const token = () => sessionStorage.getItem(TOKEN_KEY);
export const moderator = () => sessionStorage.getItem(NAME_KEY) || '';

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Why a moderator's name is not acceptable (a msg()), or null. */
export function nameProblem(name) {
  if (!name) return msg('admin.name.missing');
  if (!NAME.test(name) || !name.trim()) return msg('admin.name.wrong');
  return null;
}

/** Keeps the name if acceptable; returns why not otherwise. */
export function setModerator(name) {
  const problem = nameProblem(name);
  if (!problem) sessionStorage.setItem(NAME_KEY, name);
  return problem;
}

export function whenRefused(handler) {
  refused = handler;
}

/** Sends a request to api/PATH; returns the JSON answer, or throws an ApiError. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Authorization: `Bearer ${token()}`, Accept: 'application/json' };
  if (method !== 'GET') {
    const problem = nameProblem(moderator());
    if (problem) throw new ApiError(0, problem, 'moderator');
    headers['X-Moderator'] = moderator();
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path ? `api/${path}` : 'api', {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    throw new ApiError(0, msg('admin.api.unreachable', { error: error.message }));
  }
  if (response.status === 401) {
    setToken(null);
    refused(msg('admin.api.refusedEnter'));
    throw new ApiError(401, msg('admin.api.refused'));
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    // not JSON: said below by its status
  }
  if (!response.ok) {
    const text =
      data && typeof data.error === 'string'
        ? `${data.error} (${response.status})`
        : msg('admin.api.status', { status: response.status });
    throw new ApiError(response.status, text);
  }
  return data;
}
