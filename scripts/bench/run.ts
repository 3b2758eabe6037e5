import { randomBytes } from 'node:crypto';
// `npm run bench [-- --concurrency 200 --conversations 2000]`: whole complaint conversations under
// load against the bot (embedded database, built-in card system), then the same load against a
// bare echo bot on the same storage and database, and the ratio of the two.
// `--rate N [--duration S]`: open loop instead (Poisson arrivals of conversations offering N turns/s;
// see runOpenLoop). `--preload N`: N closed complaints in the database first. The console's reads
// are timed after the load. See docs/performance.md.
import { spawn, ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { ensureFerretdbBinary, startFerretdb } from '../../bot/embedded-database/ferretdb';
import { cardModel } from '../../models/card';
import { topupModel } from '../../models/topup';
import { SCENARIOS, serialFor, phoneFor } from './scenarios';
import { runLoad, runOpenLoop, poissonArrivals, percentile, Conversation, LoadResult, OpenLoopResult } from './load';
import { preloadClosedTickets, type PreloadResult } from './preload';
import { summarise } from './heap-summary';
import { createBenchAgent, probeConsole, probeRow, type ProbeLine } from './console-probe';

const ROOT = path.resolve(__dirname, '..', '..');

function option(name: string, fallback: number, positive = true): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < (positive ? 1 : 0)) throw new Error(`--${name} must be a ${positive ? 'positive' : 'non-negative'} whole number`);
  return v;
}

function textOption(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const KNOWN = new Set(['--concurrency', '--conversations', '--rate', '--duration', '--preload', '--search-path', '--seed', '--heap-snapshot-at', '--console-calls', '--bot-node-options']);
for (let i = 2; i < process.argv.length; i += 2) {
  if (!KNOWN.has(process.argv[i])) throw new Error(`unknown option ${process.argv[i]} (known: ${[...KNOWN].join(' ')})`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function spawnServer(script: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const probe = path.join(__dirname, 'memory-probe.cjs');
  const child = spawn(process.execPath, ['--no-deprecation', ...nodeFlags, '--require', probe, '--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', OPS_TOKEN: BENCH_OPS_TOKEN },
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

/**
 * The Node flags `npm start` gives the bot (its heap sizes: without them V8 sizes the heap to the
 * machine's memory and the bot's RSS more than doubles, see "Peak RSS" in docs/performance.md),
 * so the bench measures the bot as production runs it.
 */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((f) => /^--max-[a-z-]+=\d+$/.test(f));
}

/** Peak resident memory of a process (Linux VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * CPU time a process has used so far (user + system, Linux /proc), in ms. Per turn it is steadier
 * than throughput, which moves with whatever else the machine runs.
 */
function cpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
}
// sysconf(_SC_CLK_TCK): 100 on every Linux Node runs on.
const CLOCK_TICKS = 100;

const BENCH_OPS_TOKEN = randomBytes(24).toString('hex');

/** Database commands sent so far, by command name (from the server's /metrics). */
async function dbCommands(url: string): Promise<Map<string, number>> {
  // /metrics is locked unless the ops token comes with the request.
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_OPS_TOKEN}` } })).text();
  return new Map([...text.matchAll(/^db_commands_total\{command="([^"]+)"\} (\d+)/gm)].map((m) => [m[1], Number(m[2])]));
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

interface Measured extends LoadResult {
  dbPerTurn: number;
  /** Commands per turn by name, most first. */
  dbByCommand: Array<[string, number]>;
  rssMb: number;
  /** CPU per turn of the bot and of the database server during the load, ms. */
  cpuPerTurn: { bot: number; database: number };
  open?: OpenLoopResult;
}

type Load = (url: string) => Promise<LoadResult | OpenLoopResult>;

async function measure(child: ChildProcess, url: string, database: ChildProcess, load: Load): Promise<Measured> {
  const before = await dbCommands(url);
  const cpuBefore = { bot: cpuMs(child.pid!), database: cpuMs(database.pid!) };
  const r = await load(url);
  const cpuPerTurn = { bot: cpuMs(child.pid!) - cpuBefore.bot, database: cpuMs(database.pid!) - cpuBefore.database };
  const after = await dbCommands(url);
  const turns = Math.max(1, r.turns);
  cpuPerTurn.bot /= turns;
  cpuPerTurn.database /= turns;
  const dbByCommand = [...after]
    .map(([name, n]): [string, number] => [name, (n - (before.get(name) ?? 0)) / turns])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const open = 'offeredRate' in r ? r : undefined;
  return { ...r, dbPerTurn: (sum(after) - sum(before)) / turns, dbByCommand, rssMb: peakRssMb(child.pid!), cpuPerTurn, open };
}

/** What the peak RSS of a server was made of (sampled by memory-probe.cjs), in MB. */
function memoryAtPeak(file: string): string {
  if (!existsSync(file)) return 'not sampled';
  return describeMemory(readFileSync(file, 'utf8'));
}

function describeMemory(json: string): string {
  const m = JSON.parse(json) as Record<string, number> & { spaces: Record<string, number> };
  const mb = (x: number) => (x / 2 ** 20).toFixed(0);
  const spaces = Object.entries(m.spaces).filter(([, v]) => v > 2 ** 20).map(([k, v]) => `${k.replace(/_space$/, '')} ${mb(v)}`).join(', ');
  return `rss ${mb(m.rss)} = V8 heap ${mb(m.heapTotal)} (used ${mb(m.heapUsed)}: ${spaces}) + outside the heap ${mb(m.rss - m.heapTotal)} (external ${mb(m.external)}, of it array buffers ${mb(m.arrayBuffers)})`;
}

function row(name: string, m: Measured): string {
  const s = [...m.latenciesMs].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(8);
  const rate = m.open ? m.open.achievedRate : m.turns / m.seconds;
  return [
    name.padEnd(16),
    String(m.turns).padStart(7),
    rate.toFixed(1).padStart(9),
    f(percentile(s, 50)),
    f(percentile(s, 95)),
    f(percentile(s, 99)),
    ...(m.open ? [f(s[s.length - 1] ?? NaN)] : []),
    String(m.errors).padStart(6),
    m.dbPerTurn.toFixed(2).padStart(8),
    m.rssMb.toFixed(0).padStart(8),
  ].join(' ');
}

function slowestTurns(m: Measured): string {
  return [...m.latenciesByText]
    .filter(([, l]) => l.length >= m.turns / 100)
    .map(([text, l]): [string, number[]] => [text, [...l].sort((a, b) => a - b)])
    .sort((a, b) => percentile(b[1], 99) - percentile(a[1], 99))
    .slice(0, 4)
    .map(([text, l]) => `"${text.slice(0, 40)}" p50 ${percentile(l, 50).toFixed(0)} / p99 ${percentile(l, 99).toFixed(0)} ms (${l.length})`)
    .join(', ');
}

function openLine(name: string, o: OpenLoopResult): string {
  return `${name}: offered ${o.offeredRate.toFixed(1)} turns/s (${o.conversationsStarted} conversations), achieved ${o.achievedRate.toFixed(1)} turns/s, at most ${o.peakInFlight} conversations at once, generator lag p99 ${o.lagP99Ms.toFixed(0)} ms${o.unfinished ? `, ${o.unfinished} unfinished` : ''}`;
}

async function main(): Promise<void> {
  const concurrency = option('concurrency', 200);
  const rate = option('rate', 0, false);
  const duration = option('duration', 60);
  const preload = option('preload', 0, false);
  const seed = option('seed', 17);
  // Heap snapshot of the bot the first time its RSS reaches this many MB (0: none).
  const snapshotAtMb = option('heap-snapshot-at', 0, false);
  const consoleCalls = option('console-calls', 5);
  // Node flags for the complaint bot only (e.g. "--max-old-space-size=384"), to compare memory
  // settings; they come after the ones `npm start` uses, and the last of a flag wins.
  const extraFlags = textOption('bot-node-options', '').split(/\s+/).filter(Boolean);
  if (extraFlags.some((f) => !/^--[a-z0-9-]+(=[\w.-]+)?$/.test(f))) throw new Error('--bot-node-options takes node flags such as --max-old-space-size=256');
  const botFlags = [...startFlags(), ...extraFlags];
  const searchPath = textOption('search-path', '/console/api/search?q={q}');
  if (!searchPath.startsWith('/') || !searchPath.includes('{q}')) throw new Error('--search-path must be a path containing {q}');
  const meanTurns = SCENARIOS.reduce((n, sc) => n + sc.messages(serialFor(0), phoneFor(0)).length, 0) / SCENARIOS.length;
  // Open loop: conversations arrive at rate / (turns per conversation) per second.
  const arrivals = rate ? poissonArrivals(rate / meanTurns, duration, seed) : [];
  const total = rate ? arrivals.length : option('conversations', 2000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-bench-'));
  ensureFerretdbBinary((m) => process.stderr.write(`${m}\n`));
  const db = await startFerretdb(path.join(dir, 'db'));
  const children: ChildProcess[] = [];
  try {
    const now = new Date();
    const plan = Array.from({ length: total }, (_, i) => ({ i, scenario: SCENARIOS[i % SCENARIOS.length], serial: serialFor(i) }));
    const conn = await mongoose.createConnection(`${db.uri}qpal`, { retryWrites: false }).asPromise();
    let preloaded: PreloadResult | undefined;
    if (preload) preloaded = await preloadClosedTickets(conn, preload, now, (line) => process.stderr.write(`${line}\n`));
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
    await createBenchAgent(conn);
    await conn.close();

    const conversations: Conversation[] = plan.map(({ i, scenario, serial }) => ({
      id: `bench-${i}`,
      messages: scenario.messages(serial, phoneFor(i)),
    }));
    const turns = conversations.reduce((n, c) => n + c.messages.length, 0);
    process.stderr.write(
      rate
        ? `bench: open loop, ${rate} turns/s offered for ${duration} s: ${total} conversations (${turns} turns, ${meanTurns.toFixed(1)} per conversation) arriving at random\n`
        : `bench: ${total} conversations (${turns} turns) over ${SCENARIOS.length} branches, ${concurrency} at a time\n`,
    );
    // Conversations still running after the window get as long again (at least 30 s) to finish.
    const load: Load = rate ? (url) => runOpenLoop(url, conversations, arrivals, duration, Math.max(30, duration)) : (url) => runLoad(url, conversations, concurrency);

    // The baseline first: the console reads after the bot's load can leave the database busy
    // with scans (a read given up on by the client still runs), which would slow the baseline down.
    const memBase = path.join(dir, 'memory-baseline.json');
    const echo = await spawnServer('bot/baseline/echo-bot.ts', { MONGODB_URI: `${db.uri}baseline`, BENCH_MEMORY_FILE: memBase });
    children.push(echo.child);
    const base = await measure(echo.child, echo.url, db.process, load);
    echo.child.kill('SIGTERM');

    const memOurs = path.join(dir, 'memory-bot.json');
    const snapshotFile = path.join(ROOT, `bench-bot-${Date.now()}.heapsnapshot`);
    const snapshotEnv: Record<string, string> = snapshotAtMb ? { BENCH_HEAPSNAPSHOT_MB: String(snapshotAtMb), BENCH_HEAPSNAPSHOT_FILE: snapshotFile } : {};
    const bot = await spawnServer('bot/index.ts', { MONGODB_URI: `${db.uri}qpal`, CONVERSATION_LEASES: process.env.CONVERSATION_LEASES ?? 'process', DEMO_DATA: 'off', BENCH_MEMORY_FILE: memOurs, ...snapshotEnv }, botFlags);
    children.push(bot.child);
    const ours = await measure(bot.child, bot.url, db.process, load);
    const memDuringLoad = memoryAtPeak(memOurs);
    let probes: ProbeLine[] = [];
    let probeError: string | undefined;
    try {
      probes = await probeConsole(bot.url, { oldCodes: preloaded?.sample.map((x) => x.code) ?? [], oldPhones: preloaded?.sample.map((x) => x.phone) ?? [], searchPath, calls: consoleCalls });
    } catch (err) {
      probeError = (err as Error).message;
    }
    const rssAfterConsole = peakRssMb(bot.child.pid!);
    bot.child.kill('SIGTERM');
    // Let it shut down (a --cpu-prof or --heap-prof given in --bot-node-options is written at exit).
    await new Promise((r) => { bot.child.once('exit', r); setTimeout(r, 15000).unref(); });

    const cpu = os.cpus();
    console.log(`\nmachine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`);
    const what = rate
      ? `open loop: ${rate} turns/s offered for ${duration} s (Poisson arrivals of whole conversations)`
      : `${total} conversations, ${concurrency} concurrent`;
    console.log(`load: ${what}, database: embedded FerretDB (SQLite), conversation leases: ${process.env.CONVERSATION_LEASES ?? 'process'} (as with npm start's embedded database; CONVERSATION_LEASES=database for several processes)${botFlags.length ? `, bot started with ${botFlags.join(' ')}` : ''}`);
    if (preloaded) {
      console.log(
        `preload: ${preloaded.tickets} closed tickets, ${preloaded.documents} documents (transcripts, history, conversations, cards, top-ups, ticket keys) in ${preloaded.seconds.toFixed(1)} s (${(preloaded.documents / preloaded.seconds).toFixed(0)} documents/s)`,
      );
    }
    console.log('');
    console.log(`                   turns  turns/s   p50 ms   p95 ms   p99 ms${rate ? '   max ms' : ''} errors db/turn  peakRSS MB`);
    console.log(row('complaint bot', ours));
    console.log(row('echo baseline', base));
    if (ours.open && base.open) {
      console.log('');
      console.log(openLine('complaint bot', ours.open));
      console.log(openLine('echo baseline', base.open));
    }
    const ratio = (ours.open?.achievedRate ?? ours.turns / ours.seconds) / (base.open?.achievedRate ?? base.turns / base.seconds);
    console.log(`\nratio ours/baseline (turns/s): ${(ratio * 100).toFixed(0)}%${rate ? ' (open loop: both should reach the offered rate)' : ''}`);
    console.log(`slowest turns of the complaint bot by p99 (what the customer typed, at least 1 % of the turns): ${slowestTurns(ours)}`);
    // Not errors (the procedure hands such a complaint to an agent), but a cost of overload.
    console.log(`card checks not answered within CARD_SYSTEM_TIMEOUT_MS, so handed to an agent: ${ours.cardCheckHandoffs} of ${total} conversations`);
    const perCommand = (m: Measured) => m.dbByCommand.map(([name, n]) => `${name} ${n.toFixed(2)}`).join(', ');
    console.log(`db commands per turn, complaint bot: ${perCommand(ours)}`);
    console.log(`db commands per turn, echo baseline: ${perCommand(base)}`);
    const cpuLine = (m: Measured) => `${m.cpuPerTurn.bot.toFixed(2)} + database ${m.cpuPerTurn.database.toFixed(2)}`;
    console.log(`CPU ms per turn, complaint bot: ${cpuLine(ours)}; echo baseline: ${cpuLine(base)}`);
    console.log(`memory at peak, complaint bot (MB): ${memDuringLoad}`);
    console.log(`memory at peak, echo baseline (MB): ${memoryAtPeak(memBase)}`);
    console.log(`\nconsole (after the load${preloaded ? `, ${preloaded.tickets} tickets preloaded` : ''})   calls   p50 ms    max ms`);
    for (const l of probes) console.log(probeRow(l));
    if (probes.length) console.log(`peak RSS of the bot after the console reads: ${rssAfterConsole.toFixed(0)} MB`);
    if (probeError) console.log(`console: not measured: ${probeError}`);
    if (snapshotAtMb) {
      console.log(
        existsSync(snapshotFile)
          ? `\n${summarise(snapshotFile, 25)}\n(the snapshot stopped the bot for a while: this run's latencies are void; file kept: ${snapshotFile})`
          : `\nno heap snapshot: the bot's RSS never reached ${snapshotAtMb} MB`,
      );
    }
    for (const e of [...ours.firstErrors, ...base.firstErrors]) console.log(`error: ${e}`);
    if (ours.errors || base.errors || probeError) process.exitCode = 1;
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
