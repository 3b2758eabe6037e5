import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(__dirname, '..', '..');
export const FERRETDB_BINARY = path.join(ROOT, '.tools', 'ferretdb');
const BUILD_SCRIPT = path.join(ROOT, 'scripts', 'build-ferretdb.sh');

export interface EmbeddedDatabase {
  /** mongodb://%2F…%2Fferretdb.sock/ (or mongodb://127.0.0.1:<port>/): append the database name. */
  uri: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Builds the binary when it is missing or older than its sources (minutes the first time). */
export function ensureFerretdbBinary(onNotice: (msg: string) => void = () => {}): void {
  if (!existsSync(FERRETDB_BINARY)) {
    onNotice('Building the embedded database (FerretDB) for the first time; this takes 2-4 minutes…');
  }
  const r = spawnSync('bash', [BUILD_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(FERRETDB_BINARY)) {
    throw new Error(
      'The embedded database could not be built (see the messages above). Install Go >= 1.24 and run ' +
        '`bash scripts/build-ferretdb.sh`, or set MONGODB_URI to a MongoDB 6/7 server.',
    );
  }
}

/** The longest Unix socket path Linux takes (sun_path is 108 bytes, with its terminating NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * Where FerretDB listens: a Unix socket in `dir` when its path fits, else (or when a port is asked
 * for) loopback TCP. The directory is the owner's alone (0700), so the socket, unlike a port, is
 * not open to every local user, and a command costs the bot about a tenth less CPU over it.
 */
function listenArgs(dir: string, port?: number): string[] {
  const socket = path.join(path.resolve(dir), 'ferretdb.sock');
  if (port === undefined && Buffer.byteLength(socket) <= MAX_SOCKET_PATH) return ['-listen', '', '-unix', socket];
  return ['-listen', `127.0.0.1:${port ?? 0}`];
}

/**
 * Go's collector runs when the heap has grown by GOGC % since the last collection (100 by
 * default). FerretDB allocates afresh for every command and keeps little, so at 100 it collects
 * all the time: 10,000 commands of a turn's mix (inbox in, transcript, state, inbox out; 8 at
 * once) cost it 1.28-1.62 ms of CPU each at 100 and 0.89-1.20 ms at 400, in five pairs run in
 * turn (4 Dec 2026), for a peak RSS of 69 MB instead of 55. GOGC set by the operator is kept.
 */
export const FERRETDB_GOGC = '400';

/**
 * Starts FerretDB with its SQLite files under `dir`, on a Unix socket there (see listenArgs). Its
 * stdin is a pipe from this process, so it exits when we do, even after kill -9.
 */
export function startFerretdb(dir: string, opts: { timeoutMs?: number; port?: number } = {}): Promise<EmbeddedDatabase> {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o700); // also a folder made before the database listened on a socket
  const child = spawn(FERRETDB_BINARY, ['-sqlite-dir', dir, ...listenArgs(dir, opts.port), '-exit-on-stdin-eof', '-log-level', 'error'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GOGC: process.env.GOGC || FERRETDB_GOGC },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`FerretDB did not start within ${opts.timeoutMs ?? 15000} ms: ${stderr}`));
    }, opts.timeoutMs ?? 15000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`FerretDB exited with code ${code} before listening: ${stderr.trim()}`));
    };
    child.once('exit', early);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^LISTENING (mongodb:\/\/\S+)/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      child.removeListener('exit', early);
      resolve({
        uri: m[1],
        process: child,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(t);
        },
      });
    });
  });
}
