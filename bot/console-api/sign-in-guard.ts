/**
 * Who may try a console password, and when. Attempts are reserved synchronously, before the
 * password is checked, so parallel guesses cannot all slip past a count taken before an await.
 *
 * Three keys each carry their own backoff: the name from this address (the usual attacker), the
 * address (spraying many names), and the name from anywhere (many addresses). After a few free
 * failures each further failure doubles that key's wait, up to a ceiling; there is no lockout, and
 * the name-from-anywhere key allows many more failures, so guesses from one address do not stop
 * the agent signing in from another. Keys live in a size-capped, expiring LRU map.
 */

interface Rule {
  free: number;
  baseMs: number;
  maxMs: number;
}

export const SIGN_IN_RULES = {
  pair: { free: 5, baseMs: 1_000, maxMs: 15 * 60_000 },
  address: { free: 20, baseMs: 1_000, maxMs: 5 * 60_000 },
  name: { free: 50, baseMs: 1_000, maxMs: 60_000 },
} satisfies Record<string, Rule>;

interface Entry {
  failures: number;
  pending: number;
  nextAt: number;
  touchedAt: number;
}

export interface SignInGuardOptions {
  /** Most keys remembered; the least recently used go first. */
  maxKeys?: number;
  /** A key with no attempt for this long is forgotten. */
  expireMs?: number;
  /** Password checks at once; a few more wait, the rest are refused. */
  maxVerifying?: number;
  maxWaiting?: number;
  clock?: () => number;
}

export type Reservation =
  | { ok: true; finish(success: boolean): void }
  | { ok: false; retryAfterMs: number };

export class SignInGuard {
  private readonly entries = new Map<string, Entry>();
  /** Most keys remembered (an operator's setting; tests lower it to watch eviction). */
  maxKeys: number;
  private readonly expireMs: number;
  private readonly clock: () => number;
  private readonly maxVerifying: number;
  private readonly maxWaiting: number;
  private verifying = 0;
  /** Attempts reserved and not yet finished (checking or waiting to check). */
  private inLine = 0;
  private readonly waiting: Array<() => void> = [];
  /** Password checks actually run (argon2 verifications, real or dummy). */
  verifications = 0;
  /** The most password checks that ever ran at once. */
  peakVerifying = 0;

  constructor(opts: SignInGuardOptions = {}) {
    this.maxKeys = opts.maxKeys ?? 10_000;
    this.expireMs = opts.expireMs ?? 30 * 60_000;
    this.maxVerifying = opts.maxVerifying ?? 2;
    this.maxWaiting = opts.maxWaiting ?? 8;
    this.clock = opts.clock ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Takes one attempt for this name from this address now, or says how long to wait. */
  reserve(name: string, address: string): Reservation {
    const now = this.clock();
    const keys: Array<[string, Rule]> = [
      [`a:${address}`, SIGN_IN_RULES.address],
      [`p:${name}\u0000${address}`, SIGN_IN_RULES.pair],
      [`n:${name}`, SIGN_IN_RULES.name],
    ];
    let wait = 0;
    for (const [key, rule] of keys) {
      const e = this.peek(key, now);
      if (!e || e.failures + e.pending < rule.free) continue;
      // Past the free failures: one attempt at a time, each after its wait.
      const w = e.pending > 0 ? Math.max(rule.baseMs, e.nextAt - now) : e.nextAt - now;
      if (w > 0) wait = Math.max(wait, w);
    }
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    // Counted here, not when the check starts: the lookup before it is an await.
    if (this.inLine >= this.maxVerifying + this.maxWaiting) return { ok: false, retryAfterMs: 1_000 };
    this.inLine += 1;
    const held = keys.map(([key, rule]) => {
      const e = this.take(key, now);
      e.pending += 1;
      return { e, rule };
    });
    let done = false;
    return {
      ok: true,
      finish: (success: boolean) => {
        if (done) return;
        done = true;
        this.inLine -= 1;
        const at = this.clock();
        for (const { e, rule } of held) {
          e.pending = Math.max(0, e.pending - 1);
          e.touchedAt = at;
          if (success) continue;
          e.failures += 1;
          if (e.failures >= rule.free) e.nextAt = at + Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(30, e.failures - rule.free));
        }
        if (success) {
          this.entries.delete(keys[1][0]);
          this.entries.delete(keys[2][0]);
        }
      },
    };
  }

  /** Runs a password check when a slot is free (the caller holds a reservation). */
  async verify<T>(check: () => Promise<T>): Promise<T> {
    if (this.verifying >= this.maxVerifying) await new Promise<void>((r) => this.waiting.push(r));
    else this.verifying += 1;
    this.verifications += 1;
    this.peakVerifying = Math.max(this.peakVerifying, this.verifying);
    try {
      return await check();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.verifying -= 1;
    }
  }

  private peek(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.pending === 0 && now - e.touchedAt > this.expireMs && now >= e.nextAt) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private take(key: string, now: number): Entry {
    const e = this.peek(key, now) ?? { failures: 0, pending: 0, nextAt: 0, touchedAt: now };
    // Re-inserting moves the key to the young end of the map's order.
    this.entries.delete(key);
    e.touchedAt = now;
    this.entries.set(key, e);
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return e;
  }
}
