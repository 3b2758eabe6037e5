// Live updates as server-sent events: new work, the queue summary, the open case kept current.
import { alertText as slaAlertText } from './sla-countdown.js';
import { api } from './api-client.js';
import { dt } from './format.js';
import { showCounts, showLive, showTitle } from './header.js';
import { newWork } from './new-work.js';
import { flash } from './notices.js';
import { render } from './router.js';
import { state } from './state.js';
import { t } from './texts.js';
import { messageItem } from './transcript.js';

let summaryTimer;
export function summarySoon() {
  clearTimeout(summaryTimer);
  summaryTimer = setTimeout(() => void refreshSummary(), 150);
}
export async function refreshSummary() {
  if (!state.me) return;
  let next;
  try {
    next = await api('GET', '/queue/summary');
  } catch {
    return;
  }
  const prev = state.summary;
  state.summary = next;
  if (prev) {
    const waiting = new Set(prev.waiting);
    const mine = new Set(prev.mine.map((m) => m.code));
    for (const code of next.waiting) if (!waiting.has(code)) newWork('handoff', code);
    for (const m of next.mine) if (!mine.has(m.code) && m.code !== state.tookCode) newWork('assigned', m.code);
  }
  const held = new Set(next.mine.map((m) => m.conversation).filter(Boolean));
  for (const key of Object.keys(state.unread)) if (!held.has(key)) delete state.unread[key];
  showTitle();
  showCounts();
}

/** A customer wrote on a case this agent holds. */
export function onCustomerMessage(m) {
  if (!state.summary || m.entry.direction !== 'in') return;
  const mine = state.summary.mine.find((x) => x.conversation === m.conversation);
  if (!mine) return;
  const c = state.caseData;
  const looking = state.route.name === 'case' && c && c.conversation && c.conversation.key === m.conversation && !document.hidden;
  if (looking) return;
  state.unread[m.conversation] = (state.unread[m.conversation] || 0) + 1;
  showTitle();
  newWork('message', mine.code);
}

export function connectEvents() {
  if (state.events) state.events.close();
  const es = new EventSource('/console/api/events');
  state.events = es;
  es.onopen = () => {
    state.online = true;
    showLive();
  };
  es.onerror = () => {
    state.online = false;
    showLive();
  };
  es.addEventListener('message', (e) => {
    const m = JSON.parse(e.data);
    onCustomerMessage(m);
    onLiveMessage(m);
  });
  // A conversation handed back to the bot: no content on the stream, the open case fetches again.
  es.addEventListener('activity', (e) => onConversationActivity(JSON.parse(e.data)));
  es.addEventListener('owner', (e) => {
    summarySoon();
    onLiveChange(JSON.parse(e.data));
  });
  es.addEventListener('ticket', (e) => {
    summarySoon();
    onLiveChange(JSON.parse(e.data));
  });
  es.addEventListener('sla', (e) => {
    const a = JSON.parse(e.data);
    flash(slaAlertText(a, t, dt), a.kind === 'breach');
    onLiveChange(a);
  });
  void refreshSummary();
}
let refreshTimer;
export function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void render(), 250);
}
export function onLiveMessage(m) {
  const c = state.caseData;
  if (state.route.name === 'case' && c && c.conversation && c.conversation.key === m.conversation) {
    // A render under way may have fetched the case before this message was stored and would
    // replace the list: fetch again after it instead of appending to the old one.
    if (state.rendering) {
      refreshSoon();
      return;
    }
    c.transcript.push(m.entry);
    const list = document.querySelector('.transcript');
    if (list) {
      list.append(messageItem(m.entry, c.agents));
      list.scrollTop = list.scrollHeight;
    }
  } else if (state.route.name === 'queue') {
    refreshSoon();
  }
}
export function onConversationActivity(e) {
  const c = state.caseData;
  if (state.route.name === 'case' && c && c.conversation && e.conversation === c.conversation.key) refreshSoon();
}
export function onLiveChange(e) {
  const c = state.caseData;
  if (state.route.name === 'queue') refreshSoon();
  else if (state.route.name === 'case' && c && ((e.code && e.code === c.ticket.code) || (c.conversation && e.conversation === c.conversation.key))) refreshSoon();
}
