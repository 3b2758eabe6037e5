// What the console tells the agent after a phone complaint: the ticket code and what the procedure
// decided, in the agent's language (locales/<lng>/console.json, phoneForm.outcome.* and the lists'
// own labels), never a code.
import type { PhoneComplaint } from './phone-complaint';
import { formatVnDateTime, interpolate, lookup, type ConsoleLanguage, type TextSource } from './texts';

export function phoneOutcomeText(source: TextSource, lng: ConsoleLanguage, done: PhoneComplaint): string {
  const texts = source(lng, 'console');
  const t = (key: string, vars: Record<string, string> = {}): string => {
    const s = lookup(texts, key);
    return typeof s === 'string' ? interpolate(s, vars) : '';
  };
  const code = done.code;
  const o = done.outcome;
  const lines: string[] = [];
  if (o.kind === 'closed') {
    lines.push(t('phoneForm.outcome.closed', { code, resolution: t(`resolution.${o.resolution}`) }));
  } else if (o.kind === 'handedOff') {
    const vars = { code, reason: t(`handoffReason.${o.reason}`), deadline: o.deadline ? formatVnDateTime(new Date(o.deadline)) : '' };
    lines.push(t(o.deadline ? 'phoneForm.outcome.handedOffDue' : 'phoneForm.outcome.handedOff', vars));
  } else {
    const found = o.says.find((s) => s.key === 'outcome:topupFound')?.vars ?? {};
    const at = typeof found.at === 'string' ? formatVnDateTime(new Date(found.at)) : '';
    const ask = t(`phoneForm.question.${o.question}`, { service: String(found.service ?? ''), account: String(found.account ?? ''), at }) || t('phoneForm.question.other');
    lines.push(t('phoneForm.outcome.needsAnswer', { code, question: ask }));
  }
  if (done.fraudSignals.length) {
    lines.push(t('phoneForm.outcome.signals', { signals: done.fraudSignals.map((f) => t(`fraudSignal.${f}`)).join(', ') }));
  }
  return lines.filter(Boolean).join(' ');
}
