// Service-level countdowns for the agent console (queue and case view): each badge carries its due
// time and is re-counted every 15 seconds on the server's clock.
import { TZ } from './format.js';

let offsetMs = 0; // server clock - this browser's clock
let translate = (k) => k;

function span(n, t) {
  const minutes = Math.max(1, Math.round(Math.abs(n) / 60_000));
  if (minutes < 60) return t('sla.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('sla.hours', { h: hours, m: minutes % 60 });
  return t('sla.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

function text(level, dueMs, done, t) {
  if (done) return `${t(`sla.level.${level}`)}: ${t(`sla.${done}`)}`;
  const left = dueMs - (Date.now() + offsetMs);
  return `${t(`sla.level.${level}`)}: ${t(left < 0 ? 'sla.over' : 'sla.left', { time: span(left, t) })}`;
}

function stateOf(level, dueMs, done, warnMs) {
  if (done) return done;
  const left = dueMs - (Date.now() + offsetMs);
  return left < 0 ? 'breached' : left <= warnMs ? 'warning' : 'pending';
}

/** Badges for a list of { level, due, state, leftMs }, as /queue and /cases/:code return them. */
export function badges(list, t, serverNow) {
  translate = t;
  if (serverNow) offsetMs = new Date(serverNow).getTime() - Date.now();
  return (list || []).map((s) => {
    const el = document.createElement('span');
    const dueMs = new Date(s.due).getTime();
    const done = s.state === 'met' || s.state === 'missed' ? s.state : '';
    // The server said how close "warning" is; keep that distance when re-counting.
    const warnMs = s.state === 'warning' && typeof s.leftMs === 'number' ? Math.max(s.leftMs, 5 * 60_000) : 5 * 60_000;
    el.className = `badge sla sla-${stateOf(s.level, dueMs, done, warnMs)}`;
    el.dataset.slaLevel = s.level;
    el.dataset.slaDue = String(dueMs);
    el.dataset.slaDone = done;
    el.dataset.slaWarn = String(warnMs);
    el.title = `${t(`sla.level.${s.level}`)} · ${new Date(dueMs).toLocaleString('vi-VN', { timeZone: TZ })}`;
    el.textContent = text(s.level, dueMs, done, t);
    return el;
  });
}

export function tick() {
  for (const el of document.querySelectorAll('[data-sla-due]')) {
    const dueMs = Number(el.dataset.slaDue);
    const done = el.dataset.slaDone;
    el.textContent = text(el.dataset.slaLevel, dueMs, done, translate);
    el.className = `badge sla sla-${stateOf(el.dataset.slaLevel, dueMs, done, Number(el.dataset.slaWarn))}`;
  }
}
setInterval(tick, 15_000);

/** The flash text of a live `sla` event. */
export function alertText(a, t, dt) {
  return t(`sla.alert.${a.kind}`, { code: a.code, level: t(`sla.level.${a.level}`), due: dt(a.due) });
}

