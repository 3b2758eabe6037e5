// A complaint taken on a phone call: the same Article 4 fields as a chat complaint, read by the same
// parsers the bot uses (dialogs/understanding). What the procedure then decides (Article 3, the card
// check, fraud, handoff, deadline) is the machine's: see phone-complaint.ts.
import {
  DEFAULT_DENOMINATIONS,
  findService,
  isEmptyOrNoise,
  normalizeInput,
  parseDenomination,
  parseEmail,
  parsePhone,
  parsePurchasePlace,
  parseSerial,
  parseStatusText,
  parseTransactionTime,
} from '../../dialogs/understanding';
import { EDITABLE_FIELDS, SITUATIONS, type AnswerValues, type EditableField, type Situation } from '../../machines/complaint/types';
import { dayNeedsHour } from '../../machines/rules/validity';
import { statusPrefill, type TextSource } from './texts';

// The Article 4 fields, as the chat asks them, plus who called and what happened.
export const PHONE_TICKET_FIELDS = ['customerName', 'situation', ...EDITABLE_FIELDS] as const;
export type PhoneTicketField = (typeof PHONE_TICKET_FIELDS)[number];

/** The same values the chat's answers carry, plus who called. */
export type PhoneTicketValues = { customerName?: string } & Pick<AnswerValues, 'situation' | EditableField>;

export type PhoneTicketResult =
  | { ok: true; values: PhoneTicketValues }
  /** Per field, the parser's reason (the console shows errors.<field>.<reason>). */
  | { ok: false; errors: Partial<Record<PhoneTicketField, string>> };

const MAX_NAME = 100;

export function validatePhoneTicket(
  form: Record<string, unknown>,
  env: { now: Date; texts: TextSource; serialPattern?: RegExp; denominations?: readonly number[] },
): PhoneTicketResult {
  const text = (f: PhoneTicketField) => (typeof form[f] === 'string' ? (form[f] as string) : '');
  const blank = (f: PhoneTicketField) => isEmptyOrNoise(text(f));
  const errors: Partial<Record<PhoneTicketField, string>> = {};
  const values: Partial<PhoneTicketValues> = {};

  const name = normalizeInput(text('customerName'));
  if (name.length > MAX_NAME) errors.customerName = 'too_long';
  else if (name) values.customerName = name;

  if (SITUATIONS.includes(text('situation') as Situation)) values.situation = text('situation') as Situation;
  else errors.situation = 'required';

  const read = <K extends keyof PhoneTicketValues>(
    field: K & PhoneTicketField,
    parse: (s: string) => { ok: true; value: unknown } | { ok: false; reason: string },
  ) => {
    if (blank(field)) {
      errors[field] = 'required';
      return;
    }
    const r = parse(text(field));
    if (r.ok) values[field] = r.value as PhoneTicketValues[K];
    else errors[field] = r.reason;
  };
  read('service', (s) => findService(s));
  read('denomination', (s) => parseDenomination(s, env.denominations ?? DEFAULT_DENOMINATIONS));
  read('serial', (s) => (env.serialPattern ? parseSerial(s, env.serialPattern) : parseSerial(s)));
  read('purchasePlace', parsePurchasePlace);
  read('transactionAt', (s) => {
    const r = parseTransactionTime(s, env.now.toISOString());
    // As the chat does: a day without its hour, on the day Article 3's month ends, is asked for.
    // Whether the complaint is in time is the machine's decision (an expired one is recorded and closed).
    if (r.ok && !r.hourKnown && dayNeedsHour(r.value, env.now.toISOString())) return { ok: false, reason: 'need_hour' };
    return r;
  });
  const prefill = values.situation && statusPrefill(env.texts, values.situation);
  if (blank('statusText') && prefill) {
    values.statusText = prefill;
  } else {
    read('statusText', parseStatusText);
  }
  read('phone', parsePhone);
  if (blank('email')) values.email = null;
  else {
    const r = parseEmail(text('email'));
    if (r.ok) values.email = r.value;
    else errors.email = r.reason;
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, values: values as PhoneTicketValues };
}
