// Signing in and out.
import { unlockAudio } from './work-signals.js';
import { api } from './api-client.js';
import { h, mount } from './dom.js';
import { chrome } from './header.js';
import { connectEvents } from './live-events.js';
import { loadLists } from './lists.js';
import { errorText } from './notices.js';
import { render } from './router.js';
import { state } from './state.js';
import { t } from './texts.js';

/** A session (from sign-in or /me): the header, the lists the forms offer, live events, the view. */
export async function signedIn(session) {
  state.me = session.agent;
  state.csrf = session.csrf;
  chrome();
  await loadLists();
  connectEvents();
  await render();
}

export function signedOut(message) {
  state.me = null;
  state.csrf = null;
  if (state.events) state.events.close();
  state.events = null;
  state.online = undefined;
  state.summary = null;
  state.unread = {};
  chrome();
  renderLogin(message);
}

export function renderLogin(message) {
  const name = h('input', { id: 'login-name', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'field-error', id: 'login-error', role: 'alert' }, message || '');
  const form = h('form', { class: 'card login', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      unlockAudio();
      await signedIn(await api('POST', '/login', { name: name.value, password: password.value }));
    } catch (err) {
      error.textContent = err.code === 'too_many_attempts' ? t('login.tooMany', { retryAfter: (err.data && err.data.retryAfter) || 1 }) : err.code === 'bad_credentials' ? t('login.failed') : errorText(err);
    }
  } },
  h('h2', {}, t('app.title'), ' · ', t('login.title')),
  h('label', { for: 'login-name' }, t('login.name')), name,
  h('label', { for: 'login-password' }, t('login.password')), password,
  error,
  h('button', { type: 'submit', id: 'login-submit' }, t('login.submit')));
  mount(form);
  name.focus();
}
