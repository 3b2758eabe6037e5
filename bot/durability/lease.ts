import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { sleep } from '../channels/retry';
import { isDuplicateKey } from '../../models/duplicate-key';

interface LeaseDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

export interface Lease {
  key: string;
  token: string;
  release(): Promise<void>;
}

/** Turns of one conversation, one at a time across the processes that share a database. */
export interface Leases {
  acquire(key: string, waitMs: number): Promise<Lease>;
}

/**
 * For a database only this process uses (the embedded one, its folder locked to this process):
 * the in-process queue already runs a conversation's turns one at a time, so a lease costs nothing
 * and saves the two database writes per turn of ConversationLeases.
 */
export class ProcessLeases implements Leases {
  async acquire(key: string): Promise<Lease> {
    return { key, token: 'process', release: async () => {} };
  }
}

export class LeaseTimeoutError extends Error {
  constructor(key: string, waitedMs: number) {
    super(`conversation ${key} is busy in another process (waited ${waitedMs} ms)`);
    this.name = 'LeaseTimeoutError';
  }
}


/**
 * Per-conversation leases shared by every bot process on one database. Taking one is an insert of
 * the conversation key as _id: the unique _id decides, atomically on FerretDB (whose updates are
 * read-then-write) as on MongoDB. A lease expires after `ttlMs` unless renewed (a process that died
 * holding it); the first process to insert the takeover marker for that expired holder replaces it,
 * so two processes cannot both take over the same dead lease. Every command is keyed by _id.
 */
export class ConversationLeases implements Leases {
  readonly process = randomUUID();

  constructor(
    private readonly conn: Connection,
    private readonly opts: { ttlMs: number; collection?: string } = { ttlMs: 30_000 },
  ) {}

  private get col() {
    return this.conn.collection<LeaseDoc>(this.opts.collection ?? 'conversation_leases');
  }

  /** Waits up to `waitMs` for the lease of `key`; renewed while held. */
  async acquire(key: string, waitMs: number): Promise<Lease> {
    const start = Date.now();
    for (let attempt = 0; ; attempt += 1) {
      const token = `${this.process}:${randomUUID()}`;
      if (await this.tryTake(key, token)) return this.held(key, token);
      const waited = Date.now() - start;
      if (waited >= waitMs) throw new LeaseTimeoutError(key, waited);
      // Short first waits: another process's turn usually ends within tens of milliseconds.
      await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
    }
  }

  private async tryTake(key: string, token: string): Promise<boolean> {
    const expiresAt = new Date(Date.now() + this.opts.ttlMs);
    try {
      await this.col.insertOne({ _id: key, owner: token, expiresAt });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const current = await this.col.findOne({ _id: key });
    if (!current) return false; // released meanwhile: the next attempt inserts
    if (new Date(current.expiresAt).getTime() > Date.now()) return false;
    // Expired: its holder died or hung. One taker wins the marker for that holder.
    try {
      await this.col.insertOne({ _id: `${key}#takeover#${current.owner}`, owner: token, expiresAt });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    await this.col.replaceOne({ _id: key }, { owner: token, expiresAt }, { upsert: true });
    return true;
  }

  private held(key: string, token: string): Lease {
    // Renewed well before expiry, so a live holder is never taken over.
    const renew = setInterval(() => {
      void this.col.updateOne({ _id: key, owner: token }, { $set: { expiresAt: new Date(Date.now() + this.opts.ttlMs) } }).catch(() => {});
    }, Math.max(1000, Math.floor(this.opts.ttlMs / 3)));
    renew.unref();
    let released = false;
    return {
      key,
      token,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(renew);
        // If the database is down the lease simply expires and is taken over after ttlMs.
        await this.col.deleteOne({ _id: key, owner: token }).catch(() => {});
      },
    };
  }

  /** Removes old takeover markers (idempotent: any process may run it). */
  async prune(before: Date): Promise<void> {
    await this.col.deleteMany({ expiresAt: { $lt: before }, _id: { $regex: '#takeover#' } } as never);
  }
}
