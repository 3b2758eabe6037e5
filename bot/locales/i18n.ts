// The bot's texts: every `locales/<lng>/<file>.json` is a namespace named after the file.
//
// Admins edit the files while the bot runs. The directory is watched (fs.watch on `locales/` and on
// each language folder, plus a 1-second poll for file systems where watching is unreliable); a
// change is read after a short debounce, the whole new set is validated (bot/locales/validate.ts,
// the same code as `npm run locales:check`), and each file that passes replaces its old version
// atomically: remove + add of the resource bundles in one synchronous step, so no turn sees half a
// file, and `getFixedT` (called per turn) reads the new texts from the next message on. A file that
// fails keeps its last good version; the problems are logged and kept in `localeStatus()` (shown
// in /readyz and readable by the console's admin area).
import { watch, type FSWatcher, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { i18n as I18n, TFunction } from 'i18next';
import type { Logger } from '../logging/logger';
import {
  LANGUAGES,
  namespacesOf,
  newI18nInstance,
  type LocaleResources,
  type MissingText,
} from './instance';
import { checkLocales, formatProblem, localeFingerprint, readLocaleFiles, type LocaleProblem } from './validate';

export const LOCALES_DIR = path.resolve(__dirname, '..', '..', 'locales');
/** Problems logged one by one per check; the rest are counted (all stay in localeStatus()). */
const MAX_LOGGED = 20;
export { LANGUAGES };
export type { LocaleProblem, LocaleResources };

export interface LocaleStatus {
  /** True when every file on disk is valid and in use. */
  ok: boolean;
  dir: string;
  /** Accepted sets since start (1 = the set read at start). */
  version: number;
  /** When the texts in use last changed. */
  loadedAt: string;
  /** When the files were last read. */
  checkedAt: string;
  /** What is wrong with the files on disk (empty when ok). */
  errors: LocaleProblem[];
  /** Files whose version on disk is refused: their last good version is still in use. */
  held: string[];
}

export class LocaleError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: LocaleProblem[],
  ) {
    super(`Locale files in ${dir} are not usable:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}\nRun: npm run locales:check`);
    this.name = 'LocaleError';
  }
}

export interface LocaleServiceOptions {
  dir?: string;
  log?: Logger;
  /** Watch the directory and reload on change (default true). */
  watch?: boolean;
  /** Wait this long after the last change event before reading (editors write in several steps). */
  debounceMs?: number;
  /** Safety-net poll of file sizes and times, for file systems where fs.watch misses events. */
  pollMs?: number;
  /**
   * Where the last accepted set is kept, so a restart while a broken edit is still on disk starts
   * with the last good texts (and reports the edit) instead of not starting at all.
   */
  lastGoodFile?: string;
}

export class LocaleService {
  readonly i18n: I18n;
  readonly dir: string;
  private good: LocaleResources;
  private status: LocaleStatus;
  private readonly log?: Logger;
  private readonly debounceMs: number;
  private readonly pollMs: number;
  private watchers: FSWatcher[] = [];
  private timer?: NodeJS.Timeout;
  private poller?: NodeJS.Timeout;
  private fingerprint = '';
  private lastReported = '';
  private closed = false;
  private readonly lastGoodFile?: string;
  private readonly listeners = new Set<(s: LocaleStatus) => void>();

  /** Reads and validates the directory; throws LocaleError when the set is not usable at start. */
  constructor(options: LocaleServiceOptions = {}) {
    this.dir = path.resolve(options.dir ?? LOCALES_DIR);
    this.log = options.log;
    this.debounceMs = options.debounceMs ?? 150;
    this.pollMs = options.pollMs ?? 1000;
    this.lastGoodFile = options.lastGoodFile;
    this.fingerprint = localeFingerprint(this.dir);
    const { files, problems: readProblems } = readLocaleFiles(this.dir);
    const result = checkLocales(files, undefined, readProblems);
    const saved = result.problems.length ? this.readLastGood() : undefined;
    if (result.problems.length && !saved) throw new LocaleError(this.dir, result.problems);
    this.good = saved ?? result.accepted;
    this.i18n = newI18nInstance(this.good, { onMissing: (m) => this.missing(m) });
    const now = new Date().toISOString();
    this.status = { ok: true, dir: this.dir, version: 1, loadedAt: now, checkedAt: now, errors: [], held: [] };
    if (saved) {
      // Started on the last good texts: check the files against them, which reports what is wrong.
      this.reload();
    } else {
      this.saveLastGood();
    }
    if (options.watch !== false) this.watch();
  }

  /** For the console's admin area and /readyz: what is in use and what is wrong on disk. */
  localeStatus(): LocaleStatus {
    return { ...this.status, errors: [...this.status.errors], held: [...this.status.held] };
  }

  /** Called after every check of the files (accepted or refused). */
  onChange(listener: (s: LocaleStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the directory now, validates, and swaps in every file that passes. */
  reload(): LocaleStatus {
    this.fingerprint = localeFingerprint(this.dir);
    const { files, problems: readProblems } = readLocaleFiles(this.dir);
    const result = checkLocales(files, this.good, readProblems);
    const changed = this.swap(result.accepted);
    const now = new Date().toISOString();
    this.status = {
      ok: result.problems.length === 0,
      dir: this.dir,
      version: this.status.version + (changed.length ? 1 : 0),
      loadedAt: changed.length ? now : this.status.loadedAt,
      checkedAt: now,
      errors: result.problems,
      held: result.held,
    };
    this.report(changed);
    if (changed.length) this.saveLastGood();
    for (const l of this.listeners) l(this.localeStatus());
    return this.localeStatus();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.poller);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  /** Replaces every bundle whose texts changed, all in one synchronous step. */
  private swap(next: LocaleResources): string[] {
    const changed: Array<[string, string]> = [];
    for (const lng of Object.keys(next)) {
      for (const ns of Object.keys(next[lng])) {
        if (JSON.stringify(next[lng][ns]) !== JSON.stringify(this.good[lng]?.[ns])) changed.push([lng, ns]);
      }
    }
    for (const [lng, ns] of changed) {
      // addResourceBundle merges into what is there: remove first so deleted keys go too.
      this.i18n.removeResourceBundle(lng, ns);
      this.i18n.addResourceBundle(lng, ns, next[lng][ns], false, true);
    }
    if (changed.length) {
      const namespaces = namespacesOf(next);
      this.i18n.options.ns = namespaces;
    }
    this.good = next;
    return changed.map(([lng, ns]) => `${lng}/${ns}.json`);
  }

  private report(changed: string[]): void {
    if (changed.length) this.log?.info({ files: changed, version: this.status.version, dir: this.dir }, 'locale texts reloaded');
    const signature = JSON.stringify(this.status.errors);
    if (signature === this.lastReported) return;
    this.lastReported = signature;
    for (const p of this.status.errors.slice(0, MAX_LOGGED)) {
      this.log?.error({ file: p.file, key: p.key, code: p.code, reason: p.reason }, `locale edit refused: ${p.file} ${p.key}: ${p.reason}`);
    }
    if (this.status.errors.length > MAX_LOGGED) {
      this.log?.error({ count: this.status.errors.length }, `locale edit refused: ${this.status.errors.length - MAX_LOGGED} more problems (npm run locales:check lists them all)`);
    }
    if (!this.status.errors.length && signature !== '[]') this.log?.info({ dir: this.dir }, 'locale files valid again');
    if (this.status.held.length) this.log?.warn({ held: this.status.held }, 'last good version kept for these locale files');
  }

  private readLastGood(): LocaleResources | undefined {
    if (!this.lastGoodFile || !existsSync(this.lastGoodFile)) return undefined;
    try {
      const saved = JSON.parse(readFileSync(this.lastGoodFile, 'utf8')) as LocaleResources;
      this.log?.error({ file: this.lastGoodFile }, 'locale files on disk are not usable: starting with the last good texts');
      return saved;
    } catch {
      return undefined;
    }
  }

  private saveLastGood(): void {
    if (!this.lastGoodFile) return;
    try {
      mkdirSync(path.dirname(this.lastGoodFile), { recursive: true });
      const tmp = `${this.lastGoodFile}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.good));
      renameSync(tmp, this.lastGoodFile);
    } catch (err) {
      this.log?.warn({ err, file: this.lastGoodFile }, 'could not keep a copy of the last good texts');
    }
  }

  private missing(m: MissingText): void {
    this.log?.error({ lng: m.lng, ns: m.ns, key: m.key, kind: m.kind }, 'locale text missing: customer shown the generic apology');
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      try {
        this.reload();
      } catch (err) {
        this.log?.error({ err, dir: this.dir }, 'locale reload failed; last good texts kept');
      }
      this.arm(); // a folder replaced as a whole (rename, symlink swap) needs a new watcher
    }, this.debounceMs);
    this.timer.unref();
  }

  private watch(): void {
    this.arm();
    this.poller = setInterval(() => {
      if (localeFingerprint(this.dir) !== this.fingerprint) this.schedule();
    }, this.pollMs);
    this.poller.unref();
  }

  private arm(): void {
    if (this.closed) return;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    for (const d of [this.dir, ...LANGUAGES.map((l) => path.join(this.dir, l))]) {
      try {
        // Watching folders, not files: editors that save by writing a temp file and renaming it
        // over the original replace the file's inode, which a file watcher would lose.
        const w = watch(d, { persistent: false }, () => this.schedule());
        w.on('error', () => this.schedule());
        this.watchers.push(w);
      } catch {
        /* folder missing right now: the poll notices when it is back */
      }
    }
  }
}

/** The texts with live reload. Throws LocaleError (file, key, reason) when the files are not usable at start. */
export function startLocales(options: LocaleServiceOptions = {}): LocaleService {
  return new LocaleService(options);
}

export type { TFunction, I18n };
