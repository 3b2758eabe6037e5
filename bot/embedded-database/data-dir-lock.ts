import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Another running bot holds this data folder. */
export class DataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(`The data folder ${dir} is already used by another running bot (process ${pid}). Stop that bot, or give this one another DATA_DIR.`);
    this.name = 'DataDirInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One bot process per embedded database: the conversation leases of such a bot live in its memory
 * (bot/durability/lease.ts), which is only safe while no other bot writes the same data. The lock
 * is a file holding the owner's pid, created exclusively; one left by a process that died is taken
 * over.
 */
export function lockDataDir(dir: string): { release(): void } {
  const file = path.join(dir, 'bot.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
          } catch {
            // Gone already: nothing to release.
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      continue; // released meanwhile
    }
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) throw new DataDirInUseError(dir, holder);
    try {
      unlinkSync(file); // left by a process that died
    } catch {
      // Another starter removed it first; the next attempt decides.
    }
  }
  throw new Error(`Cannot lock the data folder ${dir}.`);
}
