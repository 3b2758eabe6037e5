import { Schema, Connection, Model } from 'mongoose';
import { appendSlot, inTurn, readSlots } from './slot-log';
import { countWritesOf } from './kept-copies';

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
// Entries are kept as copies when this process alone writes (models/kept-copies.ts).
countWritesOf(schema, 'ticket_keys');

export function ticketKeyModel(conn: Connection): Model<TicketKeyDoc> {
  return (conn.models.TicketKey as Model<TicketKeyDoc>) ?? conn.model<TicketKeyDoc>('TicketKey', schema);
}

type Kind = 'serial' | 'phone';

const keyOf = (kind: Kind, value: string) => `${kind}:${value}`;

// One entry per ticket is what the writers keep (below); reading the first entry of each ticket
// also keeps the fraud counts right should two processes ever both record one ticket at once.
async function list(conn: Connection, kind: Kind, value: string): Promise<TicketKeyDoc[]> {
  const seen = new Set<string>();
  return (await readSlots(conn, ticketKeyModel(conn), keyOf(kind, value), { kept: true })).filter((d) => !seen.has(d.ticketCode) && !!seen.add(d.ticketCode));
}

/**
 * Appends at the end this process knows (models/slot-log.ts): one insert when nobody else wrote the
 * key meanwhile, where walking from slot 0 cost a find and an insert per earlier ticket. A slot
 * lost to a write of this same ticket (a retry) counts as done. Most serials and phones are named
 * by one ticket only, so a key this process has not seen is tried at slot 0 first.
 */
function append(conn: Connection, key: string, entry: Omit<TicketKeyDoc, '_id'>): Promise<number> {
  return appendSlot(conn, ticketKeyModel(conn), key, () => entry, {
    same: (taken) => taken.ticketCode === entry.ticketCode,
    usuallyNew: true,
    keep: true,
  });
}

/**
 * An existing ticket that now names a serial or phone: recorded unless it already is under that
 * key (a serial changed back, an update retried). The list is read inside a turn of its own per
 * key, so two updates in this process cannot both find it missing; between processes the
 * conversation's turns are one process's at a time, and `list` reads one entry per ticket anyway.
 */
function addIfMissing(conn: Connection, key: string, entry: Omit<TicketKeyDoc, '_id'>): Promise<void> {
  return inTurn(conn, `ticket_keys-check|${key}`, async () => {
    const Key = ticketKeyModel(conn);
    const listed = await readSlots(conn, Key, key, { kept: true });
    if (!listed.some((d) => d.ticketCode === entry.ticketCode)) await append(conn, key, entry);
  });
}

/**
 * Records that a ticket names this serial and/or phone (`keys`: only under those), once per ticket
 * and key. `newTicket`: the ticket was just created (its code claimed by this caller's insert), so
 * no list holds it yet and the entry is appended without reading the list; otherwise the list is
 * read first.
 */
export async function indexTicketKeys(
  conn: Connection,
  t: { code: string; serial?: string; phone?: string; conversation?: string },
  at: Date,
  opts: { newTicket?: boolean; keys?: readonly Kind[] } = {},
): Promise<void> {
  const entry = { ticketCode: t.code, serial: t.serial, phone: t.phone, conversation: t.conversation, at };
  const add = opts.newTicket ? append : addIfMissing;
  const under = (kind: Kind) => (opts.keys ?? ['serial', 'phone']).includes(kind) && t[kind];
  await Promise.all([
    under('serial') ? add(conn, keyOf('serial', t.serial!), entry) : undefined,
    under('phone') ? add(conn, keyOf('phone', t.phone!), entry) : undefined,
  ]);
}

export function ticketsNamingSerial(conn: Connection, serial: string): Promise<TicketKeyDoc[]> {
  return list(conn, 'serial', serial);
}

export function ticketsOfPhone(conn: Connection, phone: string): Promise<TicketKeyDoc[]> {
  return list(conn, 'phone', phone);
}
