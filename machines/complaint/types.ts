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

export type TicketStatus = 'open' | 'waiting_agent' | 'closed' | 'cancelled';

/**
 * What the machine can ask. A state that waits for an answer carries the tag `ask:<AskField>`;
 * the dialog layer prompts for that field and answers with ANSWER / INVALID.
 */
export const ASK_FIELDS = [
  'situation',
  'isBitCard',
  'service',
  'denomination',
  'serial',
  'purchasePlace',
  'transactionAt',
  'statusText',
  'phone',
  'email',
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
export type ComplaintTag = `ask:${AskField}` | 'await:createTicket' | 'await:checkCard' | 'owner:queue';

/** The Article 4 fields a customer can correct from the summary. */
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

export interface Service {
  /** Catalogue id, absent for a name the catalogue does not know (accepted as written). */
  id?: string;
  name: string;
  /** Provider hotline from the catalogue, when known. */
  hotline?: string;
}

export interface ComplaintFields {
  service?: Service;
  /** Integer VND from the allowed list. */
  denomination?: number;
  /** Normalised serial: digits and upper-case letters only. */
  serial?: string;
  purchasePlace?: string;
  /** ISO instant of the top-up. */
  transactionAt?: string;
  statusText?: string;
  /** E.164. */
  phone?: string;
  /** null = the customer declined to give one. */
  email?: string | null;
}

/** Card record as card-system-api.md returns it (already validated). */
export interface CardRecord {
  serial: string;
  denomination: number;
  status: 'active' | 'used' | 'inactive' | 'locked';
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
  result: 'success' | 'failed';
  error?: 'card_used' | 'card_not_found' | 'card_inactive' | 'wrong_code' | 'system_error';
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
  denomination: number;
  serial: string;
  purchasePlace: string;
  transactionAt: string;
  statusText: string;
  phone: string;
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
export const PREFILL_FIELDS = [
  'situation',
  'isBitCard',
  'service',
  'denomination',
  'serial',
  'purchasePlace',
  'transactionAt',
  'phone',
  'email',
] as const;
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
