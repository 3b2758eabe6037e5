import type { TFunction } from 'i18next';
import { EDITABLE_FIELDS, type AnswerValues, type ComplaintContext, type EditableField } from '../machines/complaint/types';
import { formatPhoneNational } from './understanding/phone';

/** One field as the customer reads it back (the summary and the "noted" message alike). */
export function fieldLine<F extends EditableField>(field: F, value: AnswerValues[F], t: TFunction): string {
  switch (field) {
    case 'service': return t('summary:service', { value: (value as AnswerValues['service']).name });
    case 'denomination': return t('summary:denomination', { amount: value });
    case 'transactionAt': return t('summary:transactionAt', { at: value });
    case 'phone': return t('summary:phone', { value: formatPhoneNational(value as string) });
    default: return t(`summary:${field}`, { value });
  }
}

/** The recap shown before the ticket is recorded: one line per field given. */
export function renderSummary(context: ComplaintContext, t: TFunction): string {
  const f = context.fields;
  const lines: string[] = [];
  if (context.situation) lines.push(t('summary:situation', { value: t(`ask:situation.choices.${context.situation}`) }));
  // Every Article 4 field in its order; email last, with its own line when there is none.
  for (const field of EDITABLE_FIELDS) {
    if (field === 'email') continue;
    const value = f[field];
    if (value !== undefined && value !== '') lines.push(fieldLine(field, value, t));
  }
  lines.push(f.email ? fieldLine('email', f.email, t) : t('summary:noEmail'));
  return lines.join('\n');
}
