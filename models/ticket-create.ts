// Step 2: a new ticket with the next free code of the day, and the records that go with it.
import type { Connection, Model } from 'mongoose';
import { TICKET_TITLE, TICKET_TRANSACTION_TYPE, ticketModel, type NewTicket, type TicketDoc, type TicketRecord } from './ticket';
import { formatTicketCode, lastCodeNumber, recordCodeNumber, ticketCodeDay } from './ticket-code';
import { indexTicketKeys } from './ticket-keys';
import { indexTicketSearch } from './ticket-search';
import { recordTicketHistory, type TicketActor } from './ticket-history';
import { refreshReportRow } from './report-days';
import { isDuplicateKey } from './duplicate-key';
import { markOpenCase } from './open-cases';
import { keepCreatedTicket, ticketVersion } from './kept-tickets';

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
    // Independent writes: no need to wait for one before the other. The day's number is a hint
    // for the next process (the unique code decides), so it need not go before them either.
    await Promise.all([
      recordCodeNumber(conn, ticket.codeDay, ticket.codeSeq),
      indexTicketKeys(conn, ticket, now, { newTicket: true }),
      indexTicketSearch(conn, { code: ticket.code, customerName: ticket.customerName ?? nameInReference(data.conversationReference), conversation: ticket.conversation }, now),
      recordTicketHistory(conn, {
        ticketCode: ticket.code,
        at: now,
        actor,
        action: 'created',
        changes: [{ field: 'status', from: null, to: ticket.status }],
      }, { newTicket: true }),
      refreshReportRow(conn, ticket.code, ticket),
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
      const before = ticketVersion(conn, code);
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
      const stored = doc.toObject() as TicketRecord;
      keepCreatedTicket(conn, code, stored as unknown as Record<string, unknown>, before);
      return { ticket: stored, created: true };
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

