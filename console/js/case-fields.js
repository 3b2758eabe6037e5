// A case's records as people read them: fields, history changes, card-system findings.
import { h } from './dom.js';
import { dt, nationalPhone, vnd } from './format.js';
import { has, t } from './texts.js';

export function fields(pairs) {
  const dl = h('dl', { class: 'fields' });
  for (const [label, value] of pairs) {
    dl.append(h('dt', {}, label), h('dd', {}, value === undefined || value === null || value === '' ? t('field.empty') : value));
  }
  return dl;
}
export function actorName(actor, agents) {
  if (actor === 'bot') return t('author.bot');
  if (actor === 'customer') return t('history.customer');
  if (actor === 'system') return t('history.system');
  if (actor.startsWith('agent:')) return t('author.agent', { name: agents[actor.slice(6)] || actor.slice(6) });
  return actor;
}

/** A stored value as people read it: codes through the locale, times local, phones national. */
export function valueText(field, v, agents) {
  if (v === null || v === undefined || v === '') return t('field.empty');
  if (Array.isArray(v)) return v.length ? v.map((x) => valueText(field, x, agents)).join(', ') : t('field.empty');
  if (typeof v === 'boolean') return v ? t('history.yes') : t('history.no');
  const str = String(v);
  const byField = {
    status: 'status', resolution: 'resolution', handoffReason: 'handoffReason', situation: 'situation',
    'conversation.owner': 'owner', 'confirmation.email': 'emailState', fraudSignals: 'fraudSignal', action: 'agentAction', channel: 'channel',
  }[field];
  if (byField && has(`${byField}.${str}`)) return t(`${byField}.${str}`);
  if (field === 'agent') return (agents && agents[str]) || str;
  if (field === 'phone') return nationalPhone(str);
  if (field === 'denomination' && typeof v === 'number') return vnd(v);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(str)) return dt(str);
  return str;
}
export function changeText(c, agents) {
  const name = has(`history.field.${c.field}`) ? t(`history.field.${c.field}`) : c.field;
  // Whole records (card findings, a phone call) are shown in their own cards: name them only.
  const isRecord = (v) => v && typeof v === 'object' && !Array.isArray(v);
  if (isRecord(c.from) || isRecord(c.to)) return name;
  const cut = (v) => (v.length > 160 ? `${v.slice(0, 160)}…` : v);
  if (c.from === null || c.from === undefined) return `${name}: ${cut(valueText(c.field, c.to, agents))}`;
  return `${name}: ${cut(valueText(c.field, c.from, agents))} → ${cut(valueText(c.field, c.to, agents))}`;
}

export function findingsView(tk) {
  const f = tk.findings;
  if (!f) return h('p', { class: 'muted' }, tk.cardSystemError ? t('findings.error', { error: tk.cardSystemError }) : t('findings.none'));
  const parts = [];
  if (!f.card) parts.push(h('p', {}, t('findings.cardUnknown')));
  else {
    const card = f.card;
    parts.push(fields([
      [t('findings.cardStatus'), t(`cardStatus.${card.status}`)],
      [t('findings.denomination'), card.denomination ? vnd(card.denomination) : ''],
      [t('findings.activatedAt'), dt(card.activatedAt)],
      [t('findings.soldAt'), dt(card.soldAt)],
      [t('findings.soldBy'), card.soldBy ? [card.soldBy.name, card.soldBy.address].filter(Boolean).join(', ') : ''],
      [t('findings.usedAt'), dt(card.usedAt)],
      [t('findings.usedBy'), card.usedBy ? `${card.usedBy.service} · ${card.usedBy.account}` : ''],
    ]));
  }
  parts.push(fields([
    [t('findings.otherComplaints'), String(f.otherComplaintsWithSerial ?? 0)],
    [t('findings.recentSerials'), String(f.recentSerialsByCustomer ?? 0)],
    [t('findings.checkedAt'), dt(f.checkedAt)],
  ]));
  if (f.topups && f.topups.length) {
    parts.push(h('h3', { class: 'small' }, t('findings.topups')), h('ul', { class: 'plain' }, f.topups.map((x) =>
      h('li', {}, t('findings.topup', { at: dt(x.at), service: x.service, account: x.account, result: t(`topupResult.${x.result}`) + (x.error ? ` (${has(`topupError.${x.error}`) ? t(`topupError.${x.error}`) : x.error})` : '') }),
        x.providerAck === undefined ? '' : ` · ${x.providerAck ? t('findings.providerAck') : t('findings.providerNoAck')}`))));
  }
  return h('div', {}, parts);
}
