// The queue: waiting, mine, all.
import { badges as slaBadges } from './sla-countdown.js';
import { api } from './api-client.js';
import { h, mount } from './dom.js';
import { dt, nationalPhone } from './format.js';
import { showCounts } from './header.js';
import { state } from './state.js';
import { channelName, t } from './texts.js';

export async function renderQueue(view, current = () => true) {
  const r = await api('GET', `/queue?view=${view}`);
  if (!current()) return;
  state.serverNow = r.now;
  const tabs = h('div', { class: 'tabs', role: 'tablist' },
    ['waiting', 'mine', 'all'].map((v) => h('a', { href: `#/queue/${v}`, class: v === view ? 'on' : '', role: 'tab', 'aria-selected': v === view ? 'true' : 'false', 'data-view': v },
      t(`queue.${v}`), ' ', h('span', { class: 'count' }, state.summary ? String(state.summary.counts[v]) : ''))));
  const list = h('ul', { class: 'queue', id: 'queue' });
  for (const item of r.items) list.append(queueItem(item));
  mount(tabs, r.items.length ? list : h('p', { class: 'muted' }, t('queue.empty')));
  showCounts();
}
export function queueItem(i) {
  const badges = [];
  if (i.overdue) badges.push(h('span', { class: 'badge overdue' }, t('queue.overdue')));
  else if (i.nearDeadline) badges.push(h('span', { class: 'badge near' }, t('queue.nearDeadline')));
  const holder = i.heldBy ? (i.heldBy.id === state.me.id ? t('queue.heldByYou') : t('queue.heldBy', { name: i.heldBy.name })) : t('queue.unclaimed');
  const reason = i.handoffReason ? t(`handoffReason.${i.handoffReason}`) : i.situation ? t(`situation.${i.situation}`) : '';
  return h('li', { class: i.overdue ? 'overdue' : i.nearDeadline ? 'near' : '', 'data-code': i.code },
    h('a', { href: `#/case/${encodeURIComponent(i.code)}` },
      h('div', { class: 'row' }, h('span', { class: 'code' }, i.code), ...badges, h('span', { class: 'badge held' }, holder), ...slaBadges(i.sla, t, state.serverNow)),
      h('div', {}, reason),
      h('div', { class: 'row small' },
        h('span', {}, i.deadline ? t('queue.deadline', { deadline: dt(i.deadline) }) : t('queue.noDeadline')),
        i.channel ? h('span', { class: 'channel' }, channelName(i.channel)) : null,
        h('span', {}, i.channel === 'phone' ? '' : i.owner ? t(`owner.${i.owner}`) : ''),
        i.customerName ? h('span', {}, i.customerName) : null,
        i.phone ? h('span', {}, nationalPhone(i.phone)) : null,
        i.lastInboundAt ? h('span', {}, t('queue.lastMessage', { time: dt(i.lastInboundAt) })) : null)));
}
