import type { Connection, Model } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';
import { keepWritten, keptRead, writeVersion } from './kept-copies';

/**
 * Insert-only lists keyed `<key>:<n>` (n = 0, 1, …, oldest first), read and written by _id only:
 * FerretDB on SQLite narrows nothing but an `_id` filter in SQL, so a list kept this way costs a
 * few reads by _id however large the collection grows, where a filter on any other field decodes
 * every document. The unique _id claims a slot, the one write that is atomic on FerretDB too, so
 * two writers (two processes) never overwrite each other: the loser moves to the next slot.
 *
 * Within a process the appends to one key take turns and start at the slot this process knows is
 * next, so a burst on one key (40 tickets of one customer, every name containing "nguyen") costs
 * one insert each instead of a race where every writer retries past every other.
 */
const MAX_TAILS = 20_000;

interface Tail {
  next: number;
  /** The document at next - 1, when the caller keeps it (ticket-search carries `recent` forward). */
  last?: Record<string, unknown> | null;
}

const tails = new WeakMap<Connection, Map<string, Tail>>();
const chains = new WeakMap<Connection, Map<string, Promise<unknown>>>();

export const slotId = (key: string, n: number) => `${key}:${n}`;

function tailsOf(conn: Connection): Map<string, Tail> {
  let map = tails.get(conn);
  if (!map) tails.set(conn, (map = new Map()));
  return map;
}

function remember(conn: Connection, scope: string, tail: Tail): void {
  const map = tailsOf(conn);
  if (map.size >= MAX_TAILS && !map.has(scope)) map.clear();
  map.set(scope, tail);
}

/** Tasks with the same scope run one after another within this process (FerretDB's updates are not atomic). */
export function inTurn<T>(conn: Connection, scope: string, task: () => Promise<T>): Promise<T> {
  let map = chains.get(conn);
  if (!map) chains.set(conn, (map = new Map()));
  const prev = map.get(scope) ?? Promise.resolve();
  const next = prev.then(task, task);
  const tail = next.catch(() => undefined);
  map.set(scope, tail);
  void tail.then(() => map.get(scope) === tail && map.delete(scope));
  return next;
}

async function has(model: Model<never>, id: string): Promise<boolean> {
  return !!(await model.findById(id, { _id: 1 }).lean());
}

const soleWriters = new WeakSet<Connection>();

/**
 * This process alone writes the database (conversation leases in memory, see CONVERSATION_LEASES):
 * the end of a list it wrote or counted is the end, and counting it needs no read.
 */
export function trustKnownEnds(conn: Connection): void {
  soleWriters.add(conn);
}

/**
 * How many entries a key has: slots are filled in order, so the first empty slot is the count.
 * Galloping from the hint (this process's last count): two reads when it is right, log n otherwise.
 */
export async function countSlots(conn: Connection, model: Model<never>, key: string): Promise<number> {
  const scope = `${model.collection.collectionName}|${key}`;
  const known = tailsOf(conn).get(scope);
  if (known && soleWriters.has(conn)) return known.next;
  const hint = known?.next ?? 0;
  const count = await gallop(model, key, hint);
  if (count !== hint) remember(conn, scope, { next: count });
  return count;
}

async function gallop(model: Model<never>, key: string, hint: number): Promise<number> {
  let lo: number; // known filled
  let hi: number; // known empty, or to be probed
  if (hint > 0 && (await has(model, slotId(key, hint - 1)))) {
    if (!(await has(model, slotId(key, hint)))) return hint;
    lo = hint;
    hi = hint * 2;
  } else {
    if (!(await has(model, slotId(key, 0)))) return 0;
    lo = 0;
    hi = 1;
  }
  while (await has(model, slotId(key, hi))) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (await has(model, slotId(key, mid))) lo = mid;
    else hi = mid;
  }
  return hi;
}

export interface AppendOptions<T> {
  /** Reads (or remembers) the entry before the new one and passes it to `make`. */
  withPrevious?: boolean;
  /** A taken slot that already holds this entry (a retry after a failure): nothing to write. */
  same?: (taken: T) => boolean;
  /**
   * Most keys are new (a serial is rarely named twice): when this process knows no end yet, try
   * slot 0 first, one insert, instead of looking for the end, one read and then the insert.
   */
  usuallyNew?: boolean;
  /** Keep the entry written as a copy for `readSlots(…, { kept: true })` (see there). */
  keep?: boolean;
}

/** Appends one entry under `key`; returns its slot number. */
export function appendSlot<T extends { _id: string }>(
  conn: Connection,
  model: Model<T>,
  key: string,
  make: (previous: T | null, n: number) => Omit<T, '_id'>,
  opts: AppendOptions<T> = {},
): Promise<number> {
  const m = model as unknown as Model<never>;
  const scope = `${model.collection.collectionName}|${key}`;
  return inTurn(conn, scope, async () => {
    const known = tailsOf(conn).get(scope);
    let n = known?.next ?? (opts.usuallyNew ? 0 : await gallop(m, key, 0));
    let previous: T | null = null;
    const readPrevious = async () => (n > 0 ? ((await model.findById(slotId(key, n - 1)).lean()) as T | null) : null);
    if (opts.withPrevious) previous = known && known.next === n && known.last !== undefined ? (known.last as T | null) : await readPrevious();
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const doc = { ...make(previous, n), _id: slotId(key, n) } as T;
      try {
        const before = writeVersion(conn, model.collection.collectionName, doc._id);
        const stored = await model.create(doc);
        if (opts.keep) keepWritten(conn, model.collection.collectionName, doc._id, stored.toObject(), before);
        remember(conn, scope, { next: n + 1, last: opts.withPrevious ? (doc as unknown as Record<string, unknown>) : undefined });
        return n;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const taken = (await model.findById(slotId(key, n)).lean()) as T | null;
        if (taken && opts.same?.(taken)) {
          remember(conn, scope, { next: n + 1, last: opts.withPrevious ? (taken as unknown as Record<string, unknown>) : undefined });
          return n;
        }
        // Another process appended meanwhile: find the end again.
        n = await gallop(m, key, n + 1);
        if (opts.withPrevious) previous = await readPrevious();
      }
    }
    throw new Error(`no free slot under ${key} after 100 attempts`);
  });
}

/** How many of an ordered insertMany went in before a slot turned out taken; rethrows anything else. */
function insertedBeforeDuplicate(err: unknown): number {
  const e = err as { writeErrors?: unknown; insertedCount?: number };
  const first = (Array.isArray(e.writeErrors) ? e.writeErrors[0] : e.writeErrors) as { index?: number; code?: number } | undefined;
  if (!isDuplicateKey(first?.code !== undefined ? first : err)) throw err;
  return first?.index ?? e.insertedCount ?? 0;
}

/**
 * Appends several entries under `key` in this order, in one round trip when nobody else writes
 * the key meanwhile; returns them with their _ids. `raw` skips mongoose's casting (the caller
 * stores values as they are); `usuallyNew` as for appendSlot (a taken slot 0 costs the failed
 * insert, then the end is looked for).
 */
export function appendSlots<T extends { _id: string }>(conn: Connection, model: Model<T>, key: string, entries: Array<Omit<T, '_id'>>, opts: { raw?: boolean; usuallyNew?: boolean } = {}): Promise<T[]> {
  const scope = `${model.collection.collectionName}|${key}`;
  return inTurn(conn, scope, async () => {
    const m = model as unknown as Model<never>;
    let n = tailsOf(conn).get(scope)?.next ?? (opts.usuallyNew ? 0 : await gallop(m, key, 0));
    const docs = entries.map((e) => (opts.raw ? { ...e } : (new model(e).toObject() as Record<string, unknown>)));
    const out: T[] = [];
    for (let attempt = 0; out.length < docs.length; attempt += 1) {
      if (attempt >= 100) throw new Error(`no free slot under ${key} after 100 attempts`);
      const batch = docs.slice(out.length).map((d, i) => ({ ...d, _id: slotId(key, n + i) }) as unknown as T);
      try {
        await model.collection.insertMany(batch as never[], { ordered: true });
        out.push(...batch);
        n += batch.length;
      } catch (err) {
        const inserted = insertedBeforeDuplicate(err);
        out.push(...batch.slice(0, inserted));
        // Another process appended meanwhile: find the end again.
        n = await gallop(m, key, n + inserted + 1);
      }
    }
    remember(conn, scope, { next: n });
    return out;
  });
}

/**
 * The entries of a key from slot `from` on (default: all), oldest first; parallel reads by _id.
 * `kept` (entries appended with `keep`, whole documents, no projection): each entry from the copy
 * models/kept-copies.ts holds when this process alone writes the database. Entries never change
 * once written, so a copy stays current. Why: the fraud rules read the serial's and the phone's
 * lists at every card check, right after the new ticket was appended to both.
 */
export async function readSlots<T>(conn: Connection, model: Model<T>, key: string, opts: { last?: number; projection?: Record<string, 0 | 1>; kept?: boolean } = {}): Promise<T[]> {
  const count = await countSlots(conn, model as unknown as Model<never>, key);
  const from = opts.last !== undefined ? Math.max(0, count - opts.last) : 0;
  const ids = Array.from({ length: count - from }, (_, k) => slotId(key, from + k));
  const read = (id: string) => model.findById(id, opts.projection).lean() as Promise<T | null>;
  return inChunks(ids, opts.kept ? (id) => keptRead(conn, model.collection.collectionName, id, () => read(id)) : read);
}

/** One read per id, 64 at a time (a pool's worth of work queued, not thousands), in the ids' order. */
export async function inChunks<I, T>(ids: readonly I[], read: (id: I) => Promise<T | null | undefined>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 64) {
    for (const d of await Promise.all(ids.slice(i, i + 64).map(read))) if (d) out.push(d);
  }
  return out;
}

const gathered = new WeakMap<Connection, Map<string, unknown[]>>();

/**
 * inTurn for writes many callers make to one shared document or key at once (every ticket of a
 * day, a word of a name): items given while a write of the scope is under way are written together,
 * once, by the next one. A burst of one write each, every one waiting for a busy database, kept
 * the last caller waiting past a turn's budget. Every caller settles with the write that took its
 * item.
 */
export function inTurnTogether<I>(conn: Connection, scope: string, item: I, write: (items: I[]) => Promise<void>): Promise<void> {
  let byScope = gathered.get(conn);
  if (!byScope) gathered.set(conn, (byScope = new Map()));
  const waiting = byScope;
  const queued = waiting.get(scope) as I[] | undefined;
  if (queued) {
    queued.push(item);
    return (queued as I[] & { written: Promise<void> }).written;
  }
  const items = Object.assign([item], { written: Promise.resolve() });
  waiting.set(scope, items);
  items.written = inTurn(conn, scope, () => {
    waiting.delete(scope); // later items wait for the next write
    return write(items);
  });
  return items.written;
}

interface BatchedEntry<T> {
  make: (previous: T | null, n: number) => Omit<T, '_id'>;
  same?: (taken: T) => boolean;
}

/** appendSlot for a key many writers share (a search key like "nguyen"): see inTurnTogether. */
export function appendSlotBatched<T extends { _id: string }>(
  conn: Connection,
  model: Model<T>,
  key: string,
  make: (previous: T | null, n: number) => Omit<T, '_id'>,
  opts: { same?: (taken: T) => boolean; usuallyNew?: boolean } = {},
): Promise<void> {
  const scope = `${model.collection.collectionName}|${key}`;
  return inTurnTogether<BatchedEntry<T>>(conn, scope, { make, same: opts.same }, (batch) => writeBatch(conn, model, key, scope, batch, opts.usuallyNew));
}

/** Writes the entries in one insert, each made from the one before it; past other writers' slots. */
async function writeBatch<T extends { _id: string }>(conn: Connection, model: Model<T>, key: string, scope: string, batch: Array<BatchedEntry<T>>, usuallyNew = false): Promise<void> {
  const m = model as unknown as Model<never>;
  const known = tailsOf(conn).get(scope);
  let n = known?.next ?? (usuallyNew ? 0 : await gallop(m, key, 0));
  const readPrevious = async () => (n > 0 ? ((await model.findById(slotId(key, n - 1)).lean()) as T | null) : null);
  let previous = known && known.next === n && known.last !== undefined ? (known.last as T | null) : await readPrevious();
  let rest = batch;
  for (let attempt = 0; rest.length; attempt += 1) {
    if (attempt >= 100) throw new Error(`no free slot under ${key} after 100 attempts`);
    const docs: T[] = [];
    for (const [i, w] of rest.entries()) docs.push({ ...w.make(docs[i - 1] ?? previous, n + i), _id: slotId(key, n + i) } as T);
    let inserted = docs.length;
    try {
      await model.collection.insertMany(docs as never[], { ordered: true });
    } catch (err) {
      inserted = insertedBeforeDuplicate(err);
    }
    n += inserted;
    if (inserted) previous = docs[inserted - 1];
    rest = rest.slice(inserted);
    if (!rest.length) break;
    // Another process appended meanwhile. The entry already there may be this one (a retry).
    const taken = (await model.findById(slotId(key, n)).lean()) as T | null;
    if (taken && rest[0].same?.(taken)) rest = rest.slice(1);
    n = await gallop(m, key, n + 1);
    previous = await readPrevious();
  }
  remember(conn, scope, { next: n, last: previous as unknown as Record<string, unknown> | null });
}
