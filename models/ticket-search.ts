import { Schema, Connection, Model } from 'mongoose';
import { fold } from '../machines/text/fold';
import { appendSlotBatched, countSlots, slotId } from './slot-log';

/**
 * Search keys of tickets that ticket_keys (serial, phone) does not hold: the customer's name,
 * folded (no diacritics, lower case) as a whole and as every run of its words ("thi thu", "thu"),
 * and the conversation. Like ticket_keys, entries are insert-only documents keyed
 * `<kind>:<value>:<n>` (n = 0, 1, …, newest last) and read by _id only: FerretDB narrows nothing
 * else in SQL, so any other filter would read every ticket. The number of entries of a key is found
 * by galloping over n (log n reads, fewer with this process's hint), and each entry carries the
 * codes of the newest RECENT entries up to it, so the newest tickets of a key are one more read:
 * a common word ("nguyen") costs a few dozen small reads, not one per ticket.
 */
export interface TicketSearchKeyDoc {
  _id: string;
  ticketCode: string;
  /** This entry's code and those of the entries before it, newest first, at most RECENT. */
  recent: string[];
  at: Date;
}

export const RECENT = 20;

const schema = new Schema<TicketSearchKeyDoc>(
  {
    _id: { type: String, required: true },
    ticketCode: { type: String, required: true },
    recent: { type: [String], default: [] },
    at: { type: Date, required: true },
  },
  { collection: 'ticket_search_keys', versionKey: false },
);
// Real MongoDB: the newest entries of a ticket (the reindex script's check) without a scan.
schema.index({ ticketCode: 1 });

export function ticketSearchKeyModel(conn: Connection): Model<TicketSearchKeyDoc> {
  return (conn.models.TicketSearchKey as Model<TicketSearchKeyDoc>) ?? conn.model<TicketSearchKeyDoc>('TicketSearchKey', schema);
}

export type SearchKind = 'name' | 'part' | 'conv';
const MAX_NAME = 100;
const MAX_WORDS = 6;

/** "Nguyễn Thị  Thu" → "nguyen thi thu". */
export function foldName(name: string): string {
  return fold(name.slice(0, MAX_NAME)).replace(/[^\p{L}\p{N} ]/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** The keys a ticket is found by (besides serial and phone). */
export function searchKeysOf(t: { customerName?: string; conversation?: string }): Array<[SearchKind, string]> {
  const keys: Array<[SearchKind, string]> = [];
  const name = t.customerName ? foldName(t.customerName) : '';
  if (name) {
    keys.push(['name', name]);
    const words = name.split(' ').slice(0, MAX_WORDS);
    const parts = new Set<string>();
    for (let i = 0; i < words.length; i += 1) for (let j = i + 1; j <= words.length; j += 1) parts.add(words.slice(i, j).join(' '));
    parts.delete(name);
    for (const p of parts) keys.push(['part', p]);
  }
  if (t.conversation) keys.push(['conv', t.conversation]);
  return keys;
}

const slotKey = (kind: SearchKind, value: string) => `${kind}:${value}`;

/** How many entries a key has (see models/slot-log.ts). */
export function countKey(conn: Connection, kind: SearchKind, value: string): Promise<number> {
  return countSlots(conn, ticketSearchKeyModel(conn) as never, slotKey(kind, value));
}

async function add(conn: Connection, kind: SearchKind, value: string, ticketCode: string, at: Date): Promise<void> {
  // Batched: a word of a name ("nguyen", "van", "thi") is a key a large part of all tickets share.
  await appendSlotBatched(
    conn,
    ticketSearchKeyModel(conn),
    slotKey(kind, value),
    (before) => ({ ticketCode, recent: [ticketCode, ...(before?.recent ?? []).filter((c) => c !== ticketCode)].slice(0, RECENT), at }),
    // A conversation's or a whole name's first ticket is the common case (slot 0: one insert, no
    // read for the end); a word of a name ("nguyen") is shared, so its end is looked for.
    { same: (taken) => taken.ticketCode === ticketCode, usuallyNew: kind !== 'part' },
  );
}

/** Records a new ticket's search keys. */
export async function indexTicketSearch(conn: Connection, t: { code: string; customerName?: string; conversation?: string }, at: Date): Promise<void> {
  await Promise.all(searchKeysOf(t).map(([kind, value]) => add(conn, kind, value, t.code, at)));
}

/** The newest tickets under a key (at most RECENT), newest first: the count, then one read. */
export async function ticketsUnder(conn: Connection, kind: SearchKind, value: string): Promise<string[]> {
  const count = await countKey(conn, kind, value);
  if (!count) return [];
  const last = await ticketSearchKeyModel(conn).findById(slotId(slotKey(kind, value), count - 1), { ticketCode: 1, recent: 1 }).lean<TicketSearchKeyDoc>();
  if (!last) return [];
  return [...new Set([last.ticketCode, ...(last.recent ?? [])])];
}

/**
 * Writes the search keys of tickets recorded before names and conversations were indexed. Safe to
 * run again (a key already held by the same ticket is kept); one pass over the tickets.
 */
export async function backfillTicketSearch(conn: Connection): Promise<number> {
  const conversations = conn.collection<{ _id: string; reference?: { user?: { name?: unknown } } }>('conversations');
  const cursor = conn
    .collection<{ _id: string; customerName?: string; conversation?: string; createdAt?: Date }>('tickets')
    .find({}, { projection: { _id: 1, customerName: 1, conversation: 1, createdAt: 1 } });
  let n = 0;
  for await (const t of cursor) {
    let customerName = t.customerName;
    if (!customerName && t.conversation) {
      const name = (await conversations.findOne({ _id: t.conversation }))?.reference?.user?.name;
      if (typeof name === 'string') customerName = name;
    }
    await indexTicketSearch(conn, { code: t._id, customerName, conversation: t.conversation }, t.createdAt ?? new Date());
    n++;
  }
  return n;
}
