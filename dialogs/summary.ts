import type { TFunction } from 'i18next';
import type { ComplaintContext } from '../machines/complaint/types';

/** The recap shown before the ticket is recorded: one line per field given. */
export function renderSummary(context: ComplaintContext, t: TFunction): string {
  const f = context.fields;
  const lines: string[] = [];
  if (context.situation) lines.push(t('summary:situation', { value: t(`ask:situation.choices.${context.situation}`) }));
  if (f.service) lines.push(t('summary:service', { value: f.service.name }));
  if (f.denomination !== undefined) lines.push(t('summary:denomination', { amount: f.denomination }));
  if (f.serial) lines.push(t('summary:serial', { value: f.serial }));
  if (f.purchasePlace) lines.push(t('summary:purchasePlace', { value: f.purchasePlace }));
  if (f.transactionAt) lines.push(t('summary:transactionAt', { at: f.transactionAt }));
  if (f.statusText) lines.push(t('summary:statusText', { value: f.statusText }));
  if (f.phone) lines.push(t('summary:phone', { value: f.phone }));
  lines.push(f.email ? t('summary:email', { value: f.email }) : t('summary:noEmail'));
  return lines.join('\n');
}
