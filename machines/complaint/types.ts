// The contract between the complaint machine (pure procedure) and the layers that drive it
// (dialogs parse answers into events; the bot performs effects and feeds results back).
// Times are ISO 8601 strings so that snapshots stay plain JSON.
import type { BusinessCalendar } from '../rules/business-calendar';

/** Article 2 situations (procedure.md). */
export const SITUATIONS = [
  'success_not_credited',
  'failed_card_used',
  'failed_card_not_found',
  'failed_card_inactive',
  'failed_other',
  'other',
] as const;
export type Situation = (typeof SITUATIONS)[number];

/** Resolution codes (procedure.md, Step 3 table). */
export const RESOLUTIONS = [
  'wrong_account',
  'provider_contact',
  'provider_investigation',
  'used_after_purchase',
  'used_before_purchase',
  'issuer_error',
  'reenter_code',
  'fraud_refused',
  'agent_resolved',
  'expired',
  'card_shell_invalid',
  'out_of_scope',
] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Why a conversation went to a human agent. */
export const HANDOFF_REASONS = [
  'fraud_suspected',
  'provider_investigation',
  're_verification',
  'card_system_unavailable',
  'other_situation',
  'customer_request',
  'repeated_misses',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

export const TICKET_STATUSES = ['open', 'waiting_agent', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * The Article 4 fields: what the customer gives, what the summary shows and the customer can
 * correct, and what the ticket keeps (ComplaintFields). Every list of them derives from this one.
 */
export const EDITABLE_FIELDS = [
  'service',
  'denomination',
  'serial',
  'purchasePlace',
  'transactionAt',
  'statusText',
  'phone',
  'email',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/**
 * What the machine can ask. A state that waits for an answer carries the tag `ask:<AskField>`;
 * the dialog layer prompts for that field and answers with ANSWER / INVALID.
 */
export const ASK_FIELDS = [
  'situation',
  'isBitCard',
  ...EDITABLE_FIELDS,
  'confirm',
  'isOwnAccount',
  'providerChoice',
  'cardShell',
  'offerAgent',
] as const;
export type AskField = (typeof ASK_FIELDS)[number];

/**
 * Tags the machine's states carry: `ask:<field>` on a state waiting for the customer, `await:*` on a
 * state waiting for the bot's effect, `owner:queue` while a human agent owns the conversation.
 */
/** 'then:checkCard': the ticket being created is checked against the card system right after. */
export type ComplaintTag = `ask:${AskField}` | 'await:createTicket' | 'then:checkCard' | 'await:checkCard' | 'owner:queue';

export interface Service {
  /** Catalogue id, absent for a name the catalogue does not know (accepted as written). */
  id?: string;
  name: string;
  /** Provider hotline from the catalogue, when known. */
  hotline?: string;
}

/** The Article 4 fields as the machine holds them (values as ANSWER carries them). */
export type ComplaintFields = { [F in EditableField]?: AnswerValues[F] };

/** Card statuses and top-up outcomes of card-system-api.md: the one list the contract's schemas, the models and the tests use. */
export const CARD_STATUSES = ['active', 'used', 'inactive', 'locked'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];
export const TOPUP_RESULTS = ['success', 'failed'] as const;
export type TopupResult = (typeof TOPUP_RESULTS)[number];
export const TOPUP_ERRORS = ['card_used', 'card_not_found', 'card_inactive', 'wrong_code', 'system_error'] as const;
export type TopupError = (typeof TOPUP_ERRORS)[number];

/** Card record as card-system-api.md returns it (already validated). */
export interface CardRecord {
  serial: string;
  denomination: number;
  status: CardStatus;
  activatedAt?: string;
  soldAt?: string;
  soldBy?: { name: string; address?: string };
  usedAt?: string;
  usedBy?: { service: string; account: string };
}

export interface Topup {
  id: string;
  at: string;
  service: string;
  account: string;
  serial: string;
  result: TopupResult;
  error?: TopupError;
  providerAck?: boolean;
}

/** Everything Step 3 looked at, kept on the ticket for the agent. */
export interface CardFindings {
  /** null when the card system answered 404 for the serial. */
  card: CardRecord | null;
  topups: Topup[];
  /** Tickets of *other* customers that name the same serial (`fraudCounts` in fraud.ts). */
  otherComplaintsWithSerial: number;
  /**
   * Distinct failing serials (fraud.ts `FAILING_SITUATIONS`) in this customer's (same phone)
   * complaints within `fraudWindowHours`, this one included when it fails.
   */
  recentSerialsByCustomer: number;
  checkedAt: string;
}

export const FRAUD_SIGNALS = [
  'serial_in_other_complaint',
  'many_serials_short_time',
  'inactive_without_sale',
  'denomination_mismatch',
  'purchase_place_mismatch',
  'serial_unknown_after_reentry',
] as const;
export type FraudSignal = (typeof FRAUD_SIGNALS)[number];

export interface ExchangePoint {
  name: string;
  address: string;
}

/** Operator-editable rules, given as machine input (read from config/ by the bot). */
export interface ProcedureConfig {
  /** Working hours, holidays and dated exceptions (config/business-hours.json + holidays.json). */
  calendar: BusinessCalendar;
  /** Working days for cases that need a third party or a re-verification (Article 5, Step 3). */
  workingDaysForThirdParty: number;
  /** Working minutes within which a person answers a handed-off conversation. */
  firstResponseMinutes: number;
  /** How long before a breach the chosen people are warned (wall-clock minutes). */
  slaWarningMinutes: number;
  /** Console logins warned and alerted about breaches; empty = every admin. */
  slaAlertTo: string[];
  /** Fraud: this many distinct failing serials from one customer within the window is a signal. */
  fraudManySerialsThreshold: number;
  /** Fraud: how far back (hours) "several serials from one customer in a short time" looks. */
  fraudWindowHours: number;
  /** How many misses on one question before the bot offers a human agent. */
  maxMisses: number;
  exchangePoints: ExchangePoint[];
}

/** A message the machine wants the customer to read: a locale key ("ns:key") and its values. */
export interface SayEvent {
  type: 'say';
  key: string;
  vars?: Record<string, string | number | boolean | null>;
}

export interface ComplaintInput {
  /** Chosen by the bot (the machine has no randomness); identifies the ticket to create. */
  complaintId: string;
  config: ProcedureConfig;
}

/** Values carried by ANSWER, per field. */
export interface AnswerValues {
  situation: Situation;
  isBitCard: boolean;
  service: Service;
  /** Integer VND from the allowed list. */
  denomination: number;
  /** Normalised serial: digits and upper-case letters only. */
  serial: string;
  purchasePlace: string;
  /** ISO instant of the top-up. */
  transactionAt: string;
  statusText: string;
  /** E.164. */
  phone: string;
  /** null = the customer declined to give one. */
  email: string | null;
  /** true = record it; an EditableField = the customer wants to correct that field. */
  confirm: true | EditableField;
  isOwnAccount: boolean;
  /** 'call' = the customer calls the provider; 'investigate' = Qpal investigates with the provider. */
  providerChoice: 'call' | 'investigate';
  cardShell: boolean;
  offerAgent: boolean;
}

export type AnswerEvent = {
  [F in AskField]: { type: 'ANSWER'; field: F; value: AnswerValues[F]; now: string };
}[AskField];

/**
 * Answers the customer gave before they were asked (several fields in one message). The machine
 * keeps them and answers each question from them when it comes to it, through the same
 * transitions as a typed answer, so every rule (Article 3's month, corrections) still applies.
 */
export const PREFILL_FIELDS = ['situation', 'isBitCard', ...EDITABLE_FIELDS.filter((f) => f !== 'statusText')] as ReadonlyArray<
  'situation' | 'isBitCard' | Exclude<EditableField, 'statusText'>
>;
export type PrefillField = (typeof PREFILL_FIELDS)[number];
export type Prefill = { [F in PrefillField]?: AnswerValues[F] };

export type ComplaintEvent =
  | AnswerEvent
  /** issuer: another issuer's card the customer named (out of scope at once). */
  | { type: 'PREFILL'; answers: Prefill; issuer?: string; now: string }
  | { type: 'INVALID'; field: AskField; reason: string; now: string }
  | { type: 'CANCEL'; now: string }
  | { type: 'RESTART'; now: string; complaintId: string }
  | { type: 'EDIT'; field: EditableField; now: string }
  | { type: 'ASK_AGENT'; now: string }
  | { type: 'TICKET_CREATED'; code: string; now: string }
  | { type: 'CARD_CHECKED'; findings: CardFindings; now: string }
  | { type: 'CARD_SYSTEM_FAILED'; error: string; now: string }
  | { type: 'AGENT_RESOLVED'; resolution: Resolution; now: string }
  /** complaintId: the next complaint's (the handed-back ticket stays the agent's). */
  | { type: 'HAND_BACK'; now: string; complaintId: string };

export interface ComplaintContext {
  complaintId: string;
  config: ProcedureConfig;
  situation?: Situation;
  isBitCard?: boolean;
  fields: ComplaintFields;
  /** When the complaint was made (first event's `now`): Article 3 counts from here. */
  complaintAt?: string;
  /** Bad answers to the question being asked now. */
  misses: number;
  /** The field being corrected from the summary, if any. */
  editing?: EditableField;
  /** Serial was re-entered once after a 404 from the card system. */
  serialReentered: boolean;
  ticketCode?: string;
  findings?: CardFindings;
  cardSystemError?: string;
  fraudSignals: FraudSignal[];
  status: TicketStatus;
  resolution?: Resolution;
  handoffReason?: HandoffReason;
  /** ISO instant; set when a case needs a third party or a re-verification. */
  deadline?: string;
  /** When the conversation went to a person. */
  handedOffAt?: string;
  /** ISO instant by which a person answers (first-response service level). */
  firstResponseDue?: string;
  isOwnAccount?: boolean;
  providerChoice?: 'call' | 'investigate';
  cardShell?: boolean;
  /** Answers given ahead of their questions, with when they were given. */
  prefill?: Prefill;
  prefillAt?: string;
  /** Another issuer the customer named (out-of-scope answer). */
  otherIssuer?: string;
  /** Exchange case waiting for the card-shell answer (Article 3) before it becomes the resolution. */
  exchangeCase?: 'used_before_purchase' | 'issuer_error';
}

/**
 * What of a complaint its ticket keeps besides the Article 4 fields: bot/complaint/ticket-fields.ts
 * copies exactly these from the context (models/ticket.ts stores them with dates for times).
 */
export const TICKET_FACTS = [
  'situation',
  'status',
  'resolution',
  'handoffReason',
  'deadline',
  'handedOffAt',
  'firstResponseDue',
  'fraudSignals',
  'findings',
  'cardSystemError',
] as const satisfies ReadonlyArray<keyof ComplaintContext>;
export type TicketFact = (typeof TICKET_FACTS)[number];
/** A ticket as the machine sees it (times as ISO instants). */
export type TicketFacts = ComplaintFields & Pick<ComplaintContext, TicketFact>;
