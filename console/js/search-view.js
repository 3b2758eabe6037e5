// Search results and the ticket rows other views reuse.
import { api } from './api-client.js';
import { $, h, mount } from './dom.js';
import { dt } from './format.js';
import { errorText } from './notices.js';
import { channelName, t } from './texts.js';

export function ticketRow(i) {
  return h('li', { 'data-code': i.code },
    h('a', { href: `#/case/${encodeURIComponent(i.code)}` },
      h('div', { class: 'row' }, h('span', { class: 'code' }, i.code), h('span', { class: `badge status-${i.status}` }, t(`status.${i.status}`)),
        i.channel ? h('span', { class: 'badge' }, channelName(i.channel)) : null),
      h('div', {}, i.resolution ? t(`resolution.${i.resolution}`) : i.situation ? t(`situation.${i.situation}`) : ''),
      h('div', { class: 'row small' },
        h('span', {}, dt(i.createdAt)),
        i.customerName ? h('span', {}, i.customerName) : null,
        i.phone ? h('span', {}, i.phone) : null,
        i.serial ? h('span', {}, t('search.serial', { serial: i.serial })) : null,
        i.by && i.by.length ? h('span', { class: 'muted' }, t('search.by', { fields: i.by.map((b) => t(`search.field.${b}`)).join(', ') })) : null)));
}
export async function renderSearch(q) {
  if ($('search-q') && $('search-q').value !== q) $('search-q').value = q;
  let r;
  try {
    r = await api('GET', `/search?q=${encodeURIComponent(q)}`);
  } catch (err) {
    if (err.status === 401) throw err;
    mount(h('p', { class: 'muted', id: 'search-error' }, errorText(err)));
    return;
  }
  const list = h('ul', { class: 'queue', id: 'search-results' }, r.items.map(ticketRow));
  mount(h('h2', {}, t('search.title', { q })), r.items.length ? list : h('p', { class: 'muted', id: 'search-empty' }, t('search.none')));
}
