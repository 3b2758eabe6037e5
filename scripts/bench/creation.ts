/**
 * Where the time of concurrent ticket creations goes: N createTicket calls at once (default 40) on
 * a fresh embedded database, once as the ticket test does (one customer, one conversation, one
 * serial: every ticket under the same keys) and once with N different customers. Prints the wall
 * time and the database commands by command and collection (the driver's command monitoring).
 * Usage: npx tsx scripts/bench/creation.ts [N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startFerretdb } from '../../bot/embedded-database/ferretdb';
import type { NewTicket } from '../../models/ticket';
import { createTicket } from '../../models/ticket-create';

const N = Number(process.argv[2] ?? 40);

function complaint(i: number, shared: boolean): NewTicket {
  const k = shared ? 0 : i;
  return {
    complaintId: `bench-${shared ? 's' : 'd'}-${i}`,
    situation: 'failed_card_used',
    service: { id: 'naruto', name: 'Naruto Đại Chiến', hotline: '1900 1234' },
    denomination: 50000,
    serial: String(10002026000000 + k),
    purchasePlace: 'Đại lý Minh Anh',
    transactionAt: '2026-11-24T20:00:00+07:00',
    statusText: 'Thẻ đã được sử dụng',
    phone: `+8491234${String(5000 + k).padStart(4, '0')}`,
    email: null,
    channel: 'messenger',
    conversation: `messenger:c${k}`,
    conversationReference: { channelId: 'messenger', conversation: { id: `c${k}` }, user: { id: `u${k}`, name: `Nguyễn Văn Khách ${k}` } },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-creation-'));
  const db = await startFerretdb(dir);
  try {
    for (const shared of [true, false]) {
      const conn = await mongoose.createConnection(`${db.uri}creation_${shared ? 's' : 'd'}`, { retryWrites: false, monitorCommands: true }).asPromise();
      const counts = new Map<string, number>();
      const time = new Map<string, number>();
      const started = new Map<number, { key: string; at: number }>();
      const client = conn.getClient();
      client.on('commandStarted', (e) => {
        const coll = String((e.command as Record<string, unknown>)[e.commandName] ?? '');
        started.set(e.requestId, { key: `${e.commandName} ${coll}`, at: performance.now() });
      });
      const done = (e: { requestId: number }) => {
        const s = started.get(e.requestId);
        if (!s) return;
        started.delete(e.requestId);
        counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
        time.set(s.key, (time.get(s.key) ?? 0) + performance.now() - s.at);
      };
      client.on('commandSucceeded', done);
      client.on('commandFailed', done);
      // Warm up: indexes and the day's counter.
      await createTicket(conn, complaint(-1, false), new Date('2026-12-01T05:00:00Z'));
      counts.clear();
      time.clear();
      const day = new Date('2026-12-01T05:00:00Z');
      const t0 = performance.now();
      await Promise.all(Array.from({ length: N }, (_, i) => createTicket(conn, complaint(i, shared), day)));
      const ms = performance.now() - t0;
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      console.log(`${N} concurrent creations, ${shared ? 'one customer (as the ticket test)' : `${N} customers`}: ${Math.round(ms)} ms, ${total} commands (${(total / N).toFixed(1)} per ticket)`);
      for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(40)} ${String(v).padStart(6)}  ${Math.round(time.get(k) ?? 0)} ms summed`);
      await conn.close();
    }
  } finally {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
