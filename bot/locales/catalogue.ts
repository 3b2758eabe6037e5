// What the code expects of the locale files: every key it reads, the variables it passes to each
// text, the placeholders a text must keep, and which texts are quick-reply titles. Validation
// (bot/locales/validate.ts) checks the files against this, so an admin's edit cannot remove a text
// the bot needs or a {{placeholder}} a customer must see, and a misspelt placeholder is caught.
//
// When code starts reading a new key, add it here (a key under a namespace this file does not list
// — e.g. a new console.json — is still checked, against the other language and against the last
// good version, just not against the code).
import { ASK_FIELDS, EDITABLE_FIELDS, RESOLUTIONS, SITUATIONS, TICKET_STATUSES } from '../../machines/complaint/types';
import { MESSAGES, OUTCOME_NS } from '../../machines/complaint/messages';
import { DEFAULT_DENOMINATIONS } from '../../dialogs/understanding/money';
import { FAQ_TOPICS, VOCABULARY_KEYS, VOCABULARY_NS } from '../../dialogs/understanding/vocabulary';

export interface KeySpec {
  /** Variables the code passes: the only placeholders the text may use. */
  vars: readonly string[];
  /** Placeholders the text must keep (the customer would miss the information without them). */
  required: readonly string[];
  /** The code reads this key: removing it is an error. */
  mandatory: boolean;
  /** A quick-reply title, rendered with each of these variable sets to check its length. */
  quickReplySamples?: ReadonlyArray<Record<string, unknown>>;
}

/** Messenger cuts quick-reply titles at 20 characters. */
export const QUICK_REPLY_MAX = 20;
/** Messenger and Zalo accept text messages up to 2000 characters. */
export const MESSAGE_MAX = 2000;
/** Namespaces that are not chat messages (no chat length limit). */
export const NOT_CHAT_NAMESPACES: readonly string[] = ['email', 'vocabulary'];

/** Every key under `choices` is a quick-reply title, in any file. */
export function isQuickReplyKey(key: string): boolean {
  return /(^|\.)choices\.[^.]+$/.test(key);
}

type Table = Record<string, Omit<KeySpec, 'mandatory'> & { mandatory?: boolean }>;

const plain = { vars: [], required: [] } as const;
const need = (...vars: string[]) => ({ vars, required: vars });

// Every question gets the same variables (complaint-dialog.ts promptActivity).
const PROMPT_VARS = ['summary', 'prefill', 'service', 'misses'] as const;
const promptRequired: Partial<Record<string, string[]>> = { confirm: ['summary'], statusText: ['prefill'] };

const YES_NO_FIELDS = ['isBitCard', 'isOwnAccount', 'cardShell', 'offerAgent'] as const;

function ask(): Table {
  const t: Table = {};
  for (const f of ASK_FIELDS) t[`${f}.prompt`] = { vars: PROMPT_VARS, required: promptRequired[f] ?? [] };
  t['statusText.promptFree'] = { vars: PROMPT_VARS, required: [] };
  for (const s of SITUATIONS) t[`situation.choices.${s}`] = plain;
  for (const f of YES_NO_FIELDS) {
    t[`${f}.choices.yes`] = plain;
    t[`${f}.choices.no`] = plain;
  }
  t['denomination.choice'] = { ...need('amount'), quickReplySamples: DEFAULT_DENOMINATIONS.map((amount) => ({ amount })) };
  t['statusText.choices.keep'] = plain;
  // The "other" situation has no prefilled status: the free prompt is asked instead.
  for (const s of SITUATIONS) if (s !== 'other') t[`statusText.prefill.${s}`] = plain;
  t['email.choices.skip'] = plain;
  t['providerChoice.choices.call'] = plain;
  t['providerChoice.choices.investigate'] = plain;
  t['confirm.choices.ok'] = plain;
  for (const f of EDITABLE_FIELDS) t[`confirm.choices.${f}`] = plain;
  return t;
}

// Re-asks: `reask:<field>.<reason>`, else `reask:generic.<reason>`, else `reask:generic.not_understood`
// (complaint-dialog.ts validate). A field-specific text an admin adds is used too.
const REASK_KEYS = [
  'generic.empty',
  'generic.attachment',
  'generic.too_long_message',
  'generic.not_understood',
  'situation.unclear',
  'isBitCard.not_yes_no',
  'isBitCard.not_sure',
  'isOwnAccount.not_yes_no',
  'isOwnAccount.not_sure',
  'cardShell.not_yes_no',
  'cardShell.not_sure',
  'offerAgent.not_yes_no',
  'offerAgent.not_sure',
  'service.empty',
  'service.too_long',
  'service.not_a_name',
  'denomination.not_a_number',
  'denomination.not_allowed',
  'denomination.ambiguous',
  'serial.not_a_serial',
  'serial.too_short',
  'serial.too_long',
  'serial.bad_characters',
  'serial.looks_like_code',
  'purchasePlace.too_short',
  'purchasePlace.too_long',
  'transactionAt.not_a_time',
  'transactionAt.future',
  'transactionAt.invalid_date',
  'transactionAt.invalid_time',
  'transactionAt.need_hour',
  'statusText.empty',
  'statusText.too_long',
  'phone.not_a_phone',
  'phone.not_mobile',
  'phone.too_short',
  'phone.too_long',
  'phone.invalid',
  'email.not_an_email',
  'providerChoice.pick_one',
  'providerChoice.both',
  'providerChoice.not_understood',
  'confirm.which_field',
  'confirm.not_understood',
];

function lookup(): Table {
  const t: Table = {
    askCode: plain,
    askPhone: need('code'),
    badCode: plain,
    badPhone: plain,
    notFound: need('code'),
  };
  const statusVars = ['code', 'deadline', 'resolution'];
  const statusRequired: Partial<Record<(typeof TICKET_STATUSES)[number], string[]>> = { waiting_agent: ['deadline'], closed: ['resolution'] };
  for (const s of TICKET_STATUSES) t[`status.${s}`] = { vars: statusVars, required: ['code', ...(statusRequired[s] ?? [])] };
  for (const r of RESOLUTIONS) t[`resolution.${r}`] = plain;
  return t;
}

function outcome(): Table {
  const t: Table = {};
  for (const [key, vars] of Object.entries(MESSAGES)) t[key] = { vars, required: vars };
  return t;
}

const TABLES: Record<string, Table> = {
  common: { error: plain, restarted: plain, editLater: plain, closing: plain, welcome: plain, nothingToCancel: plain, nothingToEdit: plain, noted: need('lines') },
  faq: {
    ...Object.fromEntries(FAQ_TOPICS.map((f) => [f, { vars: ['games'], required: f === 'which_games' ? ['games'] : [] }])),
    offer: plain,
    'choices.complain': plain,
    'choices.agent': plain,
  },
  // The phrasings the bot recognises (dialogs/understanding/vocabulary.ts): not shown to customers.
  [VOCABULARY_NS]: Object.fromEntries(VOCABULARY_KEYS.map((k) => [k, plain])),
  ask: ask(),
  reask: Object.fromEntries(REASK_KEYS.map((k) => [k, plain])),
  summary: {
    situation: need('value'),
    service: need('value'),
    denomination: need('amount'),
    serial: need('value'),
    purchasePlace: need('value'),
    transactionAt: need('at'),
    statusText: need('value'),
    phone: need('value'),
    email: need('value'),
    noEmail: plain,
  },
  [OUTCOME_NS]: outcome(),
  lookup: lookup(),
  handoff: { ack: plain },
  email: { subject: need('ticketCode'), body: need('ticketCode', 'message') },
};

/** Namespaces whose keys the code reads (their files must exist in every language). */
export function catalogueNamespaces(): string[] {
  return Object.keys(TABLES);
}

/** Keys the code reads in a namespace. */
export function mandatoryKeys(ns: string): string[] {
  return Object.entries(TABLES[ns] ?? {})
    .filter(([, s]) => s.mandatory !== false)
    .map(([k]) => k);
}

/** What the code expects of one text; undefined for a key the code does not know. */
export function specFor(ns: string, key: string): KeySpec | undefined {
  const table = TABLES[ns];
  if (!table) return undefined;
  const s = table[key];
  if (s) return { mandatory: s.mandatory !== false, ...s };
  // A field-specific re-ask an admin added: read like the others, with no variables.
  if (ns === 'reask') return { vars: [], required: [], mandatory: false };
  return undefined;
}
