import type { TFunction } from 'i18next';
import { EDITABLE_FIELDS, SITUATIONS, type AskField, type ComplaintContext } from '../machines/complaint/types';
import { fold } from '../machines/text/fold';

export interface FieldChoice {
  title: string;
  value: unknown;
}

export interface AskEnv {
  t: TFunction;
  context: ComplaintContext;
  denominations: readonly number[];
  /** Status text offered when the customer has nothing to add (from the situation). */
  statusPrefill: string;
}

const yesNo = (field: AskField, t: TFunction): FieldChoice[] => [
  { title: t(`ask:${field}.choices.yes`), value: true },
  { title: t(`ask:${field}.choices.no`), value: false },
];

/** The quick replies offered with a question: only where the answers are a short, fixed list. */
export function choicesFor(field: AskField, env: AskEnv): FieldChoice[] {
  const { t } = env;
  switch (field) {
    case 'situation':
      return SITUATIONS.map((s) => ({ title: t(`ask:situation.choices.${s}`), value: s }));
    case 'isBitCard':
    case 'isOwnAccount':
    case 'cardShell':
    case 'offerAgent':
      return yesNo(field, t);
    case 'denomination':
      return env.denominations.map((amount) => ({ title: t('ask:denomination.choice', { amount }), value: amount }));
    case 'statusText':
      return env.statusPrefill ? [{ title: t('ask:statusText.choices.keep'), value: env.statusPrefill }] : [];
    case 'email':
      return [{ title: t('ask:email.choices.skip'), value: null }];
    case 'providerChoice':
      return [
        { title: t('ask:providerChoice.choices.call'), value: 'call' },
        { title: t('ask:providerChoice.choices.investigate'), value: 'investigate' },
      ];
    case 'confirm':
      return [
        { title: t('ask:confirm.choices.ok'), value: true },
        ...EDITABLE_FIELDS.filter((f) => f !== 'email' || env.context.fields.email !== undefined).map((f) => ({
          title: t(`ask:confirm.choices.${f}`),
          value: f,
        })),
      ];
    default:
      return [];
  }
}

/** A tapped quick reply comes back as its title; a typed "2" means the second option. */
export function matchChoice(text: string, choices: FieldChoice[]): FieldChoice | undefined {
  const folded = fold(text).replace(/[.!?]+$/, '');
  if (!folded) return undefined;
  const byTitle = choices.find((c) => fold(c.title) === folded);
  if (byTitle) return byTitle;
  const n = /^(?:so\s*)?(\d{1,2})$/.exec(folded);
  if (n && Number(n[1]) >= 1 && Number(n[1]) <= choices.length) return choices[Number(n[1]) - 1];
  return undefined;
}
