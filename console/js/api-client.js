// The console API client: JSON, the session's CSRF token on every change, a signed-out session handled once.
import { errorText, flash } from './notices.js';
import { signedOut } from './session.js';
import { state } from './state.js';
import { t } from './texts.js';

export class ApiFailure extends Error {
  constructor(status, code, data) {
    super(code);
    this.status = status;
    this.code = code;
    this.data = data;
  }
}
export async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['x-csrf-token'] = state.csrf;
  let res;
  try {
    res = await fetch(`/console/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiFailure(0, 'network', {});
  }
  const data = await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/login') {
    signedOut(data.error === 'session_expired' ? t('login.expired') : undefined);
    throw new ApiFailure(401, data.error || 'no_session', data);
  }
  if (!res.ok) throw new ApiFailure(res.status, data.error || 'generic', data);
  return data;
}
export async function act(fn, okMessage) {
  try {
    const r = await fn();
    if (okMessage) flash(okMessage);
    return r;
  } catch (err) {
    if (err.status !== 401) flash(errorText(err), true);
    throw err;
  }
}
