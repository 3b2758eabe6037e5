import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Connection } from 'mongoose';
import { ensureFerretdbBinary, startFerretdb, EmbeddedDatabase } from '../../bot/embedded-database/ferretdb';

// One real FerretDB for the whole test run (or MONGODB_TEST_URI, e.g. a real MongoDB 7); every
// caller gets its own database name so test files never see each other's data.
let shared: Promise<{ baseUri: string; db?: EmbeddedDatabase; dir?: string }> | undefined;

function startShared() {
  if (process.env.MONGODB_TEST_URI) {
    return Promise.resolve({ baseUri: process.env.MONGODB_TEST_URI.replace(/\/?$/, '/') });
  }
  ensureFerretdbBinary((m) => process.stderr.write(`${m}\n`));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-test-db-'));
  return startFerretdb(dir).then((db) => {
    started = { db, dir };
    return { baseUri: db.uri, db, dir };
  });
}

let started: { db: EmbeddedDatabase; dir: string } | undefined;
let counter = 0;
/** A fresh, empty database on the shared server. */
export async function testDatabaseUri(label: string): Promise<string> {
  shared ??= startShared();
  const { baseUri } = await shared;
  counter += 1;
  return `${baseUri}t_${label.replace(/[^a-zA-Z0-9_]/g, '_').slice(0, 30)}_${process.pid}_${counter}`;
}

export async function testConnection(label: string): Promise<Connection> {
  const conn = mongoose.createConnection(await testDatabaseUri(label), { retryWrites: false });
  await conn.asPromise();
  return conn;
}

// The server also exits by itself when this process goes (its stdin closes); this removes its files.
process.on('exit', () => {
  if (!started) return;
  started.db.process.kill('SIGKILL');
  rmSync(started.dir, { recursive: true, force: true });
});
