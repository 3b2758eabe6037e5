import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

/**
 * Single-document writes by `_id` that many turns make at once (a message recorded in the inbox,
 * its entry removed once answered), each awaited by its caller as if alone, but
 * sent together: while MAX_IN_FLIGHT commands to the collection are under way, the writes that
 * come in wait and then go as one command. Each statement of it still names one `_id`, the only
 * filter FerretDB narrows. Under 200 conversations at once a command carries tens of writes, and
 * each command saved is CPU saved in the bot's driver and in FerretDB (docs/performance.md).
 *
 * Nothing is deferred past its caller: each caller's promise settles with the command that
 * carried its write, with that write's own outcome. (slot-log's inTurnTogether gathers the same
 * way for one shared key, but settles every caller alike, without a per-write outcome.)
 */
const MAX_IN_FLIGHT = 2;
/**
 * Statements per command, measured on FerretDB 1.24 (SQLite): 200 inserts of 1.5 KB take 19 ms
 * (0.1 ms each, 0.54 alone), but deletes slow down with the size of the command (32: 0.6 ms each,
 * 80: 0.55, 200: over 5 s), and updates are dearer batched than alone at every size (1.4 ms each
 * against 0.85), so they are not gathered at all.
 */
const MAX_INSERTS = 500;
const MAX_DELETES = 32;

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
  /** Documents a command under way writes: a later write to one waits for it, so a message's writes keep their order. */
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
    let inserts = 0;
    let deletes = 0;
    for (const p of this.queue) {
      const isInsert = 'insertOne' in p.op;
      const room = isInsert ? inserts < MAX_INSERTS : deletes < MAX_DELETES;
      if (room && !ids.has(p.id) && !this.busy.has(p.id)) {
        batch.push(p);
        if (isInsert) inserts += 1;
        else deletes += 1;
      } else later.push(p);
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
    // Inserts are told apart by the index of their error. FerretDB 1.24 stops a delete command at
    // its first failing statement and reports index 0 whichever it was, so the deletes of a
    // command with any error are sent again one by one (a delete by _id is idempotent).
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
    const op = p.op as { insertOne?: { document: D }; deleteOne?: { filter: never } };
    try {
      if (op.insertOne) await col.insertOne(op.insertOne.document as never);
      else if (op.deleteOne) await col.deleteOne(op.deleteOne.filter);
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
