// One case: its head, actions, transcript and the cards around it.
import { badges as slaBadges } from './sla-countdown.js';
import { act, api } from './api-client.js';
import { assignControl, callPanel, composer, resolvePanel, togglePanel } from './case-actions.js';
import { actorName, changeText, fields, findingsView } from './case-fields.js';
import { $, h, mount } from './dom.js';
import { dt, nationalPhone, vnd } from './format.js';
import { showTitle } from './header.js';
import { render } from './router.js';
import { ticketRow } from './search-view.js';
import { state } from './state.js';
import { channelName, lookup, t } from './texts.js';
import { messageItem } from './transcript.js';

export async function renderCase(code, current = () => true) {
  const c = await api('GET', `/cases/${encodeURIComponent(code)}`);
  if (!current()) return;
  state.caseData = c;
  const tk = c.ticket;
  if (c.conversation && state.unread[c.conversation.key]) {
    delete state.unread[c.conversation.key];
    showTitle();
  }
  const focused = document.activeElement && document.activeElement.id;

  const head = h('div', { class: 'case-head' },
    h('a', { href: '#/queue/waiting' }, `← ${t('case.back')}`),
    h('h1', { id: 'case-code' }, tk.code),
    h('span', { class: 'badge', id: 'case-status' }, t(`status.${tk.status}`)),
    // Who answers the chat, only when it says more than the status does.
    c.conversation
      ? (c.conversation.owner === 'queue' && tk.status === 'waiting_agent') || (c.conversation.owner === 'closed' && tk.status !== 'waiting_agent') ? null : h('span', { class: 'badge', id: 'case-owner' }, t(`owner.${c.conversation.owner}`))
      : h('span', { class: 'badge' }, t('queue.phoneTicket')),
    tk.deadline && tk.status === 'waiting_agent' && new Date(tk.deadline) < new Date(c.now) ? h('span', { class: 'badge overdue' }, t('queue.overdue')) : null,
    ...slaBadges(c.sla, t, c.now));
  const holder = h('p', { class: 'small', id: 'case-holder' },
    c.heldBy
      ? t(tk.status === 'waiting_agent' ? 'case.heldBy' : 'case.handledBy', { name: c.heldBy.id === state.me.id ? state.me.name : c.heldBy.name, time: dt(c.heldBy.at) })
      : t('case.notHeld'));

  const actions = h('div', { class: 'actions' });
  if (c.can.take) actions.append(h('button', { type: 'button', 'data-action': 'take', onclick: () => {
    state.tookCode = tk.code;
    return act(() => api('POST', `/cases/${tk.code}/take`)).then(render, () => render());
  } }, t('case.takeOver')));
  if (c.can.resolve) actions.append(h('button', { type: 'button', 'data-action': 'resolve', onclick: () => togglePanel('resolve') }, t('case.resolve')));
  if (c.can.handBack) actions.append(h('button', { type: 'button', class: 'secondary', 'data-action': 'hand-back', onclick: async () => {
    if (!confirm(t('case.confirmHandBack'))) return;
    await act(() => api('POST', `/cases/${tk.code}/hand-back`)).catch(() => {});
    await render();
  } }, t('case.handBack')));
  if (c.can.call) actions.append(h('button', { type: 'button', class: 'secondary', 'data-action': 'call', onclick: () => togglePanel('call') }, t('callForm.title')));
  if (c.can.release) actions.append(h('button', { type: 'button', class: 'danger', 'data-action': 'release', onclick: async () => {
    if (!confirm(t('case.confirmRelease', { name: c.heldBy.name }))) return;
    await act(() => api('POST', `/cases/${tk.code}/release`)).catch(() => {});
    await render();
  } }, t('case.release')));

  if (c.can.assign) actions.append(await assignControl(c));

  const panels = [];
  if (state.panel === 'resolve' && c.can.resolve) panels.push(resolvePanel(c));
  if (state.panel === 'call' && c.can.call) panels.push(callPanel(c));

  // Conversation and composer.
  const convCard = h('section', { class: 'card', 'aria-labelledby': 'h-transcript' }, h('h2', { id: 'h-transcript' }, t('case.transcript')));
  if (c.conversation) {
    const list = h('ul', { class: 'transcript', id: 'transcript' });
    // One chat can hold several complaints: a line where each finished one ends.
    const ends = (c.complaintEnds || []).map((x) => ({ ...x, time: new Date(x.at).getTime() })).sort((a, b) => a.time - b.time);
    let next = 0;
    for (const e of c.transcript) {
      const at = new Date(e.at).getTime();
      while (next < ends.length && ends[next].time < at && list.lastChild) {
        const end = ends[next++];
        list.append(h('li', { class: 'separator', 'data-code': end.code }, t('case.complaintEnded', { code: end.code, status: t(`status.${end.status}`) })));
      }
      list.append(messageItem(e, c.agents));
    }
    convCard.append(list);
    if (!c.conversation.live && tk.status === 'waiting_agent') convCard.append(h('p', { class: 'small' }, t('case.notLive')));
    if (c.can.reply) convCard.append(composer(c));
    requestAnimationFrame(() => (list.scrollTop = list.scrollHeight));
  } else {
    convCard.append(h('p', { class: 'muted' }, t('case.noTranscript')));
  }

  const ticketCard = h('section', { class: 'card' }, h('h2', {}, t('case.ticket')), fields([
    [t('field.customerName'), c.customerName],
    [t('field.title'), tk.title],
    [t('field.transactionType'), tk.transactionType],
    [t('field.situation'), tk.situation ? t(`situation.${tk.situation}`) : ''],
    [t('field.service'), tk.service ? tk.service.name + (tk.service.hotline ? ` (${tk.service.hotline})` : '') : ''],
    [t('field.denomination'), tk.denomination ? vnd(tk.denomination) : ''],
    [t('field.serial'), tk.serial],
    [t('field.purchasePlace'), tk.purchasePlace],
    [t('field.transactionAt'), dt(tk.transactionAt)],
    [t('field.statusText'), tk.statusText],
    [t('field.phone'), nationalPhone(tk.phone)],
    [t('field.email'), tk.email === null ? t('field.noEmail') : tk.email],
    [t('field.channel'), tk.channel ? channelName(tk.channel) : ''],
    [t('field.status'), t(`status.${tk.status}`)],
    [t('field.resolution'), tk.resolution ? t(`resolution.${tk.resolution}`) : ''],
    [t('field.handoffReason'), tk.handoffReason ? t(`handoffReason.${tk.handoffReason}`) : ''],
    [t('field.deadline'), dt(tk.deadline)],
    [t('field.createdAt'), dt(tk.createdAt)],
  ]));

  const findingsCard = h('section', { class: 'card', id: 'findings' }, h('h2', {}, t('case.findings')), findingsView(tk));
  const fraudCard = h('section', { class: 'card', id: 'fraud' }, h('h2', {}, t('case.fraud')),
    tk.fraudSignals && tk.fraudSignals.length
      ? h('ul', { class: 'plain' }, tk.fraudSignals.map((s) => h('li', {}, t(`fraudSignal.${s}`))))
      : h('p', { class: 'muted' }, t('case.noFraud')));

  const noteText = h('textarea', { id: 'note-text', placeholder: t('composer.notePlaceholder'), value: state.drafts.note, oninput: (e) => (state.drafts.note = e.target.value) });
  const notesCard = h('section', { class: 'card', id: 'notes' }, h('h2', {}, t('case.notes')),
    c.notes.length ? h('ul', { class: 'history' }, c.notes.map((n) => h('li', {}, h('div', { class: 'small' }, `${n.agentName} · ${dt(n.at)}`), h('div', {}, n.text)))) : h('p', { class: 'muted' }, t('case.noNotes')),
    h('div', { class: 'composer' }, noteText, h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'secondary', 'data-action': 'note', onclick: async () => {
      await act(() => api('POST', `/cases/${tk.code}/notes`, { text: noteText.value }), t('composer.noteSaved'));
      state.drafts.note = '';
      await render();
    } }, t('composer.addNote')))));

  const calls = (tk.confirmation && tk.confirmation.phoneCalls) || [];
  const callsCard = h('section', { class: 'card', id: 'calls' }, h('h2', {}, t('case.calls')),
    calls.length ? h('ul', { class: 'history' }, calls.map((call) => {
      const [outcome, ...rest] = String(call.note || '').split(': ');
      return h('li', {}, h('div', { class: 'small' }, `${actorName(call.agent, c.agents)} · ${dt(call.at)}`), h('div', {}, t(`call.${outcome}`), rest.length ? ` — ${rest.join(': ')}` : ''));
    })) : h('p', { class: 'muted' }, t('case.noCalls')));

  const relatedCard = h('section', { class: 'card', id: 'related' }, h('h2', {}, t('case.related')),
    c.related && c.related.length ? h('ul', { class: 'queue' }, c.related.map(ticketRow)) : h('p', { class: 'muted' }, t('case.noRelated')));

  const historyCard = h('section', { class: 'card', id: 'history' }, h('h2', {}, t('case.history')),
    h('ul', { class: 'history' }, c.history.map((e) => h('li', { 'data-action': e.action },
      h('div', {}, h('strong', {}, lookup(state.texts[state.lang], `history.action.${e.action}`) ? t(`history.action.${e.action}`) : e.action)),
      h('div', { class: 'small' }, t('history.by', { actor: actorName(e.actor, c.agents), time: dt(e.at) })),
      e.changes && e.changes.length ? h('div', { class: 'changes' }, e.changes.map((x) => changeText(x, c.agents)).join(' · ')) : null))));

  mount(head, holder, actions, ...panels,
    h('div', { class: 'grid' },
      h('div', {}, convCard, notesCard),
      h('div', {}, ticketCard, relatedCard, findingsCard, fraudCard, callsCard, historyCard)));
  if (focused && $(focused)) $(focused).focus();
}
