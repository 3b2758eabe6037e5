import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Storage, StoreItems } from 'botbuilder';
import { isDuplicateKey } from '../../models/duplicate-key';

interface StoredDoc {
  _id: string;
  // JSON text, not a sub-document: dialog state may hold keys with "$" or "." that MongoDB
  // and FerretDB treat specially, and Mixed paths would be cast or minimised by mongoose.
  state: string;
  eTag: string;
  updatedAt: Date;
}

/**
 * A writer's lock on one (key, eTag): only one writer can insert it, on MongoDB and FerretDB alike.
 * Stored in `<collection>_claims`, the name it had before "claim" came to mean only an agent's
 * hold on a case (docs/architecture.md, Glossary); existing databases keep using it.
 */
interface ETagLockDoc {
  _id: string;
  at: Date;
}

/** A lock this old belongs to a writer that died between locking and writing. */
const STALE_LOCK_MS = 30_000;

export class ETagConflictError extends Error {
  constructor(key: string) {
    super(`eTag conflict on storage key "${key}"`);
    this.name = 'ETagConflictError';
  }
}

/**
 * Bot Framework storage on MongoDB with MemoryStorage's eTag semantics: a write with eTag "*" or
 * none always wins; a write carrying an older eTag is refused.
 */
export class MongoStorage implements Storage {
  /** What this process last wrote, by key (see `cacheWrites`). */
  private readonly written = new Map<string, { state: string; eTag: string }>();

  constructor(
    private readonly conn: Connection,
    private readonly collectionName = 'botstate',
    /**
     * Keep the last state written per key and answer reads from it: only right when this process
     * is the only writer of the collection (conversation leases in memory, CONVERSATION_LEASES);
     * saves the read at the start of every turn. Bounded: the least recently used keys go first.
     */
    private readonly cacheWrites: { max: number } | undefined = undefined,
  ) {}

  private get col() {
    return this.conn.collection<StoredDoc>(this.collectionName);
  }

  private get locks() {
    return this.conn.collection<ETagLockDoc>(`${this.collectionName}_claims`);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    if (this.cacheWrites && keys.every((k) => this.written.has(k))) {
      const items: StoreItems = {};
      for (const k of keys) {
        const w = this.written.get(k)!;
        this.remember(k, w); // most recently used
        items[k] = { ...JSON.parse(w.state), eTag: w.eTag };
      }
      return items;
    }
    // A turn reads one key. FerretDB on SQLite uses its _id index only for a plain {_id: value}
    // filter ($in scans the whole collection), so single keys are read that way.
    const docs =
      keys.length === 1
        ? await this.col.find({ _id: keys[0] }).toArray()
        : await this.col.find({ _id: { $in: keys } }).toArray();
    const items: StoreItems = {};
    for (const d of docs) items[d._id] = { ...JSON.parse(d.state), eTag: d.eTag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(key, item)));
  }

  private remember(key: string, w: { state: string; eTag: string }): void {
    this.written.delete(key);
    this.written.set(key, w);
    if (this.written.size > this.cacheWrites!.max) this.written.delete(this.written.keys().next().value as string);
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    // Forgotten first: a write that fails (or is refused) leaves the next read to the database.
    this.written.delete(key);
    const { eTag, ...rest } = item as { eTag?: string };
    const doc = { state: JSON.stringify(rest), eTag: randomUUID(), updatedAt: new Date() };
    await this.writeDoc(key, eTag, doc);
    if (this.cacheWrites) this.remember(key, { state: doc.state, eTag: doc.eTag });
  }

  private async writeDoc(key: string, eTag: string | undefined, doc: Omit<StoredDoc, '_id'>): Promise<void> {
    if (!eTag || eTag === '*') {
      await this.col.updateOne({ _id: key }, { $set: doc }, { upsert: true });
      return;
    }
    // FerretDB does not apply a filtered update atomically: several writers holding the same eTag
    // could all match it. A unique insert is atomic everywhere, so a writer first locks the eTag
    // it read; only the one that gets the lock may write.
    const lock = `${key}\u0000${eTag}`;
    await this.lockETag(key, lock);
    try {
      const r = await this.col.updateOne({ _id: key, eTag }, { $set: doc });
      if (r.matchedCount === 1) return;
      // No match: either someone wrote since our read (conflict) or the item never existed.
      try {
        await this.col.insertOne({ _id: key, ...doc });
      } catch (err) {
        if (isDuplicateKey(err)) throw new ETagConflictError(key);
        throw err;
      }
    } finally {
      // Once the stored eTag has changed, a late writer with the old one is refused by the filter.
      await this.locks.deleteOne({ _id: lock });
    }
  }

  private async lockETag(key: string, lock: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.locks.insertOne({ _id: lock, at: new Date() });
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const held = await this.locks.findOne({ _id: lock });
      const stale = held && Date.now() - held.at.getTime() > STALE_LOCK_MS;
      if (!stale || attempt > 0) throw new ETagConflictError(key);
      await this.locks.deleteOne({ _id: lock, at: held.at });
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const k of keys) this.written.delete(k);
    if (keys.length) await this.col.deleteMany({ _id: { $in: keys } });
  }
}
