import type { CardRecord, Topup } from '../../machines/complaint/types';
import { cardSchema, notFoundSchema, toCardRecord, topupListSchema, toTopup } from './contract';

/** 'timeout' | 'network' | 'malformed' | 'http_<status>': short enough to store on the ticket. */
export type CardSystemFailure = 'timeout' | 'network' | 'malformed' | `http_${number}`;

export class CardSystemError extends Error {
  constructor(
    readonly reason: CardSystemFailure,
    detail: string,
  ) {
    // The detail names the endpoint and the problem, never the serial: messages end up in logs.
    super(`card system check failed (${reason}): ${detail}`);
    this.name = 'CardSystemError';
  }
}

export interface CardSystemCheck {
  /** null when the card system answered 404 not_found for the serial. */
  card: CardRecord | null;
  /** Newest first. */
  topups: Topup[];
}

export interface CheckOptions {
  /**
   * The wait for an answer counts from when this settles instead of from now: a check asked ahead
   * of time (while the ticket is written) gets as long as one asked at that moment. The requests
   * still end at MAX_AHEAD times the time-out whatever happens.
   */
  clockFrom?: Promise<unknown>;
}

export interface CardSystemClient {
  check(serial: string, opts?: CheckOptions): Promise<CardSystemCheck>;
}

const MAX_AHEAD = 4;

/** Aborts `timeoutMs` after `from` settles (now without it), and in any case after MAX_AHEAD times that. */
function deadline(timeoutMs: number, from?: Promise<unknown>): AbortSignal {
  if (!from) return AbortSignal.timeout(timeoutMs);
  const late = new AbortController();
  const timer = setTimeout(() => late.abort(), MAX_AHEAD * timeoutMs).unref();
  const start = () => {
    clearTimeout(timer);
    if (!late.signal.aborted) setTimeout(() => late.abort(), timeoutMs).unref();
  };
  from.then(start, start);
  return late.signal;
}

export interface CardSystemClientOptions {
  url: string;
  token?: string;
  timeoutMs?: number;
}

export function createCardSystemClient({ url, token, timeoutMs = 3000 }: CardSystemClientOptions): CardSystemClient {
  const base = url.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;

  return {
    async check(serial, opts = {}) {
      // One deadline for the whole check, and the first failure cancels the other request.
      const timeout = deadline(timeoutMs, opts.clockFrom);
      const cancel = new AbortController();
      const signal = AbortSignal.any([timeout, cancel.signal]);
      const get = (path: string, endpoint: string, accepted: number[]) =>
        getJson(`${base}${path}`, endpoint, accepted, headers, signal, timeout).catch((err) => {
          cancel.abort();
          throw err;
        });

      const [cardAnswer, topupAnswer] = await Promise.all([
        get(`/cards/${encodeURIComponent(serial)}`, 'cards', [200, 404]),
        // An unknown serial has an empty list: a 404 here is a wrong URL, not an answer.
        get(`/topups?serial=${encodeURIComponent(serial)}`, 'topups', [200]),
      ]);

      let card: CardRecord | null;
      if (cardAnswer.status === 404) {
        if (!notFoundSchema.safeParse(cardAnswer.body).success) {
          throw new CardSystemError('malformed', 'cards: 404 without {"error":"not_found"}');
        }
        card = null;
      } else {
        const parsed = cardSchema.safeParse(cardAnswer.body);
        if (!parsed.success) throw malformed('cards', parsed.error.issues);
        if (parsed.data.serial !== serial) throw new CardSystemError('malformed', 'cards: answer is about another serial');
        card = toCardRecord(parsed.data);
      }

      const parsedTopups = topupListSchema.safeParse(topupAnswer.body);
      if (!parsedTopups.success) throw malformed('topups', parsedTopups.error.issues);
      if (parsedTopups.data.some((t) => t.serial !== serial)) {
        throw new CardSystemError('malformed', 'topups: list holds another serial');
      }
      // The contract promises newest first; sorting costs nothing and keeps the promise for us.
      const topups = parsedTopups.data.map(toTopup).sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

      return { card, topups };
    },
  };
}

async function getJson(
  url: string,
  endpoint: string,
  accepted: number[],
  headers: Record<string, string>,
  signal: AbortSignal,
  timeout: AbortSignal,
): Promise<{ status: number; body: unknown }> {
  let res: Response;
  let raw: string;
  try {
    // Redirects are not part of the contract; following one could carry the token elsewhere.
    res = await fetch(url, { headers, signal, redirect: 'manual' });
    if (!accepted.includes(res.status)) {
      await res.body?.cancel().catch(() => {});
      throw new CardSystemError(`http_${res.status}`, `${endpoint}: unexpected status`);
    }
    raw = await res.text();
  } catch (err) {
    if (err instanceof CardSystemError) throw err;
    if (timeout.aborted) throw new CardSystemError('timeout', `${endpoint}: no answer in time`);
    throw new CardSystemError('network', `${endpoint}: ${describeNetworkError(err)}`);
  }
  try {
    return { status: res.status, body: JSON.parse(raw) };
  } catch {
    throw new CardSystemError('malformed', `${endpoint}: body is not JSON`);
  }
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code ?? (err as Error).name ?? 'request failed';
}

function malformed(endpoint: string, issues: { path: PropertyKey[]; message: string }[]): CardSystemError {
  const first = issues[0];
  const where = first ? first.path.map(String).join('.') || '(body)' : '(body)';
  return new CardSystemError('malformed', `${endpoint}: ${where}: ${first?.message ?? 'does not match the contract'}`);
}
