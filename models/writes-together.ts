import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

/**
 * Single-document writes by `_id` that many turns make at once (a message recorded in the inbox,
 * its entry removed, a conversation's state saved), each awaited by its caller as if alone, but
 * sent together: while MAX_IN_FLIGHT commands to the collection are under way, the writes that
 * come in wait and then go as one command. Each statement of it still names one `_id`, the only
 * filter FerretDB narrows. Under 200 conversations at once a command carries tens of writes; a
 * database command costs the bot about as much CPU as parsing a message, and FerretDB five times
 * less per document in a batch of 50 than alone (docs/performance.md).
 *
 * Nothing is deferred past its caller: each caller's promise settles with the command that
 * carried its write, with that write's own outcome.
 */
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 500;

type Outcome = 'written' | 'duplicate';

interface Pending<D extends Document> {
  id: unknown;
  op: AnyBulkWriteOperation<D>;
  resolve: (o: Outcome) => void;
  reject: (err: unknown) => void;
}

interface WriteErrorLike {
  index: number;
  code?: number;
  errmsg?: string;
}

export class WritesTogether<D extends Document & { _id: unknown }> {
  private readonly queue: Array<Pending<D>> = [];
  private inFlight = 0;
  /** Documents a command under way writes: a later write to one waits for it (order, and no two upserts racing). */
  private readonly busy = new Set<unknown>();

  constructor(private readonly collection: () => Collection<D>) {}

  /** Inserts `doc`; 'duplicate' when its `_id` is taken. */
  insert(doc: D): Promise<Outcome> {
    return this.push(doc._id, { insertOne: { document: doc as never } } as AnyBulkWriteOperation<D>);
  }

  /** Deletes the document with this `_id` (nothing if there is none). */
  delete(id: D['_id']): Promise<void> {
    return this.push(id, { deleteOne: { filter: { _id: id } as never } }).then(() => undefined);
  }

  /** `$set`s fields of the document with this `_id`, creating it with `upsert`. */
  set(id: D['_id'], fields: Partial<D>, upsert = false): Promise<void> {
    return this.push(id, { updateOne: { filter: { _id: id } as never, update: { $set: fields as never }, upsert } }).then(() => undefined);
  }

  private push(id: unknown, op: AnyBulkWriteOperation<D>): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ id, op, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length) {
      const batch = this.take();
      if (!batch.length) return; // everything waiting is for a document being written
      this.inFlight += 1;
      for (const p of batch) this.busy.add(p.id);
      void this.send(batch).finally(() => {
        for (const p of batch) this.busy.delete(p.id);
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The oldest waiting writes, one per `_id` and none to a document being written (those go later, in order). */
  private take(): Array<Pending<D>> {
    const ids = new Set<unknown>();
    const batch: Array<Pending<D>> = [];
    const later: Array<Pending<D>> = [];
    for (const p of this.queue) {
      if (batch.length < MAX_BATCH && !ids.has(p.id) && !this.busy.has(p.id)) batch.push(p);
      else later.push(p);
      ids.add(p.id);
    }
    this.queue.splice(0, this.queue.length, ...later);
    return batch;
  }

  private async send(batch: Array<Pending<D>>): Promise<void> {
    if (batch.length === 1) return this.sendOne(batch[0]);
    let failed: WriteErrorLike[] = [];
    try {
      await this.collection().bulkWrite(
        batch.map((p) => p.op),
        { ordered: false },
      );
    } catch (err) {
      const writeErrors = (err as { writeErrors?: WriteErrorLike | WriteErrorLike[] }).writeErrors;
      if (!writeErrors) {
        for (const p of batch) p.reject(err);
        return;
      }
      failed = [writeErrors].flat();
    }
    if (!failed.length) {
      for (const p of batch) p.resolve('written');
      return;
    }
    // Inserts are told apart by the index of their error. An update command FerretDB 1.24 refuses
    // in part stops at the failing statement and reports index 0 whichever it was, so the deletes
    // and updates of a command with any error are sent again one by one (both are idempotent:
    // by _id, $set).
    const byIndex = new Map(failed.map((e) => [e.index, e]));
    await Promise.all(
      batch.map((p, i) => {
        if (!('insertOne' in p.op)) return this.sendOne(p);
        const e = byIndex.get(i);
        if (!e) p.resolve('written');
        else if (isDuplicateKey(e)) p.resolve('duplicate');
        else p.reject(Object.assign(new Error(e.errmsg ?? 'write failed'), { code: e.code }));
        return undefined;
      }),
    );
  }

  /** Alone: the plain command, as the write would have been sent without this class. */
  private async sendOne(p: Pending<D>): Promise<void> {
    const col = this.collection();
    const op = p.op as { insertOne?: { document: D }; deleteOne?: { filter: never }; updateOne?: { filter: never; update: never; upsert?: boolean } };
    try {
      if (op.insertOne) await col.insertOne(op.insertOne.document as never);
      else if (op.deleteOne) await col.deleteOne(op.deleteOne.filter);
      else if (op.updateOne) await col.updateOne(op.updateOne.filter, op.updateOne.update, { upsert: op.updateOne.upsert });
      p.resolve('written');
    } catch (err) {
      if (op.insertOne && isDuplicateKey(err)) p.resolve('duplicate');
      else p.reject(err);
    }
  }
}

const byConnection = new WeakMap<Connection, Map<string, WritesTogether<never>>>();

/** The gathered writes of one collection of this connection (one per collection and connection). */
export function writesTogether<D extends Document & { _id: unknown }>(conn: Connection, collectionName: string): WritesTogether<D> {
  let map = byConnection.get(conn);
  if (!map) byConnection.set(conn, (map = new Map()));
  let w = map.get(collectionName);
  if (!w) map.set(collectionName, (w = new WritesTogether<never>(() => conn.collection(collectionName) as never)));
  return w as unknown as WritesTogether<D>;
}
