import { Schema, Connection, Model } from 'mongoose';
import { appendSlot, readSlots } from './slot-log';

/**
 * Which tickets name a serial, and which serials a phone complained about: the fraud rules ask both
 * at every card check. Entries are insert-only documents keyed `<kind>:<value>:<n>` (n = 0, 1, …),
 * so they are read by _id — the only lookup FerretDB narrows in SQL, where any other filter scans
 * the whole tickets collection — and claimed by a unique insert, the one write that is atomic on
 * FerretDB too: two complaints about one serial at the same moment both get recorded.
 */
export interface TicketKeyDoc {
  _id: string;
  ticketCode: string;
  serial?: string;
  phone?: string;
  conversation?: string;
  at: Date;
}

const schema = new Schema<TicketKeyDoc>(
  {
    _id: { type: String, required: true },
    ticketCode: { type: String, required: true },
    serial: String,
    phone: String,
    conversation: String,
    at: { type: Date, required: true },
  },
  { collection: 'ticket_keys', versionKey: false },
);

export function ticketKeyModel(conn: Connection): Model<TicketKeyDoc> {
  return (conn.models.TicketKey as Model<TicketKeyDoc>) ?? conn.model<TicketKeyDoc>('TicketKey', schema);
}

type Kind = 'serial' | 'phone';

// One entry per ticket, the first (an entry written again for the same ticket, e.g. a retried
// write, is not a second complaint).
async function list(conn: Connection, kind: Kind, value: string): Promise<TicketKeyDoc[]> {
  const seen = new Set<string>();
  return (await readSlots(conn, ticketKeyModel(conn), `${kind}:${value}`)).filter((d) => !seen.has(d.ticketCode) && !!seen.add(d.ticketCode));
}

async function add(conn: Connection, kind: Kind, value: string, entry: Omit<TicketKeyDoc, '_id'>): Promise<void> {
  await appendSlot(conn, ticketKeyModel(conn), `${kind}:${value}`, () => entry, { same: (taken) => taken.ticketCode === entry.ticketCode });
}

/** Records that a ticket names this serial and/or phone (idempotent per ticket). */
export async function indexTicketKeys(
  conn: Connection,
  t: { code: string; serial?: string; phone?: string; conversation?: string },
  at: Date,
): Promise<void> {
  const entry = { ticketCode: t.code, serial: t.serial, phone: t.phone, conversation: t.conversation, at };
  await Promise.all([
    t.serial ? add(conn, 'serial', t.serial, entry) : undefined,
    t.phone ? add(conn, 'phone', t.phone, entry) : undefined,
  ]);
}

export function ticketsNamingSerial(conn: Connection, serial: string): Promise<TicketKeyDoc[]> {
  return list(conn, 'serial', serial);
}

export function ticketsOfPhone(conn: Connection, phone: string): Promise<TicketKeyDoc[]> {
  return list(conn, 'phone', phone);
}
