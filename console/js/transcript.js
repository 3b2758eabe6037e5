// The chat transcript of a case: messages, delivery marks, photos and files.
import { act, api } from './api-client.js';
import { h } from './dom.js';
import { dt } from './format.js';
import { render } from './router.js';
import { state } from './state.js';
import { lookup, t } from './texts.js';

export function authorName(entry, agents) {
  if (entry.author === 'customer') return t('author.customer');
  if (entry.author.startsWith('agent:')) {
    const id = entry.author.slice(6);
    return t('author.agent', { name: (agents && agents[id]) || id });
  }
  return t('author.bot');
}
export function messageItem(e, agents) {
  const isAgent = e.author.startsWith('agent:');
  return h('li', { class: `msg ${e.direction === 'in' ? 'in' : 'out'}${isAgent ? ' agent' : ''}`, 'data-author': e.author.split(':')[0] },
    h('span', { class: 'meta' }, `${authorName(e, agents)} · ${dt(e.at)}`),
    e.text ? h('span', { class: 'text' }, e.text) : null,
    e.files && e.files.length ? h('span', { class: 'files' }, e.files.map(fileItem)) : !e.text && e.attachments ? h('span', { class: 'muted' }, t('files.kinds', { kinds: e.attachments.map(kindName).join(', ') })) : null,
    e.choices && e.choices.length ? h('span', { class: 'choices' }, e.choices.map((c) => `[${c}]`).join(' ')) : null,
    e.direction === 'out' && e.delivery ? deliveryMark(e) : null);
}
/** Sent, failed with the reason (and, for the agent's own reply, a retry), or sent again later. */
export function deliveryMark(e) {
  if (e.delivery === 'sent') return h('span', { class: 'delivery sent', 'data-delivery': 'sent' }, t('delivery.sent'));
  if (e.delivery === 'retried') return h('span', { class: 'delivery retried', 'data-delivery': 'retried' }, t('delivery.retried'));
  const reason = lookup(state.texts[state.lang], `delivery.reason.${e.deliveryError}`) ? t(`delivery.reason.${e.deliveryError}`) : t('delivery.reason.other');
  const c = state.caseData;
  const canRetry = e.agentReply && e.id && c && c.can.reply && e.author === `agent:${state.me.id}`;
  return h('span', { class: 'delivery failed', 'data-delivery': 'failed', role: 'alert' }, t('delivery.failed', { reason }),
    canRetry ? h('button', { type: 'button', class: 'link', 'data-action': 'retry', onclick: async (ev) => {
      ev.target.disabled = true;
      await act(() => api('POST', `/cases/${c.ticket.code}/messages/${e.id}/retry`), t('delivery.retriedNow')).catch(() => {});
      await render();
    } }, t('delivery.retry')) : null);
}
export function kindName(type) {
  const major = String(type || '').split('/')[0];
  return t(`files.kind.${['image', 'audio', 'video'].includes(major) ? major : 'file'}`);
}
/** A kept photo as a thumbnail (click: full size), a PDF as a link, a file not kept with why. */
export function fileItem(f) {
  if (!f.id) return h('span', { class: 'file missing', 'data-error': f.error }, t('files.notKept', { kind: kindName(f.contentType), reason: t(`files.error.${f.error || 'unreachable'}`) }));
  const href = `/console/api/files/${encodeURIComponent(f.id)}`;
  if (f.contentType.startsWith('image/')) {
    return h('a', { class: 'file', href, target: '_blank', rel: 'noopener' }, h('img', { class: 'thumb', src: href, alt: t('files.photo'), loading: 'lazy' }));
  }
  return h('a', { class: 'file', href, target: '_blank', rel: 'noopener' }, t('files.document', { size: Math.ceil((f.size || 0) / 1024) }));
}
