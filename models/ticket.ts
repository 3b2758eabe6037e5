import { Schema, Connection, Model } from 'mongoose';
import { countWritesOf } from './kept-copies';
import {
  FRAUD_SIGNALS,
  HANDOFF_REASONS,
  RESOLUTIONS,
  SITUATIONS,
  TICKET_STATUSES,
  type Service,
  type TicketFacts,
} from '../machines/complaint/types';

export { ticketHistory, type TicketActor, type TicketHistoryEntry, type FieldChange } from './ticket-history';

/** Fixed by the procedure (Article 4). */
export const TICKET_TITLE = 'Yêu cầu khiếu nại';
export const TICKET_TRANSACTION_TYPE = 'mua thẻ cào BIT';

export const CONFIRMATION_EMAIL_STATES = ['sent', 'not_requested', 'not_configured', 'failed'] as const;
export type ConfirmationEmailState = (typeof CONFIRMATION_EMAIL_STATES)[number];

export interface PhoneCall {
  at: Date;
  /** `agent:<id>` of who called. */
  agent: string;
  note?: string;
}

/** Step 4: how the customer was told the outcome. */
export interface TicketConfirmation {
  chatSentAt?: Date;
  email?: ConfirmationEmailState;
  emailSentAt?: Date;
  /** Short machine-readable cause (e.g. "ECONNECTION"), never the address. */
  emailError?: string;
  phoneCalls: PhoneCall[];
}

/** The times the machine keeps as ISO instants are stored as dates. */
type StoredTimes<T, K extends keyof T> = Omit<T, K> & { [P in K]?: Date };
/** The Article 4 fields and the facts of TICKET_FACTS, as the machine declares them. */
type TicketTime = 'transactionAt' | 'deadline' | 'handedOffAt' | 'firstResponseDue';
type StoredFacts = StoredTimes<TicketFacts, TicketTime>;

export interface TicketDoc extends StoredFacts {
  /**
   * The code again: FerretDB on SQLite filters _id inside SQLite but any other field by decoding
   * every document (measured 5-10x slower), and tickets are mostly reached by code.
   */
  _id: string;
  code: string;
  /** "DDMM" and number of the code, so a day's highest number can be found numerically. */
  codeDay: string;
  codeSeq: number;
  /** The complaint machine's id: one ticket per complaint. */
  complaintId: string;
  title: string;
  transactionType: string;
  /** As the customer gave it on a phone call (chat tickets use the channel's user name). */
  customerName?: string;
  channel?: string;
  /** Conversation key (conversationKey(channelId, conversationId)). */
  conversation?: string;
  conversationReference?: unknown;
  /** The first message (or resolution) a person sent the customer. */
  firstHumanReplyAt?: Date;
  closedAt?: Date;
  /** Service-level warnings and breach alerts already sent, so each goes out once. */
  slaAlerts?: Partial<Record<SlaAlertKind, Date>>;
  /** The customer's rating after Step 4 (asked once). */
  csat?: TicketCsat;
  confirmation: TicketConfirmation;
  createdAt: Date;
  updatedAt: Date;
}

export type TicketRecord = TicketDoc;

export const SLA_ALERT_KINDS = ['firstResponseWarned', 'firstResponseBreached', 'deadlineWarned', 'deadlineBreached'] as const;
export type SlaAlertKind = (typeof SLA_ALERT_KINDS)[number];

export interface TicketCsat {
  askedAt: Date;
  /** 1–5; absent while unanswered or when skipped. */
  rating?: number;
  comment?: string;
  answeredAt?: Date;
  skipped?: boolean;
}

const serviceSchema = new Schema<Service>(
  { id: String, name: { type: String, required: true }, hotline: String },
  { _id: false, id: false },
);

const confirmationSchema = new Schema<TicketConfirmation>(
  {
    chatSentAt: Date,
    email: { type: String, enum: CONFIRMATION_EMAIL_STATES },
    emailSentAt: Date,
    emailError: String,
    phoneCalls: { type: [new Schema<PhoneCall>({ at: { type: Date, required: true }, agent: { type: String, required: true }, note: String }, { _id: false })], default: [] },
  },
  { _id: false },
);

// createdAt/updatedAt come from the caller's clock (the machine's event time), not mongoose's
// timestamps, so the fraud windows and tests see the same time as the procedure.
const schema = new Schema<TicketDoc>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    codeDay: { type: String, required: true },
    codeSeq: { type: Number, required: true },
    complaintId: { type: String, required: true },
    title: { type: String, required: true, default: TICKET_TITLE },
    transactionType: { type: String, required: true, default: TICKET_TRANSACTION_TYPE },
    situation: { type: String, enum: SITUATIONS },
    service: { type: serviceSchema, default: undefined },
    denomination: Number,
    serial: String,
    purchasePlace: String,
    transactionAt: Date,
    statusText: String,
    phone: String,
    email: { type: String, default: undefined },
    customerName: String,
    channel: String,
    conversation: String,
    conversationReference: Schema.Types.Mixed,
    findings: Schema.Types.Mixed,
    cardSystemError: String,
    fraudSignals: { type: [{ type: String, enum: FRAUD_SIGNALS }], default: [] },
    status: { type: String, enum: TICKET_STATUSES, required: true, default: 'open' },
    resolution: { type: String, enum: RESOLUTIONS },
    handoffReason: { type: String, enum: HANDOFF_REASONS },
    deadline: Date,
    handedOffAt: Date,
    firstResponseDue: Date,
    firstHumanReplyAt: Date,
    closedAt: Date,
    slaAlerts: { type: new Schema(Object.fromEntries(SLA_ALERT_KINDS.map((k) => [k, Date])), { _id: false }), default: undefined },
    csat: {
      type: new Schema<TicketCsat>(
        { askedAt: { type: Date, required: true }, rating: { type: Number, min: 1, max: 5 }, comment: { type: String, maxlength: 1000 }, answeredAt: Date, skipped: Boolean },
        { _id: false },
      ),
      default: undefined,
    },
    confirmation: { type: confirmationSchema, default: () => ({ phoneCalls: [] }) },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'tickets', versionKey: false, minimize: false },
);
// Only plain and unique indexes: FerretDB refuses TTL and partial ones and ignores sparse.
schema.index({ code: 1 }, { unique: true });
schema.index({ complaintId: 1 }, { unique: true });
schema.index({ codeDay: 1, codeSeq: -1 });
schema.index({ serial: 1 });
schema.index({ phone: 1, createdAt: 1 });
schema.index({ status: 1, deadline: 1 });
// Real MongoDB: a conversation's newest ticket when its search key is missing (older databases).
schema.index({ conversation: 1, createdAt: -1 });
// The console's queue keeps copies of waiting tickets (models/kept-copies.ts): every write goes through this model.
countWritesOf(schema, 'tickets');

export function ticketModel(conn: Connection): Model<TicketDoc> {
  return (conn.models.Ticket as Model<TicketDoc>) ?? conn.model<TicketDoc>('Ticket', schema);
}

/** What a new ticket is given: the machine's facts (times as ISO instants or dates) and where it came from. */
export type NewTicket = Partial<Omit<TicketFacts, TicketTime>> & { [K in TicketTime]?: string | Date } & {
  complaintId: string;
  channel?: string;
  conversation?: string;
  conversationReference?: unknown;
  closedAt?: string | Date;
  customerName?: string;
};
