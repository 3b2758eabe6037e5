import { Schema, Connection, Model } from 'mongoose';
import {
  FRAUD_SIGNALS,
  HANDOFF_REASONS,
  RESOLUTIONS,
  SITUATIONS,
  type CardFindings,
  type ComplaintFields,
  type FraudSignal,
  type HandoffReason,
  type Resolution,
  type Service,
  type Situation,
  type TicketStatus,
} from '../machines/complaint/types';
import { formatTicketCode, lastCodeNumber, normaliseTicketCode, recordCodeNumber, ticketCodeDay } from './ticket-code';
import { indexTicketKeys, ticketsNamingSerial, ticketsOfPhone } from './ticket-keys';
import { indexTicketSearch } from './ticket-search';
import { recordTicketHistory, type FieldChange, type TicketActor } from './ticket-history';
import { refreshReportRow } from './report-days';
import { markOpenCase, openCaseChange, unmarkOpenCase } from './open-cases';

export { ticketHistory, type TicketActor, type TicketHistoryEntry, type FieldChange } from './ticket-history';

/** Fixed by the procedure (Article 4). */
export const TICKET_TITLE = 'Yêu cầu khiếu nại';
export const TICKET_TRANSACTION_TYPE = 'mua thẻ cào BIT';

export const TICKET_STATUSES = ['open', 'waiting_agent', 'closed', 'cancelled'] as const satisfies readonly TicketStatus[];
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

export interface TicketDoc {
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
  situation?: Situation;
  service?: Service;
  denomination?: number;
  serial?: string;
  purchasePlace?: string;
  transactionAt?: Date;
  statusText?: string;
  /** E.164. */
  phone?: string;
  /** null = the customer declined to give one. */
  email?: string | null;
  /** As the customer gave it on a phone call (chat tickets use the channel's user name). */
  customerName?: string;
  channel?: string;
  /** Conversation key (conversationKey(channelId, conversationId)). */
  conversation?: string;
  conversationReference?: unknown;
  findings?: CardFindings;
  cardSystemError?: string;
  fraudSignals: FraudSignal[];
  status: TicketStatus;
  resolution?: Resolution;
  handoffReason?: HandoffReason;
  deadline?: Date;
  /** When the conversation went to a person, and by when a person answers (first-response level). */
  handedOffAt?: Date;
  firstResponseDue?: Date;
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

export function ticketModel(conn: Connection): Model<TicketDoc> {
  return (conn.models.Ticket as Model<TicketDoc>) ?? conn.model<TicketDoc>('Ticket', schema);
}

// Code allocation relies on the unique indexes, so they must exist before the first insert.
// Model.init() keeps a failed promise forever; a failure here is retried on the next call.
const indexesReady = new WeakMap<Model<TicketDoc>, Promise<void>>();
function ensureIndexes(model: Model<TicketDoc>): Promise<void> {
  let p = indexesReady.get(model);
  if (!p) {
    p = model.init().then(
      () => undefined,
      () => model.createIndexes(),
    );
    p.catch(() => indexesReady.delete(model));
    indexesReady.set(model, p);
  }
  return p;
}

export interface NewTicket extends Omit<ComplaintFields, 'transactionAt'> {
  complaintId: string;
  situation?: Situation;
  /** ISO instant (as the machine holds it) or a Date. */
  transactionAt?: string | Date;
  channel?: string;
  conversation?: string;
  conversationReference?: unknown;
  status?: TicketStatus;
  findings?: CardFindings;
  cardSystemError?: string;
  fraudSignals?: FraudSignal[];
  resolution?: Resolution;
  handoffReason?: HandoffReason;
  deadline?: string | Date;
  handedOffAt?: string | Date;
  firstResponseDue?: string | Date;
  closedAt?: string | Date;
  customerName?: string;
}

const MAX_CODE_ATTEMPTS = 500;

/**
 * Records the complaint as a ticket with the next free code of the day (Vietnam time). Calling it
 * again for the same complaintId returns the ticket already recorded.
 */
export async function createTicket(conn: Connection, data: NewTicket, now: Date, actor: TicketActor = 'bot'): Promise<TicketRecord> {
  const Ticket = ticketModel(conn);
  await ensureIndexes(Ticket);
  const { ticket, created } = await insertWithFreshCode(conn, Ticket, data, now);
  if (created) {
    // Independent writes: no need to wait for one before the other.
    await Promise.all([
      indexTicketKeys(conn, ticket, now),
      indexTicketSearch(conn, { code: ticket.code, customerName: ticket.customerName ?? nameInReference(data.conversationReference), conversation: ticket.conversation }, now),
      recordTicketHistory(conn, {
        ticketCode: ticket.code,
        at: now,
        actor,
        action: 'created',
        changes: [{ field: 'status', from: null, to: ticket.status }],
      }),
      refreshReportRow(conn, ticket.code),
      ticket.status === 'waiting_agent' ? markOpenCase(conn, ticket.code, now) : undefined,
    ]);
  }
  return ticket;
}

/** The channel's display name of the customer, from a stored conversation reference. */
function nameInReference(ref: unknown): string | undefined {
  const name = (ref as { user?: { name?: unknown } } | undefined)?.user?.name;
  return typeof name === 'string' ? name : undefined;
}

// Within one process, numbers are handed out in memory per day (seeded once from the stored hint),
// so a burst of creations costs one insert each and nobody waits for anybody; between processes
// the unique index still decides, and the loser moves past the number it lost.
const dayCounters = new WeakMap<Connection, Map<string, Promise<{ next: number }>>>();
async function claimSeq(conn: Connection, Ticket: Model<TicketDoc>, day: string, atLeast = 0): Promise<number> {
  let days = dayCounters.get(conn);
  if (!days) dayCounters.set(conn, (days = new Map()));
  let counter = days.get(day);
  if (!counter) {
    counter = nextSeq(conn, Ticket, day).then((next) => ({ next }));
    days.set(day, counter);
    counter.catch(() => days.delete(day));
  }
  const c = await counter;
  c.next = Math.max(c.next, atLeast);
  return c.next++;
}

async function insertWithFreshCode(
  conn: Connection,
  Ticket: Model<TicketDoc>,
  data: NewTicket,
  now: Date,
): Promise<{ ticket: TicketRecord; created: boolean }> {
  const day = ticketCodeDay(now);
  let seq = await claimSeq(conn, Ticket, day);
  for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt += 1) {
    const code = formatTicketCode(day, seq);
    try {
      // The unique indexes are the only atomic step FerretDB offers ($inc on a counter is
      // read-then-write there), so the insert itself claims the number, and a second ticket for
      // the same complaint is refused by the unique complaintId.
      const doc = await Ticket.create({
        ...data,
        _id: code,
        code,
        codeDay: day,
        codeSeq: seq,
        title: TICKET_TITLE,
        transactionType: TICKET_TRANSACTION_TYPE,
        status: data.status ?? 'open',
        createdAt: now,
        updatedAt: now,
      });
      await recordCodeNumber(conn, day, seq);
      return { ticket: doc.toObject() as TicketRecord, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // FerretDB's E11000 does not name the index. A free code means the complaintId was the
      // duplicate: that complaint already has its ticket.
      if (!(await Ticket.exists({ _id: code }))) {
        const existing = await Ticket.findOne({ complaintId: data.complaintId }).lean<TicketRecord>();
        if (existing) return { ticket: existing, created: false };
        continue; // the other ticket went away in between: try the same code again
      }
      // Another process took the number. A short random pause spreads the losers out, so they do
      // not all collide again on the next one.
      await new Promise((r) => setTimeout(r, Math.random() * 10));
      seq = await claimSeq(conn, Ticket, day, Math.max(seq + 1, await nextSeq(conn, Ticket, day)));
    }
  }
  throw new Error(`no free ticket code for day ${day} after ${MAX_CODE_ATTEMPTS} attempts`);
}

async function nextSeq(conn: Connection, Ticket: Model<TicketDoc>, day: string): Promise<number> {
  const last = await lastCodeNumber(conn, day);
  if (last !== undefined) return last + 1;
  // No hint yet for this day (first ticket, or a database restored without it): search once.
  const top = await Ticket.findOne({ codeDay: day }, { codeSeq: 1 }).sort({ codeSeq: -1 }).lean<{ codeSeq: number }>();
  return (top?.codeSeq ?? 0) + 1;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 11000;
}

/** What may change on a ticket after creation; `confirmation` is merged field by field. */
export type TicketChanges = Partial<Omit<NewTicket, 'complaintId'>> & {
  confirmation?: Partial<Omit<TicketConfirmation, 'phoneCalls'>>;
};

const DATE_PATHS = new Set(['transactionAt', 'deadline', 'handedOffAt', 'firstResponseDue', 'closedAt', 'confirmation.chatSentAt', 'confirmation.emailSentAt']);

function toSetPaths(changes: TicketChanges): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const put = (path: string, value: unknown) => {
    if (value === undefined) return;
    set[path] = DATE_PATHS.has(path) && value !== null ? new Date(value as string | Date) : value;
  };
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'confirmation' && value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) put(`confirmation.${k}`, v);
    } else {
      put(key, value);
    }
  }
  return set;
}

/**
 * Sets the given fields and appends one history entry listing each field that changed (before →
 * after). Returns the ticket as this update left it, or null when no ticket has that code.
 */
export async function updateTicket(
  conn: Connection,
  code: string,
  changes: TicketChanges,
  actor: TicketActor,
  now: Date,
  action = 'updated',
): Promise<TicketRecord | null> {
  const Ticket = ticketModel(conn);
  const set = toSetPaths(changes);
  const openCase = openCaseChange(set.status as string | undefined);
  if (openCase === 'mark') await markOpenCase(conn, code, now); // before: see models/open-cases.ts
  // The document as it was just before this write (atomically so on MongoDB), for the history.
  const before = await Ticket.findOneAndUpdate(
    { _id: code },
    { $set: { ...set, updatedAt: now } },
    { returnDocument: 'before', runValidators: true },
  ).lean<TicketRecord>();
  if (!before) return null;

  const changed: FieldChange[] = [];
  for (const [field, to] of Object.entries(set)) {
    const from = readPath(before, field);
    if (!sameValue(from, to)) changed.push({ field, from: from ?? null, to });
  }
  await Promise.all([
    recordTicketHistory(conn, { ticketCode: code, at: now, actor, action, changes: changed }),
    refreshReportRow(conn, code),
    openCase === 'unmark' ? unmarkOpenCase(conn, code) : undefined,
  ]);
  if (changed.some((c) => c.field === 'serial' || c.field === 'phone')) {
    await indexTicketKeys(conn, { code, serial: (set.serial as string) ?? before.serial, phone: (set.phone as string) ?? before.phone, conversation: before.conversation }, now);
  }
  // Built from `before` rather than read again: on FerretDB every read of a recent ticket costs a
  // scan of the collection.
  const after = structuredClone(before) as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries({ ...set, updatedAt: now })) writePath(after, field, value);
  return after as unknown as TicketRecord;
}

function writePath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = doc;
  for (const k of keys.slice(0, -1)) {
    if (!target[k] || typeof target[k] !== 'object') target[k] = {};
    target = target[k] as Record<string, unknown>;
  }
  target[keys[keys.length - 1]] = value;
}

function readPath(doc: object, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);
}

function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a ?? null) === stableJson(b ?? null);
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
      ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : value,
  );
}

/**
 * Tickets other than `excludeCode` that name this serial and come from another customer: another
 * phone when both sides have one, otherwise another conversation.
 */
export async function countOtherComplaintsWithSerial(
  conn: Connection,
  serial: string,
  opts: { excludeCode?: string; phone?: string; conversation?: string } = {},
): Promise<number> {
  const naming = await ticketsNamingSerial(conn, serial);
  const others = naming.filter((t) => t.ticketCode !== opts.excludeCode);
  return others.filter((t) => {
    if (opts.phone && t.phone) return t.phone !== opts.phone;
    // Without both phones, only a shared conversation shows it is the same customer.
    return !(opts.conversation && t.conversation === opts.conversation);
  }).length;
}

/** Distinct serials in this phone's tickets created since `since` (the current ticket included). */
export async function countRecentSerialsByPhone(conn: Connection, phone: string, since: Date): Promise<number> {
  const entries = await ticketsOfPhone(conn, phone);
  return new Set(entries.filter((e) => e.at >= since && e.serial).map((e) => e.serial)).size;
}

/**
 * The ticket a customer asks about, only when both the code (any case) and the phone (E.164)
 * match; null otherwise, without saying which one was wrong.
 */
export async function findTicketForLookup(conn: Connection, code: string, phone: string): Promise<TicketRecord | null> {
  const canonical = normaliseTicketCode(code);
  if (!canonical || !phone) return null;
  // By _id alone: FerretDB narrows only an _id filter in SQL, any other field means a full scan.
  const ticket = await ticketModel(conn).findById(canonical).lean<TicketRecord>();
  return ticket && ticket.phone === phone ? ticket : null;
}

/**
 * Step 4 by phone: appends the call to `confirmation.phoneCalls` and, when the call closed the
 * case, sets the resolution and status; one history entry lists what changed. FerretDB's $push is
 * read-then-write, so callers serialise calls on one ticket (the console does, per ticket).
 */
export async function recordPhoneCall(
  conn: Connection,
  code: string,
  call: PhoneCall,
  actor: TicketActor,
  now: Date,
  close?: { resolution: Resolution },
): Promise<TicketRecord | null> {
  const set: Record<string, unknown> = { updatedAt: now };
  if (close) Object.assign(set, { status: 'closed', resolution: close.resolution, closedAt: now });
  const before = await ticketModel(conn)
    .findOneAndUpdate({ _id: code }, { $set: set, $push: { 'confirmation.phoneCalls': call } }, { returnDocument: 'before', runValidators: true })
    .lean<TicketRecord>();
  if (!before) return null;
  const changes: FieldChange[] = [{ field: 'confirmation.phoneCalls', from: null, to: call }];
  if (close) {
    if (before.status !== 'closed') changes.push({ field: 'status', from: before.status, to: 'closed' });
    if (before.resolution !== close.resolution) changes.push({ field: 'resolution', from: before.resolution ?? null, to: close.resolution });
  }
  await Promise.all([
    recordTicketHistory(conn, { ticketCode: code, at: now, actor, action: 'confirmation_call', changes }),
    refreshReportRow(conn, code),
    close ? unmarkOpenCase(conn, code) : undefined,
  ]);
  const after = structuredClone(before) as TicketRecord;
  after.confirmation = { ...after.confirmation, phoneCalls: [...(after.confirmation?.phoneCalls ?? []), call] };
  if (close) Object.assign(after, { status: 'closed', resolution: close.resolution, closedAt: now });
  after.updatedAt = now;
  return after;
}

/**
 * Records the first message a person sent the customer (a reply or a resolution), once. Returns the
 * handoff time when this call was the first, so the caller can time the first response.
 */
export async function recordFirstHumanReply(conn: Connection, code: string, at: Date): Promise<{ handedOffAt?: Date } | null> {
  const before = await ticketModel(conn)
    .findOneAndUpdate({ _id: code, firstHumanReplyAt: { $exists: false } }, { $set: { firstHumanReplyAt: at } }, { returnDocument: 'before' })
    .lean<TicketRecord>();
  if (!before) return null;
  await refreshReportRow(conn, code);
  return { handedOffAt: before.handedOffAt };
}
