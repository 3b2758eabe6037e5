// `npm run bench [-- --concurrency 200 --conversations 2000]`: whole complaint conversations under
// load against the bot (embedded database, built-in card system), then the same load against a
// bare echo bot on the same storage and database, and the ratio of the two.
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { ensureFerretdbBinary, startFerretdb } from '../../bot/database/ferretdb';
import { cardModel } from '../../models/card';
import { topupModel } from '../../models/topup';
import { SCENARIOS, serialFor, phoneFor } from './scenarios';
import { runLoad, percentile, Conversation, LoadResult } from './load';

const ROOT = path.resolve(__dirname, '..', '..');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive whole number`);
  return v;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function spawnServer(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return { child, url };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${script} did not become ready`);
}

/** Peak resident memory of a process (Linux VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Database commands sent so far, by command name (from the server's /metrics). */
async function dbCommands(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return new Map([...text.matchAll(/^db_commands_total\{command="([^"]+)"\} (\d+)/gm)].map((m) => [m[1], Number(m[2])]));
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

interface Measured extends LoadResult {
  dbPerTurn: number;
  /** Commands per turn by name, most first. */
  dbByCommand: Array<[string, number]>;
  rssMb: number;
}

async function measure(child: ChildProcess, url: string, conversations: Conversation[], concurrency: number): Promise<Measured> {
  const before = await dbCommands(url);
  const r = await runLoad(url, conversations, concurrency);
  const after = await dbCommands(url);
  const turns = Math.max(1, r.turns);
  const dbByCommand = [...after]
    .map(([name, n]): [string, number] => [name, (n - (before.get(name) ?? 0)) / turns])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return { ...r, dbPerTurn: (sum(after) - sum(before)) / turns, dbByCommand, rssMb: peakRssMb(child.pid!) };
}

function row(name: string, m: Measured): string {
  const s = [...m.latenciesMs].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(8);
  return [
    name.padEnd(16),
    String(m.turns).padStart(7),
    (m.turns / m.seconds).toFixed(1).padStart(9),
    f(percentile(s, 50)),
    f(percentile(s, 95)),
    f(percentile(s, 99)),
    String(m.errors).padStart(6),
    m.dbPerTurn.toFixed(2).padStart(8),
    m.rssMb.toFixed(0).padStart(8),
  ].join(' ');
}

async function main(): Promise<void> {
  const concurrency = option('concurrency', 200);
  const total = option('conversations', 2000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-bench-'));
  ensureFerretdbBinary((m) => process.stderr.write(`${m}\n`));
  const db = await startFerretdb(path.join(dir, 'db'));
  const children: ChildProcess[] = [];
  try {
    const now = new Date();
    const plan = Array.from({ length: total }, (_, i) => ({ i, scenario: SCENARIOS[i % SCENARIOS.length], serial: serialFor(i) }));
    const conn = await mongoose.createConnection(`${db.uri}qpal`, { retryWrites: false }).asPromise();
    const cards = plan.flatMap(({ scenario, serial }) => {
      const seed = scenario.seed(now);
      return seed.card ? [{ _id: serial, ...seed.card }] : [];
    });
    const topups = plan.map(({ scenario, serial }) => ({
      _id: serial,
      attempts: (scenario.seed(now).topups ?? []).map((t, k) => ({ id: `TP-${serial}-${k}`, ...t })),
    }));
    for (let k = 0; k < cards.length; k += 500) await cardModel(conn).insertMany(cards.slice(k, k + 500));
    for (let k = 0; k < topups.length; k += 500) await topupModel(conn).insertMany(topups.slice(k, k + 500));
    await conn.close();

    const conversations: Conversation[] = plan.map(({ i, scenario, serial }) => ({
      id: `bench-${i}`,
      messages: scenario.messages(serial, phoneFor(i)),
    }));
    const turns = conversations.reduce((n, c) => n + c.messages.length, 0);
    process.stderr.write(`bench: ${total} conversations (${turns} turns) over ${SCENARIOS.length} branches, ${concurrency} at a time\n`);

    const bot = await spawnServer('bot/index.ts', { MONGODB_URI: `${db.uri}qpal`, DEMO_DATA: 'off' });
    children.push(bot.child);
    const ours = await measure(bot.child, bot.url, conversations, concurrency);
    bot.child.kill('SIGTERM');

    const echo = await spawnServer('bot/baseline/echo-bot.ts', { MONGODB_URI: `${db.uri}baseline` });
    children.push(echo.child);
    const base = await measure(echo.child, echo.url, conversations, concurrency);
    echo.child.kill('SIGTERM');

    const cpu = os.cpus();
    console.log(`\nmachine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
    console.log(`load: ${total} conversations, ${concurrency} concurrent, database: embedded FerretDB (SQLite)\n`);
    console.log('                   turns  turns/s   p50 ms   p95 ms   p99 ms errors db/turn  peakRSS MB');
    console.log(row('complaint bot', ours));
    console.log(row('echo baseline', base));
    const ratio = ours.turns / ours.seconds / (base.turns / base.seconds);
    console.log(`\nratio ours/baseline (turns/s): ${(ratio * 100).toFixed(0)}%`);
    const perCommand = (m: Measured) => m.dbByCommand.map(([name, n]) => `${name} ${n.toFixed(2)}`).join(', ');
    console.log(`db commands per turn, complaint bot: ${perCommand(ours)}`);
    console.log(`db commands per turn, echo baseline: ${perCommand(base)}`);
    for (const e of [...ours.firstErrors, ...base.firstErrors]) console.log(`error: ${e}`);
    if (ours.errors || base.errors) process.exitCode = 1;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
