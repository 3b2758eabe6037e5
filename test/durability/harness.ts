import { spawn, ChildProcess, execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Connection } from 'mongoose';
import { envelope, metaJson, postToMessenger, startGraphServer, textEvent, type GraphServer } from '../channels/graph-server';
import { TEST_OPS_TOKEN } from '../support/app';
import { messageActivity } from '../../scripts/bot-client';

// Real bot processes (bot/index.ts, as `npm start` runs it) on a real FerretDB, Meta's Graph API
// on 127.0.0.1, and a sender that behaves like Meta and like a Bot Framework client: a 5xx or a
// refused connection is delivered again after a pause, until it is accepted.

const ROOT = path.resolve(__dirname, '..', '..');
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export function tempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `qpal-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface BotProcess {
  url: string;
  port: number;
  child: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string | null>;
}

export async function startBot(opts: { dataDir: string; graph: GraphServer; port?: number; env?: Record<string, string> }): Promise<BotProcess> {
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot', 'index.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: opts.dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      MONGODB_URI: '',
      CARD_SYSTEM_URL: '',
      FB_APP_SECRET: opts.graph.appSecret,
      FB_PAGE_ACCESS_TOKEN: opts.graph.token,
      FB_VERIFY_TOKEN: opts.graph.verifyToken,
      FB_GRAPH_URL: opts.graph.url,
      OPS_TOKEN: TEST_OPS_TOKEN,
      ...opts.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-20000)));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const bot: BotProcess = { url: `http://127.0.0.1:${port}`, port, child, stderr: () => stderr, exited };
  await waitReady(bot);
  return bot;
}

export async function waitReady(bot: BotProcess, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (bot.child.exitCode !== null) throw new Error(`bot exited: ${bot.stderr()}`);
    try {
      if ((await fetch(`${bot.url}/readyz`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  throw new Error(`bot not ready: ${bot.stderr()}`);
}

export async function kill9(bot: BotProcess): Promise<void> {
  bot.child.kill('SIGKILL');
  await bot.exited;
}

/** Pids of the embedded FerretDB serving `dataDir`. */
export function ferretdbPids(dataDir: string): number[] {
  try {
    return execSync(`pgrep -f -- "[-]sqlite-dir ${path.join(dataDir, 'db')}"`, { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Delivers like Meta: again after a pause whenever the bot answers 5xx or cannot be reached. */
export async function deliverMessenger(
  urls: string | string[],
  graph: GraphServer,
  psid: string,
  text: string,
  o: { timestamp?: number; mid?: string; untilMs?: number } = {},
): Promise<{ attempts: number; statuses: number[] }> {
  const raw = Buffer.from(metaJson(envelope(graph.pageId, [textEvent(graph.pageId, psid, text, { timestamp: o.timestamp ?? Date.now(), mid: o.mid })])));
  const list = Array.isArray(urls) ? urls : [urls];
  const statuses: number[] = [];
  const until = Date.now() + (o.untilMs ?? 60_000);
  for (let attempt = 0; ; attempt += 1) {
    const status = await postToMessenger(list[attempt % list.length], raw, graph.appSecret).catch(() => 0);
    statuses.push(status);
    if (status === 200) return { attempts: attempt + 1, statuses };
    if (status !== 0 && status < 500) throw new Error(`delivery refused with ${status}`);
    if (Date.now() > until) throw new Error(`delivery not accepted: ${statuses.join(',')}`);
    await sleep(300);
  }
}

/** POSTs to /api/messages (expectReplies) like a client that honours 503 + Retry-After. */
export async function sendApi(
  url: string,
  conversationId: string,
  text: string,
  o: { id?: string; untilMs?: number } = {},
): Promise<{ texts: string[]; statuses: number[]; retryAfter: string[] }> {
  const id = o.id ?? `${conversationId}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const body = JSON.stringify(messageActivity(conversationId, text, { id }));
  const statuses: number[] = [];
  const retryAfter: string[] = [];
  const until = Date.now() + (o.untilMs ?? 60_000);
  for (;;) {
    let status = 0;
    try {
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      status = res.status;
      if (status === 200) {
        const json = (await res.json()) as { activities?: Array<{ type: string; text?: string }> };
        statuses.push(status);
        return { texts: (json.activities ?? []).filter((a) => a.type === 'message').map((a) => a.text ?? ''), statuses, retryAfter };
      }
      retryAfter.push(res.headers.get('retry-after') ?? '');
      await res.arrayBuffer();
    } catch {
      /* not reachable */
    }
    statuses.push(status);
    if (status !== 0 && status < 500) throw new Error(`api refused with ${status}`);
    if (Date.now() > until) throw new Error(`api message not answered: ${statuses.join(',')}`);
    await sleep(status === 503 ? 1000 : 300);
  }
}

export interface TranscriptRow {
  conversation: string;
  direction: 'in' | 'out';
  text: string;
  at: Date;
}

export async function openDb(uri: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, { retryWrites: false, serverSelectionTimeoutMS: 10_000 });
  await conn.asPromise();
  return conn;
}

export async function transcriptOf(conn: Connection, conversation: string): Promise<TranscriptRow[]> {
  const rows = (await conn.collection('transcripts').find({ conversation }).toArray()) as unknown as TranscriptRow[];
  return rows.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

/** Waits until `check` holds (polling), or fails with what it last saw. */
export async function eventually<T>(what: string, probe: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!check(last)) {
    if (Date.now() > until) throw new Error(`${what}: not reached in ${timeoutMs} ms; last ${JSON.stringify(last).slice(0, 2000)}`);
    await sleep(250);
    last = await probe();
  }
  return last;
}

/**
 * Every customer message of `sent` is in the transcript once, in the order sent, each followed by
 * at least one answer of the bot before the next message.
 */
export function answeredInOrder(rows: TranscriptRow[], sent: string[]): string | null {
  const inbound = rows.filter((r) => r.direction === 'in').map((r) => r.text);
  if (JSON.stringify(inbound) !== JSON.stringify(sent)) return `inbound ${JSON.stringify(inbound)} != sent ${JSON.stringify(sent)}`;
  for (let i = 0; i < rows.length; i += 1) {
    if (rows[i].direction !== 'in') continue;
    if (rows[i + 1]?.direction !== 'out') return `message «${rows[i].text}» (#${i}) not answered before the next`;
  }
  return null;
}

/**
 * For one describe block: a data directory and a Graph API server, made before it; the bot
 * processes started with start() are killed and both removed after it.
 */
export function botRig(label: string) {
  const bots: BotProcess[] = [];
  const rig = {
    dataDir: tempDir(label),
    graph: undefined as unknown as GraphServer,
    async start(opts: { port?: number; env?: Record<string, string> } = {}): Promise<BotProcess> {
      const bot = await startBot({ dataDir: rig.dataDir, graph: rig.graph, ...opts });
      bots.push(bot);
      return bot;
    },
  };
  before(async () => {
    rig.graph = await startGraphServer();
  });
  after(async () => {
    for (const bot of bots) bot.child.kill('SIGKILL'); // a process already gone ignores it
    await rig.graph?.close();
    removeDir(rig.dataDir);
  });
  return rig;
}
