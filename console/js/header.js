// The header: navigation, who is signed in, the search box, live state, counts and the page title.
import { $, h } from './dom.js';
import { workButtons } from './new-work.js';
import { state } from './state.js';
import { t } from './texts.js';

export function chrome() {
  document.documentElement.lang = state.lang;
  showTitle();
  $('top').hidden = !state.me;
  $('brand').textContent = t('app.title');
  $('nav-queue').textContent = t('nav.queue');
  $('nav-new').textContent = t('nav.newTicket');
  $('nav-admin').textContent = t('nav.admin');
  $('nav-admin').hidden = !(state.me && state.me.role === 'admin');
  $('nav-reports').textContent = t('nav.reports');
  $('nav-reports').hidden = !(state.me && state.me.role === 'admin');
  $('nav-lang').textContent = t('app.language');
  $('nav-logout').textContent = t('nav.logout');
  workButtons();
  searchBox();
  $('who').textContent = state.me ? t('nav.signedInAs', { name: state.me.name, role: t(`role.${state.me.role}`) }) : '';
  showLive();
}
export function unreadTotal() {
  return Object.values(state.unread).reduce((a, b) => a + b, 0);
}
/** "(3) Qpal CSKH": cases nobody has taken plus customer messages on my cases not yet seen. */
export function showTitle() {
  const n = state.me && state.summary ? state.summary.counts.waiting + unreadTotal() : 0;
  document.title = `${n ? `(${n}) ` : ''}${t('app.title')} · ${t('app.subtitle')}`;
}
export function searchBox() {
  let form = $('search');
  if (!form) {
    const input = h('input', { id: 'search-q', type: 'search', name: 'q', maxlength: '100', autocomplete: 'off' });
    form = h('form', { id: 'search', class: 'search', role: 'search', onsubmit: (e) => {
      e.preventDefault();
      const q = input.value.trim();
      if (q) location.hash = `#/search/${encodeURIComponent(q)}`;
    } }, input, h('button', { type: 'submit', id: 'search-submit', class: 'secondary' }));
    $('top').insertBefore(form, $('who'));
  }
  $('search-q').placeholder = t('search.placeholder');
  $('search-q').setAttribute('aria-label', t('search.placeholder'));
  $('search-submit').textContent = t('search.submit');
}
/** A row of a ticket list (search results, the customer's other tickets). */

export function showCounts() {
  if (!state.summary) return;
  for (const v of ['waiting', 'mine', 'all']) {
    const el = document.querySelector(`[data-view="${v}"] .count`);
    if (el) el.textContent = String(state.summary.counts[v]);
  }
}

export function showLive() {
  const live = $('live');
  live.textContent = state.online ? t('app.live') : t('app.offline');
  live.className = state.online ? 'live' : 'live off';
  live.hidden = state.online === undefined;
}
