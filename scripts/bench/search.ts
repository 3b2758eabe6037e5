// npm run bench:search [-- --tickets N]: seeds N tickets (default 100,000; open and closed, the
// search keys as createTicket writes them) into a fresh embedded FerretDB (the build npm start
// uses), then times the console's search (bot/console-api/search.ts, called in-process as the API
// handler calls it) for each kind of query, 30 runs each, and prints p50 / p95 / max in ms.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { ensureFerretdbBinary, startFerretdb } from '../../bot/embedded-database/ferretdb';
import { TicketSearch } from '../../bot/console-api/search';
import { ticketModel } from '../../models/ticket';
import { ticketKeyModel } from '../../models/ticket-keys';
import { RECENT, searchKeysOf, ticketSearchKeyModel } from '../../models/ticket-search';
import { formatTicketCode } from '../../models/ticket-code';
import { percentile } from './load';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('tickets', 100_000);
const RUNS = 30;
const BATCH = 2000;

const FAMILY = ['Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Thị', 'Văn', 'Đức', 'Ngọc', 'Minh', 'Thanh', 'Hữu', 'Quang', 'Thu', 'Hoài'];
const GIVEN = ['Anh', 'Ánh', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phong', 'Phương', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Trang', 'Tú', 'Tuấn', 'Vy', 'Yến'];

const phoneOf = (i: number) => `+849${String(10_000_000 + ((i * 7919) % 90_000_000)).padStart(8, '0')}`;
const serialOf = (i: number) => `1000${String(7_000_000_000 + i)}`;
const nameOf = (i: number) => `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i >> 3) % MIDDLE.length]} ${GIVEN[(i * 31) % GIVEN.length]}`;

async function main() {
  ensureFerretdbBinary((m) => process.stderr.write(`${m}\n`));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-bench-search-'));
  const db = await startFerretdb(path.join(dir, 'db'));
  const conn = mongoose.createConnection(`${db.uri}bench_search`, { retryWrites: false });
  await conn.asPromise();
  try {
    const Ticket = ticketModel(conn);
    await Ticket.init();
    const started = Date.now();
    // Slot counters as the insert-only key collections would have numbered them.
    const slots = new Map<string, number>();
    const recents = new Map<string, string[]>();
    const next = (key: string) => {
      const n = slots.get(key) ?? 0;
      slots.set(key, n + 1);
      return `${key}:${n}`;
    };
    const recentOf = (key: string, code: string) => {
      const r = [code, ...(recents.get(key) ?? [])].slice(0, RECENT);
      recents.set(key, r);
      return r;
    };
    for (let from = 0; from < N; from += BATCH) {
      const tickets = [];
      const keys = [];
      const search = [];
      for (let i = from; i < Math.min(N, from + BATCH); i += 1) {
        const day = `${String(1 + (i % 28)).padStart(2, '0')}${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}`;
        const code = formatTicketCode(day, Math.floor(i / 336) + 1);
        const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
        const customerName = nameOf(i);
        const conversation = `messenger:psid-${i}`;
        tickets.push({
          _id: code, code, codeDay: day, codeSeq: Math.floor(i / 336) + 1, complaintId: `bench:${i}`, title: 'Yêu cầu khiếu nại', transactionType: 'mua thẻ cào BIT',
          situation: 'failed_card_used', serial: serialOf(i), phone: phoneOf(i), customerName, channel: 'messenger', conversation,
          status: i % 10 === 0 ? 'waiting_agent' : 'closed', fraudSignals: [], confirmation: { phoneCalls: [] }, createdAt: at, updatedAt: at,
        });
        const entry = { ticketCode: code, serial: serialOf(i), phone: phoneOf(i), conversation, at };
        keys.push({ _id: next(`serial:${serialOf(i)}`), ...entry }, { _id: next(`phone:${phoneOf(i)}`), ...entry });
        for (const [kind, value] of searchKeysOf({ customerName, conversation })) {
          search.push({ _id: next(`${kind}:${value}`), ticketCode: code, recent: recentOf(`${kind}:${value}`, code), at });
        }
      }
      await Promise.all([
        conn.collection('tickets').insertMany(tickets as never[], { ordered: false }),
        ticketKeyModel(conn).collection.insertMany(keys as never[], { ordered: false }),
        ticketSearchKeyModel(conn).collection.insertMany(search as never[], { ordered: false }),
      ]);
      if ((from / BATCH) % 10 === 0) process.stderr.write(`seeded ${from + tickets.length} tickets\n`);
    }
    const counts = await Promise.all([conn.collection('tickets').estimatedDocumentCount(), conn.collection('ticket_keys').estimatedDocumentCount(), conn.collection('ticket_search_keys').estimatedDocumentCount()]);
    console.log(`seeded ${counts[0]} tickets, ${counts[1]} ticket keys, ${counts[2]} search keys in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    const search = new TicketSearch(conn);
    const probe = 73_421 % N;
    const national = `0${phoneOf(probe).slice(3)}`;
    const cases: Array<[string, string]> = [
      ['code', formatTicketCode(`${String(1 + (probe % 28)).padStart(2, '0')}${String(1 + (Math.floor(probe / 28) % 12)).padStart(2, '0')}`, Math.floor(probe / 336) + 1).toLowerCase()],
      ['phone, national with spaces', `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`],
      ['phone, +84 with dashes', `+84 ${national.slice(1, 4)}-${national.slice(4, 7)}-${national.slice(7)}`],
      ['serial', serialOf(probe)],
      ['full name, no diacritics', nameOf(probe).normalize('NFD').replace(/\p{M}/gu, '').replace(/Đ/g, 'D').replace(/đ/g, 'd').toLowerCase()],
      ['two words of a name', `${MIDDLE[(probe >> 3) % MIDDLE.length]} ${GIVEN[(probe * 31) % GIVEN.length]}`],
      ['one rarer word (a given name)', GIVEN[(probe * 31) % GIVEN.length]],
      ['one common word ("nguyen")', 'nguyen'],
      ['nothing found', 'Không Ai Tên Này'],
    ];
    console.log(`\nsearch over ${N.toLocaleString('en')} tickets, ${RUNS} runs each (ms):`);
    // "first" is the query's first run in this process: no count hint for its keys yet.
    console.log('query                              | hits | first | p50   | p95   | max');
    for (const [label, q] of cases) {
      const times: number[] = [];
      let hits = 0;
      for (let r = 0; r < RUNS; r += 1) {
        const t0 = performance.now();
        hits = (await search.search(q)).length;
        times.push(performance.now() - t0);
      }
      const first = times[0];
      times.sort((a, b) => a - b);
      console.log(`${label.padEnd(34)} | ${String(hits).padStart(4)} | ${first.toFixed(1).padStart(5)} | ${percentile(times, 50).toFixed(1).padStart(5)} | ${percentile(times, 95).toFixed(1).padStart(5)} | ${times[times.length - 1].toFixed(1)}`);
    }
  } finally {
    await conn.close();
    db.process.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
