import type { Connection, Schema } from 'mongoose';

/**
 * Copies of documents as this process last read them, answered again while no write of the
 * document went through its model since. Only right when this process is the only writer of the
 * database (conversation leases in memory: npm start's embedded database, whose folder it locks),
 * so it is off until `keepCopies` turns it on for a connection.
 *
 * Why: the console's queue read three documents by _id per waiting case (ticket, conversation,
 * claim) at every load, and the console reloads it after every live change; on FerretDB each read
 * is a command of its own (an `$in` on _id decodes the whole collection).
 *
 * A write moves its document's counter once when it starts and once when it is done (of every
 * document of the collection when its filter names no single string _id), so a copy read while
 * the counter stood still is the document as stored. Writes that bypass the model (its native
 * collection) are not counted: a collection written that way must not be read through here.
 */

interface Counter {
  all: number;
  byId: Map<string, number>;
}

const counters = new WeakMap<Connection, Map<string, Counter>>();
/** Counts of single documents kept per collection; past it every document of it moves on. */
const MAX_COUNTED = 50_000;

function counterOf(conn: Connection, collection: string): Counter {
  let byCollection = counters.get(conn);
  if (!byCollection) counters.set(conn, (byCollection = new Map()));
  let c = byCollection.get(collection);
  if (!c) byCollection.set(collection, (c = { all: 0, byId: new Map() }));
  return c;
}

function countWrite(conn: Connection, collection: string, filter: unknown): void {
  const c = counterOf(conn, collection);
  const id = (filter as { _id?: unknown } | null | undefined)?._id;
  if (typeof id !== 'string') {
    c.all += 1;
    return;
  }
  if (c.byId.size >= MAX_COUNTED && !c.byId.has(id)) {
    // Forgetting the counts would make old copies look current: move every document on instead.
    c.byId.clear();
    c.all += 1;
  }
  c.byId.set(id, (c.byId.get(id) ?? 0) + 1);
}

/** Changes whenever a write of this document through its model starts or ends. */
export function writeVersion(conn: Connection, collection: string, id: string): number {
  const c = counters.get(conn)?.get(collection);
  return c ? c.all * 2 ** 32 + (c.byId.get(id) ?? 0) : 0;
}

const QUERY_WRITES = ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;

/** Installs the write counter on a model's schema (before the model is compiled). */
export function countWritesOf(schema: Schema, collection: string): void {
  for (const op of QUERY_WRITES) {
    schema.pre(op, function () {
      countWrite(this.model.db, collection, this.getFilter());
    });
    schema.post(op, function () {
      countWrite(this.model.db, collection, this.getFilter());
    });
  }
  schema.pre('insertMany', function () {
    countWrite(this.db, collection, undefined);
  });
  schema.post('insertMany', function () {
    countWrite(this.db, collection, undefined);
  });
  schema.pre('bulkWrite', function () {
    countWrite(this.db, collection, undefined);
  });
  schema.post('bulkWrite', function () {
    countWrite(this.db, collection, undefined);
  });
  schema.pre('save', function () {
    countWrite(this.db, collection, { _id: this._id });
  });
  schema.post('save', function () {
    countWrite(this.db, collection, { _id: this._id });
  });
}

interface Copy {
  doc: unknown;
  version: number;
}

const kept = new WeakMap<Connection, { max: number; copies: Map<string, Map<string, Copy>> }>();

/** From now on reads through `keptRead` on this connection may be answered from copies. */
export function keepCopies(conn: Connection, opts: { max: number }): void {
  kept.set(conn, { max: opts.max, copies: new Map() });
}

function remember(copies: Map<string, Copy>, max: number, id: string, copy: Copy): void {
  copies.delete(id); // most recently used last
  if (copies.size >= max) copies.delete(copies.keys().next().value!);
  copies.set(id, copy);
}

function copiesOf(conn: Connection, collection: string): { max: number; copies: Map<string, Copy> } | undefined {
  const store = kept.get(conn);
  if (!store) return undefined;
  let copies = store.copies.get(collection);
  if (!copies) store.copies.set(collection, (copies = new Map()));
  return { max: store.max, copies };
}

/**
 * The document `_id` of `collection` (null when there is none), from the copy kept when no write of
 * it went through its model since, else from `load`. Every reader of a collection through here
 * must load the same fields (the copies are shared). Bounded per collection: the least recently
 * used copies go first. A copy must not be changed.
 */
export async function keptRead<T>(conn: Connection, collection: string, id: string, load: () => Promise<T | null>): Promise<T | null> {
  const store = copiesOf(conn, collection);
  if (!store) return load();
  const version = writeVersion(conn, collection, id);
  const copy = store.copies.get(id);
  if (copy && copy.version === version) {
    remember(store.copies, store.max, id, copy);
    return copy.doc as T | null;
  }
  const doc = await load();
  if (version === writeVersion(conn, collection, id)) remember(store.copies, store.max, id, { doc, version });
  return doc;
}

/**
 * Keeps what a write returned as the document, if no other write of it went through the model
 * while it ran (`before`: writeVersion just before the write, which itself moved it twice).
 */
export function keepWritten(conn: Connection, collection: string, id: string, doc: unknown, before: number): void {
  const store = copiesOf(conn, collection);
  const version = writeVersion(conn, collection, id);
  if (store && version === before + 2) remember(store.copies, store.max, id, { doc, version });
}
