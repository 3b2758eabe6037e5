// Qpal agent console, plain JavaScript modules (console/js/*.js), no framework and no build step.
// Every text comes from locales/<lng>/console.json; every change sends the session's CSRF token;
// live updates arrive as server-sent events. Data is put into the page with textContent only.
import { api } from './js/api-client.js';
import { $ } from './js/dom.js';
import { chrome } from './js/header.js';
import { listKeyboard } from './js/keyboard.js';
import { errorText, flash } from './js/notices.js';
import { render } from './js/router.js';
import { renderLogin, signedIn, signedOut } from './js/session.js';
import { state } from './js/state.js';
import { loadTexts } from './js/texts.js';

async function start() {
  await loadTexts('vi');
  if (state.lang !== 'vi') await loadTexts(state.lang).catch(() => (state.lang = 'vi'));
  $('nav-logout').addEventListener('click', async () => {
    await api('POST', '/logout').catch(() => {});
    signedOut();
  });
  $('nav-lang').addEventListener('click', async () => {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    localStorage.setItem('qpal.console.lang', state.lang);
    await loadTexts(state.lang);
    chrome();
    if (state.me) await render();
    else renderLogin();
  });
  window.addEventListener('hashchange', () => void render());
  listKeyboard();
  try {
    await signedIn(await api('GET', '/me'));
  } catch (err) {
    if (err.status !== 401) flash(errorText(err), true);
  }
}
void start();
