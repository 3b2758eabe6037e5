import { expect } from 'chai';
import { spawn, ChildProcess, execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { sendToBot } from '../../scripts/bot-client';
import { startFerretdb } from '../../bot/embedded-database/ferretdb';

const ROOT = path.resolve(__dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function startBot(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot', 'index.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', MONGODB_URI: '', CARD_SYSTEM_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  for (let i = 0; i < 150; i += 1) {
    if (child.exitCode !== null) throw new Error(`bot exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`bot not ready: ${stderr}`);
}

function ferretdbRunningFor(dataDir: string): boolean {
  try {
    return execSync(`pgrep -f -- "[-]sqlite-dir ${path.join(dataDir, 'db')}"`, { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

describe('a conversation survives kill -9 of the bot (embedded database)', function () {
  this.timeout(90000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qpal-restart-'));
  let child: ChildProcess | undefined;
  after(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('continues at the question where the customer was, and the database does not outlive the bot', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = startBot(dataDir, port);
    await waitReady(url, child);
    for (const text of ['thẻ đã được sử dụng', 'có', 'naruto']) await sendToBot(url, 'restart-1', text);
    const beforeKill = await sendToBot(url, 'restart-1', '50k');
    expect(beforeKill.at(-1)!.text).to.match(/serial/);
    expect(ferretdbRunningFor(dataDir)).to.equal(true);

    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    for (let i = 0; i < 50 && ferretdbRunningFor(dataDir); i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(ferretdbRunningFor(dataDir), 'embedded FerretDB still running after the bot was killed').to.equal(false);

    child = startBot(dataDir, port);
    await waitReady(url, child);
    const afterRestart = await sendToBot(url, 'restart-1', '1000 2026 0000 03');
    expect(afterRestart.map((r) => r.text).join()).to.match(/mua thẻ ở cửa hàng/);
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  });
});

describe('one bot per embedded database', function () {
  this.timeout(90000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qpal-one-bot-'));
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second bot on the same data folder stops with a clear message; the first goes on answering, with its leases in memory', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = startBot(dataDir, port);
    children.push(first);
    await waitReady(url, first);
    expect((await sendToBot(url, 'one-bot', 'thẻ đã được sử dụng')).at(-1)!.text).to.match(/thẻ cào BIT/);

    const second = startBot(dataDir, await freePort());
    children.push(second);
    let stderr = '';
    second.stderr?.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => second.once('exit', r));
    expect(code).to.not.equal(0);
    expect(stderr).to.include(`already used by another running bot (process ${first.pid})`);
    expect(stderr).to.include('DATA_DIR');

    expect((await sendToBot(url, 'one-bot', 'có')).at(-1)!.text).to.match(/dịch vụ\/game/);
    first.kill('SIGTERM');
    await new Promise((r) => first.once('exit', r));

    // Leases in memory: the embedded database never held one.
    const db = await startFerretdb(path.join(dataDir, 'db'));
    try {
      const conn = await mongoose.createConnection(`${db.uri}qpal`).asPromise();
      const names = (await conn.db!.listCollections().toArray()).map((c) => c.name);
      expect(names).to.include('transcripts');
      expect(names).to.not.include('conversation_leases');
      await conn.close();
    } finally {
      await db.stop();
    }
  });
});
