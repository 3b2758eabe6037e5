import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../logging/logger';
import { startFerretdb, EmbeddedDatabase } from './ferretdb';

/** Waits before restart number n (0-based); a run that stayed up this long resets the count. */
// The first pause lets the dead process's files and port be released.
const BACKOFF_MS = [1000, 2000, 5000, 10000, 30000];
const STABLE_MS = 30_000;

/**
 * The embedded FerretDB, started again whenever it exits (crash, kill -9, out of memory) on the
 * same socket or port, so the MongoDB driver reconnects by itself. Restarts are logged and counted (see
 * /metrics `database_restarts_total`); `up` feeds /readyz.
 */
export class SupervisedFerretdb implements EmbeddedDatabase {
  restarts = 0;
  up = true;
  private current: EmbeddedDatabase;
  private stopping = false;
  private failures = 0;
  private startedAt = Date.now();
  private retry?: NodeJS.Timeout;
  private readonly listeners = new Set<(up: boolean) => void>();

  private constructor(
    private readonly dir: string,
    private readonly port: number | undefined,
    first: EmbeddedDatabase,
    private readonly log: Logger,
  ) {
    this.current = first;
    this.watch(first);
  }

  static async start(dir: string, log: Logger): Promise<SupervisedFerretdb> {
    const first = await startFerretdb(dir);
    // On a socket it comes back on the same socket; on TCP on the same port.
    const port = Number(new URL(first.uri).port) || undefined;
    return new SupervisedFerretdb(dir, port, first, log);
  }

  get uri(): string {
    return this.current.uri;
  }

  get process(): ChildProcess {
    return this.current.process;
  }

  onChange(listener: (up: boolean) => void): void {
    this.listeners.add(listener);
  }

  private setUp(up: boolean): void {
    this.up = up;
    for (const l of this.listeners) l(up);
  }

  private watch(db: EmbeddedDatabase): void {
    db.process.once('exit', (code, signal) => {
      if (this.stopping || db !== this.current) return;
      this.setUp(false);
      if (Date.now() - this.startedAt > STABLE_MS) this.failures = 0;
      this.log.error({ code, signal, pid: db.process.pid }, 'embedded database exited; restarting it');
      this.schedule();
    });
  }

  private schedule(): void {
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.failures += 1;
    this.retry = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    try {
      const db = await startFerretdb(this.dir, { port: this.port });
      if (this.stopping) {
        await db.stop();
        return;
      }
      this.current = db;
      this.startedAt = Date.now();
      this.restarts += 1;
      this.watch(db);
      this.setUp(true);
      this.log.warn({ restarts: this.restarts, pid: db.process.pid }, 'embedded database restarted');
    } catch (err) {
      this.log.error({ err: (err as Error).message, attempt: this.failures }, 'embedded database did not start; trying again');
      this.schedule();
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retry) clearTimeout(this.retry);
    await this.current.stop();
  }
}
