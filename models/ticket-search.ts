import { Schema, Connection, Model } from 'mongoose';
import { fold } from '../machines/text/fold';

/**
 * Search keys of tickets that ticket_keys (serial, phone) does not hold: the customer's name,
 * folded (no diacritics, lower case) as a whole and word by word, and the conversation. Like
 * ticket_keys, entries are insert-only documents keyed `<kind>:<value>:<n>` (n = 0, 1, …, newest
 * last) and read by _id only: FerretDB narrows nothing else in SQL, so any other filter would read
 * every ticket. The number of entries of a key is found by galloping over n (log n reads), so a
 * common word ("nguyen") costs a handful of reads, not one per ticket.
 */
export interface TicketSearchKeyDoc {
  _id: string;
  ticketCode: string;
  at: Date;
}

const schema = new Schema<TicketSearchKeyDoc>(
  {
    _id: { type: String, required: true },
    ticketCode: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'ticket_search_keys', versionKey: false },
);
// Real MongoDB: the newest entries of a ticket (the reindex script's check) without a scan.
schema.index({ ticketCode: 1 });

export function ticketSearchKeyModel(conn: Connection): Model<TicketSearchKeyDoc> {
  return (conn.models.TicketSearchKey as Model<TicketSearchKeyDoc>) ?? conn.model<TicketSearchKeyDoc>('TicketSearchKey', schema);
}

export type SearchKind = 'name' | 'word' | 'conv';
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
    for (const w of [...new Set(name.split(' '))].slice(0, MAX_WORDS)) if (w !== name) keys.push(['word', w]);
  }
  if (t.conversation) keys.push(['conv', t.conversation]);
  return keys;
}

const slotId = (kind: SearchKind, value: string, n: number) => `${kind}:${value}:${n}`;

async function has(conn: Connection, id: string): Promise<boolean> {
  return !!(await ticketSearchKeyModel(conn).findById(id, { _id: 1 }).lean());
}

/** How many entries a key has: slots are filled in order, so the first empty slot is the count. */
export async function countKey(conn: Connection, kind: SearchKind, value: string): Promise<number> {
  if (!(await has(conn, slotId(kind, value, 0)))) return 0;
  let lo = 0; // known filled
  let hi = 1;
  while (await has(conn, slotId(kind, value, hi))) {
    lo = hi;
    hi *= 2;
  }
  // lo filled, hi empty
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (await has(conn, slotId(kind, value, mid))) lo = mid;
    else hi = mid;
  }
  return hi;
}

async function add(conn: Connection, kind: SearchKind, value: string, ticketCode: string, at: Date): Promise<void> {
  const Key = ticketSearchKeyModel(conn);
  let n = await countKey(conn, kind, value);
  // The unique _id claims the slot; a taken one (another ticket at the same moment) moves us on.
  for (let attempt = 0; attempt < 100; attempt += 1, n += 1) {
    try {
      await Key.create({ _id: slotId(kind, value, n), ticketCode, at });
      return;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const taken = await Key.findById(slotId(kind, value, n)).lean<TicketSearchKeyDoc>();
      if (taken?.ticketCode === ticketCode) return;
    }
  }
}

/** Records a new ticket's search keys. */
export async function indexTicketSearch(conn: Connection, t: { code: string; customerName?: string; conversation?: string }, at: Date): Promise<void> {
  await Promise.all(searchKeysOf(t).map(([kind, value]) => add(conn, kind, value, t.code, at)));
}

/** The newest `limit` tickets under a key, newest first. */
export async function ticketsUnder(conn: Connection, kind: SearchKind, value: string, limit = 50): Promise<string[]> {
  const count = await countKey(conn, kind, value);
  const ids: string[] = [];
  for (let n = count - 1; n >= 0 && ids.length < limit; n -= 1) ids.push(slotId(kind, value, n));
  const Key = ticketSearchKeyModel(conn);
  const docs = await Promise.all(ids.map((id) => Key.findById(id, { ticketCode: 1 }).lean<TicketSearchKeyDoc>()));
  return [...new Set(docs.filter((d): d is TicketSearchKeyDoc => !!d).map((d) => d.ticketCode))];
}
