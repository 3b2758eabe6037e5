// `npm run bench:breakdown`: where one turn's time goes, without load. Sequential complaints over
// the bench's branches against an in-process bot on a fresh embedded database.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logging/logger';
import { ensureFerretdbBinary, startFerretdb } from '../../bot/embedded-database/ferretdb';
import { sendToBot } from '../bot-client';
import { SCENARIOS, serialFor, phoneFor } from './scenarios';
import { cardModel } from '../../models/card';
import { topupModel } from '../../models/topup';
import * as persistence from '../../machines/complaint/persistence';
import { ComplaintSession } from '../../dialogs/complaint-session';
import { readProcedureConfig } from '../../bot/complaint/procedure-config';
import { preloadClosedTickets } from './preload';

(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-breakdown-'));
  ensureFerretdbBinary((m) => process.stderr.write(`${m}\n`));
  const fdb = await startFerretdb(path.join(dir, 'db'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', MONGODB_URI: `${fdb.uri}qpal`, CONVERSATION_LEASES: process.env.CONVERSATION_LEASES ?? 'process', DEMO_DATA: 'off', DATA_DIR: dir });
  // `bench:breakdown N [PRELOAD]`: PRELOAD closed complaints in the database first (what grows with the data).
  const preload = Number(process.argv[3] ?? 0);
  if (preload) {
    const mongoose = (await import('mongoose')).default;
    const c = await mongoose.createConnection(`${fdb.uri}qpal`).asPromise();
    const r = await preloadClosedTickets(c, preload, new Date(), (line) => process.stderr.write(`${line}\n`));
    console.log('preloaded', r.tickets, 'tickets,', r.documents, 'documents in', r.seconds.toFixed(0), 's');
    await c.close();
  }
  const app = await startApp(config, createLogger('error'));
  const conn = app.db.connection; const now = new Date(); const N = Number(process.argv[2] ?? 100);
  for (let i = 0; i < N; i++) { const sc = SCENARIOS[i % SCENARIOS.length]; const seed = sc.seed(now); if (seed.card) await cardModel(conn).create({ _id: serialFor(i), ...seed.card }); await topupModel(conn).create({ _id: serialFor(i), attempts: (seed.topups ?? []).map((t, k) => ({ id: 'T' + i + k, ...t })) }); }
  let machineMs = 0;
  const origSend = ComplaintSession.prototype.send;
  ComplaintSession.prototype.send = function (e) { const t = performance.now(); try { return origSend.call(this, e); } finally { machineMs += performance.now() - t; } };
  const origSave = ComplaintSession.prototype.save;
  ComplaintSession.prototype.save = function () { const t = performance.now(); try { return origSave.call(this); } finally { machineMs += performance.now() - t; } };
  const byColl = new Map<string, number>(); const pending = new Map<number, string>(); const counts = new Map<string, number>(); const filters = new Map<string, number>();
  conn.getClient().on('commandStarted', (e) => { const c: any = e.command; pending.set(e.requestId, process.env.BREAKDOWN_FILTERS ? `${e.commandName} ${c[e.commandName]}` : String(c[e.commandName])); const k = `${e.commandName} ${c[e.commandName]}`; counts.set(k, (counts.get(k) ?? 0) + 1); if (process.env.BREAKDOWN_FILTERS && c[e.commandName] === process.env.BREAKDOWN_FILTERS) { const q = JSON.stringify(c.filter ?? c.query ?? c.updates?.[0]?.q ?? c.deletes?.[0]?.q ?? null).replace(/"[^"]*"(?=[,}])/g, '"…"'); const f = `${e.commandName} ${q}`; filters.set(f, (filters.get(f) ?? 0) + 1); } });
  conn.getClient().on('commandSucceeded', (e) => { const k = pending.get(e.requestId)!; byColl.set(k, (byColl.get(k) ?? 0) + e.duration); });
  let turns = 0; let total = 0; const each: Array<{ ms: number; what: string }> = [];
  for (let i = 0; i < N; i++) { const sc = SCENARIOS[i % SCENARIOS.length]; for (const [k, m] of sc.messages(serialFor(i), phoneFor(i)).entries()) { const t = performance.now(); await sendToBot(app.url, 'b' + i, m, { channelId: 'bench' }); const ms = performance.now() - t; total += ms; turns++; each.push({ ms, what: `${sc.name} #${k + 1}` }); } if ((i + 1) % 100 === 0) { const block = each.slice(-100 * 11); console.log(`complaints ${i - 98}-${i + 1}: mean turn ${(block.reduce((a, e) => a + e.ms, 0) / block.length).toFixed(1)} ms`); } }
  const per = (ms: number) => (ms / turns).toFixed(2);
  const sorted = [...each].sort((a, b) => a.ms - b.ms); const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))].ms.toFixed(1);
  console.log('turn ms p50', q(0.5), 'p95', q(0.95), 'p99', q(0.99), 'max', sorted.at(-1)!.ms.toFixed(1));
  const slow = new Map<string, number[]>(); for (const e of sorted.slice(-Math.ceil(sorted.length / 20))) { const k = e.what.replace(/ #\d+$/, ` #${e.what.split('#')[1]}`); slow.set(k, [...(slow.get(k) ?? []), e.ms]); }
  console.log('slowest 5% of turns (scenario #message: ms)'); for (const [k, v] of slow) console.log('  ', k, v.map((x) => x.toFixed(0)).join(' '));
  console.log('turns', turns, 'mean turn ms', per(total));
  let db = 0; for (const [k, v] of [...byColl].sort((a, b) => b[1] - a[1])) { db += v; console.log('  db', k.padEnd(16), per(v)); }
  // Restoring a snapshot is timed apart (module exports cannot be wrapped): a mid-complaint one, 500 times.
  const sample = new ComplaintSession(undefined, () => ({ complaintId: 'x', config: readProcedureConfig() }));
  sample.send({ type: 'ANSWER', field: 'situation', value: 'failed_card_used', now: now.toISOString() });
  const saved = sample.save();
  const t0 = performance.now();
  for (let k = 0; k < 500; k += 1) persistence.restoreOrStart(saved, { complaintId: 'x', config: readProcedureConfig() });
  machineMs += ((performance.now() - t0) / 500) * turns;
  console.log('  db total', per(db));
  let n = 0; for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) { n += v; console.log('  commands', k.padEnd(40), per(v)); }
  console.log('  commands per turn', per(n));
  for (const [k, v] of filters) console.log('  filter', v, k.slice(0, 200)); console.log('  machine (restore, events, snapshot)', per(machineMs)); console.log('  rest (HTTP, framework, dialogs, parsers, i18n)', per(total - db - machineMs));
  await app.stop();
  await fdb.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
})();
