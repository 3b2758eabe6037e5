// The load generator: N simulated customers at a time, each sending its conversation's messages
// one after another over /api/messages (expectReplies), every turn's latency recorded.
import { sendToBot, type Reply } from '../bot-client';
import outcome from '../../locales/vi/outcome.json';

export interface Conversation {
  id: string;
  messages: string[];
}

export interface LoadResult {
  turns: number;
  errors: number;
  /**
   * Conversations the bot handed to an agent because the card check got no answer in time (the
   * built-in card system runs in the bot's own process, so an overloaded bot slows it down too).
   * The customer's later messages go to the agent, so no reply to them is expected.
   */
  cardCheckHandoffs: number;
  firstErrors: string[];
  seconds: number;
  latenciesMs: number[];
  /** The same latencies by what the customer typed (digits as #), to see which turns make the tail. */
  latenciesByText: Map<string, number[]>;
}

function byText(map: Map<string, number[]>, text: string, ms: number): void {
  const key = text.replace(/\d/g, '#');
  const list = map.get(key);
  if (list) list.push(ms);
  else map.set(key, [ms]);
}

/** The fixed parts of the "card system did not answer, an agent checks" message, in order. */
const CARD_CHECK_HANDOFF = outcome.handoff.card_system_unavailable.split(/\{\{[^}]*\}\}/).filter(Boolean);

function isCardCheckHandoff(replies: Reply[]): boolean {
  return replies.some((r) => {
    let at = 0;
    for (const part of CARD_CHECK_HANDOFF) {
      const i = r.text.indexOf(part, at);
      if (i < 0) return false;
      at = i + part.length;
    }
    return true;
  });
}

/**
 * One conversation's messages, one after another; returns whether the bot handed it to an agent
 * after a card check without an answer. Every message gets a reply except, by design, the
 * scripts' last "alo" (sent while an agent has the conversation) and whatever follows such a handoff.
 */
async function playConversation(url: string, c: Conversation, turnDone: (ms: number, at: number, text: string) => void, fail: (message: string) => void): Promise<boolean> {
  let handedOff = false;
  for (const text of c.messages) {
    const t0 = performance.now();
    try {
      const replies = await sendToBot(url, c.id, text, { channelId: 'bench' });
      const t1 = performance.now();
      turnDone(t1 - t0, t1, text);
      if (!handedOff && isCardCheckHandoff(replies)) handedOff = true;
      else if (replies.length === 0 && !handedOff && !/^alo$/.test(text)) throw new Error(`no reply to "${text}"`);
    } catch (err) {
      fail((err as Error).message);
    }
  }
  return handedOff;
}

export async function runLoad(url: string, conversations: Conversation[], concurrency: number): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const latenciesByText = new Map<string, number[]>();
  const firstErrors: string[] = [];
  let errors = 0;
  let cardCheckHandoffs = 0;
  let next = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    for (;;) {
      const c = conversations[next];
      next += 1;
      if (!c) return;
      const handedOff = await playConversation(
        url,
        c,
        (ms, _at, text) => {
          latenciesMs.push(ms);
          byText(latenciesByText, text, ms);
        },
        (message) => {
          errors += 1;
          if (firstErrors.length < 5) firstErrors.push(`${c.id}: ${message}`);
        },
      );
      if (handedOff) cardCheckHandoffs += 1;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, conversations.length) }, worker));
  return { turns: latenciesMs.length, errors, cardCheckHandoffs, firstErrors, seconds: (performance.now() - started) / 1000, latenciesMs, latenciesByText };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Open loop (`--rate N`): new conversations arrive as a Poisson process, whatever the bot's state;
 * within a conversation the customer sends the next message when the reply to the previous one
 * has come back (a person reads before typing on). With conversations of L turns on average
 * arriving at N / L per second, N turns per second are offered, and a slow bot does not slow the
 * arrivals down — it only makes more conversations overlap, which is what a real channel does.
 */
export interface OpenLoopResult extends LoadResult {
  /** Turns per second this draw of arrivals offered (N, give or take the randomness). */
  offeredRate: number;
  /** Turns answered inside the measuring window, per second of it. */
  achievedRate: number;
  conversationsStarted: number;
  /** Most conversations in progress at once. */
  peakInFlight: number;
  /** How late the generator started a conversation against its schedule (client overload), ms. */
  lagP99Ms: number;
  /** Conversations still running when the drain time was up (counted as errors). */
  unfinished: number;
}

/** Arrival instants (seconds from the start) of a Poisson process of `perSecond`, up to `durationS`. */
export function poissonArrivals(perSecond: number, durationS: number, seed: number): number[] {
  const random = mulberry32(seed);
  const out: number[] = [];
  for (let t = -Math.log(1 - random()) / perSecond; t < durationS; t += -Math.log(1 - random()) / perSecond) out.push(t);
  return out;
}

/** A seeded generator: small, fast, and the same sequence on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plays `conversations[i]` starting at `arrivals[i]` seconds; then waits up to `drainS` for the last ones. */
export async function runOpenLoop(url: string, conversations: Conversation[], arrivals: number[], durationS: number, drainS: number): Promise<OpenLoopResult> {
  const latenciesMs: number[] = [];
  const latenciesByText = new Map<string, number[]>();
  const lags: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let cardCheckHandoffs = 0;
  let inWindow = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  const started = performance.now();
  const windowEnd = started + durationS * 1000;
  const fail = (id: string, message: string) => {
    errors += 1;
    if (firstErrors.length < 5) firstErrors.push(`${id}: ${message}`);
  };
  async function play(c: Conversation): Promise<void> {
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    try {
      const handedOff = await playConversation(
        url,
        c,
        (ms, at, text) => {
          latenciesMs.push(ms);
          byText(latenciesByText, text, ms);
          if (at <= windowEnd) inWindow += 1;
        },
        (message) => fail(c.id, message),
      );
      if (handedOff) cardCheckHandoffs += 1;
    } finally {
      inFlight -= 1;
    }
  }
  const running = new Set<Promise<void>>();
  const count = Math.min(arrivals.length, conversations.length);
  for (let i = 0; i < count; i += 1) {
    const due = started + arrivals[i] * 1000;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    lags.push(Math.max(0, performance.now() - due));
    const p = play(conversations[i]);
    running.add(p);
    void p.then(() => running.delete(p));
  }
  const slept = windowEnd - performance.now();
  if (slept > 0) await new Promise((r) => setTimeout(r, slept));
  let drainTimer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    Promise.all([...running]).then(() => true),
    new Promise<boolean>((r) => (drainTimer = setTimeout(() => r(false), drainS * 1000))),
  ]);
  clearTimeout(drainTimer);
  const unfinished = drained ? 0 : running.size;
  if (unfinished) {
    errors += unfinished;
    firstErrors.push(`${unfinished} conversations still running ${drainS} s after the end`);
  }
  const offeredTurns = conversations.slice(0, count).reduce((n, c) => n + c.messages.length, 0);
  lags.sort((a, b) => a - b);
  return {
    turns: latenciesMs.length,
    errors,
    cardCheckHandoffs,
    firstErrors,
    seconds: (performance.now() - started) / 1000,
    latenciesMs,
    latenciesByText,
    offeredRate: offeredTurns / durationS,
    achievedRate: inWindow / durationS,
    conversationsStarted: count,
    peakInFlight,
    lagP99Ms: percentile(lags, 99),
    unfinished,
  };
}
