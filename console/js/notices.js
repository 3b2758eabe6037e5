// The flash line under the header, and the sentence an API error is shown as.
import { $ } from './dom.js';
import { t } from './texts.js';

let flashTimer;
export function flash(message, isError, ms) {
  const el = $('flash');
  el.textContent = message;
  el.className = isError ? 'flash error' : 'flash';
  el.hidden = false;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => (el.hidden = true), ms || (isError ? 8000 : 3000));
}
export function errorText(err) {
  if (!err || !err.code) return t('errors.generic');
  if (err.code === 'held') return t('errors.held', { name: err.data && err.data.heldBy ? err.data.heldBy.name : '?' });
  const s = t(`errors.${err.code}`, err.data);
  return s === `errors.${err.code}` ? t('errors.generic') : s;
}
