import path from 'node:path';
import mongoose, { Connection } from 'mongoose';
import type { Logger } from '../logging/logger';
import { ensureFerretdbBinary } from '../embedded-database/ferretdb';
import { SupervisedFerretdb } from '../embedded-database/supervisor';
import { lockDataDir } from '../embedded-database/data-dir-lock';
import { mkdirSync } from 'node:fs';

export interface Database {
  connection: Connection;
  /** Where the data lives, without credentials, for the start-up log. */
  description: string;
  /** The embedded FerretDB (restarted by its supervisor when it exits); its folder is locked to this process. */
  embedded?: SupervisedFerretdb;
  /** False while the database is known to be unreachable (writes would only wait and fail). */
  available(): boolean;
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

const DB_NAME = 'qpal';

/**
 * MONGODB_URI when set (MongoDB 6/7, Atlas); otherwise the embedded FerretDB under DATA_DIR/db.
 * No transactions, TTL indexes or $lookup anywhere, so both behave the same for this code.
 */
export async function openDatabase(
  opts: { mongodbUri?: string; dataDir: string },
  log: Logger,
): Promise<Database> {
  let embedded: SupervisedFerretdb | undefined;
  let dirLock: { release(): void } | undefined;
  let uri = opts.mongodbUri;
  let description: string;
  if (uri) {
    description = uri.replace(/\/\/[^@/]*@/, '//***@');
  } else {
    ensureFerretdbBinary((msg) => log.info(msg));
    const dir = path.resolve(opts.dataDir, 'db');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    dirLock = lockDataDir(dir);
    try {
      embedded = await SupervisedFerretdb.start(dir, log);
    } catch (err) {
      dirLock.release();
      throw err;
    }
    uri = embedded.uri + DB_NAME;
    description = `embedded FerretDB (${dir})`;
  }

  // Mongoose keeps `new Error().stack` of every query it runs, to explain a query run twice; under
  // tsx each such stack is source-mapped, about 2 % of the bot's CPU under load for a message
  // no code path of ours can produce (every query is run once).
  mongoose.set('skipOriginalStackTraces', true);
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 5000,
    // FerretDB reports a standalone server; retryable writes would need sessions it lacks.
    retryWrites: false,
    // Counted in /metrics (database commands per turn is a figure the benchmark reports).
    monitorCommands: true,
    // SQLite has one writer and FerretDB's waiting writers sleep in its busy handler: a few
    // connections measured best (1: 42, 4: 58, 8: 57 turns/s in npm run bench).
    ...(embedded ? { maxPoolSize: 4 } : {}),
    autoIndex: true,
    // Notice a lost server within seconds (readiness, failing fast instead of waiting).
    heartbeatFrequencyMS: 2000,
  });
  try {
    await connection.asPromise();
  } catch (err) {
    await embedded?.stop();
    dirLock?.release();
    throw new Error(
      `Cannot connect to the database (${description}): ${(err as Error).message}. ` +
        (opts.mongodbUri ? 'Check MONGODB_URI, or unset it to use the embedded database.' : ''),
    );
  }

  return {
    connection,
    description,
    embedded,
    available() {
      return connection.readyState === 1 && (embedded?.up ?? true);
    },
    async ping(timeoutMs = 1500) {
      const db = connection.db;
      if (!db || connection.readyState !== 1) return false;
      try {
        await Promise.race([
          db.command({ ping: 1 }),
          new Promise((_, rej) => setTimeout(() => rej(new Error('ping timeout')), timeoutMs)),
        ]);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close(true).catch(() => {});
      await embedded?.stop();
      dirLock?.release();
    },
  };
}
