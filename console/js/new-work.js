// Signals of new work (sound, notifications) and the header buttons that switch them.
import * as work from './work-signals.js';
import { $, h } from './dom.js';
import { state } from './state.js';
import { t } from './texts.js';

export function workButtons() {
  const nav = document.querySelector('.nav');
  let sound = $('nav-sound');
  if (!sound) {
    sound = h('button', { type: 'button', class: 'link', id: 'nav-sound', onclick: () => {
      work.setSound(!work.soundOn());
      workButtons();
    } });
    nav.insertBefore(sound, $('nav-lang'));
  }
  sound.textContent = work.soundOn() ? t('notify.soundOn') : t('notify.soundOff');
  sound.setAttribute('aria-pressed', work.soundOn() ? 'true' : 'false');
  let ask = $('nav-notify');
  if (!ask) {
    ask = h('button', { type: 'button', class: 'link', id: 'nav-notify', onclick: async () => {
      await work.askPermission();
      workButtons();
    } });
    nav.insertBefore(ask, $('nav-lang'));
  }
  ask.textContent = t('notify.enable');
  ask.hidden = !state.me || work.notifyState() !== 'default';
}
export function newWork(kind, code) {
  work.chime();
  work.notify(t(`notify.${kind}Title`), t(`notify.${kind}Body`, { code }), `${kind}:${code}`, () => {
    location.hash = `#/case/${encodeURIComponent(code)}`;
  });
}
