// How long the reports take on a large ticket collection (default 100,000), on the embedded
// FerretDB unless MONGODB_URI is set: `npm run bench:reports` (REPORT_TICKETS=n to change the size).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { ensureFerretdbBinary, startFerretdb } from '../../bot/embedded-database/ferretdb';
import { Reports } from '../../bot/console-api/reports';
import { readProcedureConfig } from '../../bot/complaint/procedure-config';
import { fileTexts } from '../../bot/console-api/texts';
import { syntheticTickets } from './synthetic';
import { packRow, reportDayDocuments, reportDayOf, reportDayModel, type ReportRow } from '../../models/report-days';

async function main() {
  const n = Number(process.env.REPORT_TICKETS ?? 100_000);
  let uri = process.env.MONGODB_URI;
  let stop = async () => {};
  if (!uri) {
    ensureFerretdbBinary((m) => console.log(m));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-report-bench-'));
    const db = await startFerretdb(dir);
    uri = `${db.uri}reportbench`;
    stop = async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const conn = await mongoose.createConnection(uri, { retryWrites: false }).asPromise();
  const now = new Date('2026-12-01T12:00:00+07:00');
  try {
    const tickets = conn.collection('tickets');
    await tickets.deleteMany({});
    let t0 = performance.now();
    const docs = syntheticTickets(n, now.getTime(), 365);
    for (let i = 0; i < docs.length; i += 2000) await tickets.insertMany(docs.slice(i, i + 2000) as never[], { ordered: false });
    console.log(`seeded ${n} tickets over 365 days in ${((performance.now() - t0) / 1000).toFixed(1)} s (avg ${Math.round(JSON.stringify(docs.slice(0, 100)).length / 100)} bytes of JSON each)`);
    // The per-day rows, as the bot writes them on every ticket change (models/report-days.ts).
    t0 = performance.now();
    const byDay = new Map<string, Record<string, string>>();
    for (const doc of docs) {
      const day = reportDayOf(doc.createdAt as Date);
      const rows = byDay.get(day) ?? {};
      rows[String(doc._id)] = packRow(doc as unknown as ReportRow);
      byDay.set(day, rows);
    }
    await reportDayModel(conn).deleteMany({});
    let written = 0;
    for (const [day, rows] of byDay) {
      const parts = reportDayDocuments(day, rows);
      await reportDayModel(conn).collection.insertMany(parts as never[]);
      written += parts.length;
    }
    // As on a database whose tickets were all recorded by this version: no roll-up needed.
    await reportDayModel(conn).collection.insertOne({ _id: 'rolled-up' as never, rows: {} });
    console.log(`wrote ${written} documents for ${byDay.size} days in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const procedure = readProcedureConfig();
    for (const [label, q] of [
      ['last week, by day', { from: '2026-11-23', to: '2026-11-29' }],
      ['last 30 days, by day', { from: '2026-11-01', to: '2026-11-30' }],
      ['a year, by week', { from: '2025-12-02', to: '2026-12-01', group: 'week' }],
    ] as const) {
      const reports = new Reports({ conn, clock: () => now, procedure: () => procedure, texts: fileTexts });
      t0 = performance.now();
      const r = await reports.report(q);
      const cold = performance.now() - t0;
      t0 = performance.now();
      await reports.report(q);
      const warm = performance.now() - t0;
      t0 = performance.now();
      await reports.csv(q, 'vi');
      const csv = performance.now() - t0;
      console.log(`${label}: ${r.tickets} tickets in period; first request ${cold.toFixed(0)} ms (reads the days by _id), cached ${warm.toFixed(0)} ms, CSV cached ${csv.toFixed(0)} ms`);
    }
  } finally {
    await conn.close();
    await stop();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
