import { randomUUID } from 'node:crypto';
import { maskActivityScratchCodes } from '../middleware/scratch-code';
import { Activity, ActivityTypes, Middleware, TurnContext } from 'botbuilder';
import type { Connection } from 'mongoose';
import type { Request, Response } from 'restify';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics';
import type { KeyedQueue } from '../turn-queue';
import type { ProactiveAdapter } from '../handoff/agent-desk';
import { conversationKey } from '../../models/conversation';
import { recordFirstDelivery } from '../../models/processed-delivery';
import {
  InboxDoc,
  completeInbox,
  countAttempt,
  ensureInboxIndexes,
  inboxEntry,
  pendingOf,
  recordInbox,
  staleInbox,
} from '../../models/inbox';
import type { Leases } from './lease';
import type { StateGuard } from './state-guard';


/** Nothing can be recorded now (database down, or the process is stopping): the sender retries. */
export class DatabaseUnavailableError extends Error {
  constructor(why: string) {
    super(`cannot record the message: ${why}`);
    this.name = 'DatabaseUnavailableError';
  }
}

/** One inbox message being answered by a turn of this process. */
export interface InboxTurn {
  id: string;
  attempts: number;
  expectReplies: boolean;
  /** The turn ran past its budget: what it still does is dropped; the message is retried. */
  abandoned: boolean;
  /**
   * It may have been started before (a failed attempt, a process that died, a turn started
   * elsewhere): steps that must happen once (the inbound transcript entry) check first.
   */
  recovered: boolean;
  /** The bot's logic finished (a later failure, e.g. writing the outbound transcript, is not retried). */
  ran: boolean;
  failed?: unknown;
}

export interface InboxChannel {
  /** Runs the bot on one recorded activity (middleware included); errors reach onTurnError. */
  turn(activity: Partial<Activity>, logic: (ctx: TurnContext) => Promise<void>): Promise<void>;
  /** Reaches the conversation outside a turn (the honest "delayed" message). */
  adapter: ProactiveAdapter;
}

export interface DurableTurnsOptions {
  conn: Connection;
  log: Logger;
  metrics: Metrics;
  leases: Leases;
  queue: KeyedQueue;
  guard: StateGuard;
  appId: string;
  /** The bot's logic for a customer turn. */
  logic: (ctx: TurnContext) => Promise<void>;
  /** The text telling the customer the answer is delayed (their message is recorded). */
  delayedText: (activity: Partial<Activity>) => string;
  /** False while the database is known to be unreachable: answer 5xx at once instead of waiting. */
  available: () => boolean;
  /** A turn longer than this is abandoned and retried later. */
  budgetMs: number;
  /** How long a turn waits for another process to finish a turn of the same conversation. */
  leaseWaitMs: number;
  /** How often unfinished messages are looked for. */
  sweepEveryMs: number;
  /** A message recorded this long ago and still there is recovered by whichever process sees it. */
  staleAfterMs: number;
  /** /api/messages callers retry themselves on 503; their messages are replayed only after this. */
  callerRetryGraceMs: number;
  retryAfterSeconds: number;
}

const RECORD = Symbol('inboxTurn');
/** Pauses before draining a conversation again after a failed or late turn. */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000];
const recordKey = (a: Partial<Activity>) => `${a.channelId}|${a.conversation?.id}|${a.id}`;

/** The inbox turn of this context, if it answers a recorded message. */
export function inboxTurnOf(ctx: TurnContext): InboxTurn | undefined {
  return ctx.turnState.get(RECORD) as InboxTurn | undefined;
}

function reviveActivity(json: string): Partial<Activity> {
  const a = JSON.parse(json) as Partial<Activity> & { timestamp?: unknown; localTimestamp?: unknown };
  if (a.timestamp) a.timestamp = new Date(a.timestamp as unknown as string);
  if (a.localTimestamp) a.localTimestamp = new Date(a.localTimestamp as unknown as string);
  return a;
}

/** A restify-like response that keeps what the Bot Framework adapter answers. */
class CapturedResponse {
  statusCode = 200;
  body: unknown;
  headers: Record<string, unknown> = {};
  socket = null;
  status(code: number) {
    this.statusCode = code;
  }
  header(name: string, value: unknown) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  end() {}
}

type Outcome = 'done' | 'failed' | 'late';

/**
 * At-least-once turns: every customer message is recorded in the inbox before anyone is told it
 * was received, answered under the conversation's lease (one turn of a conversation at a time
 * across every process on the database), and removed when answered. Messages left behind (a
 * process died, the database failed mid-turn, a turn ran out of time) are answered later, in
 * order, by whichever process finds them; the lease and a re-read of the entry make that once.
 */
export class DurableTurns {
  private readonly channels = new Map<string, InboxChannel>();
  private readonly records = new Map<string, InboxTurn>();
  private readonly active = new Set<Promise<unknown>>();
  private readonly queuedDrains = new Map<string, Promise<void>>();
  private readonly retries = new Map<string, number>();
  private sweeper?: NodeJS.Timeout;
  private stopping = false;
  private sweeping = false;

  constructor(private readonly o: DurableTurnsOptions) {}

  register(channelId: string, channel: InboxChannel): void {
    this.channels.set(channelId, channel);
  }

  get accepting(): boolean {
    return !this.stopping && this.o.available();
  }

  /** Runs `task` alone for the conversation: in this process (queue) and across processes (lease). */
  lock<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.o.queue.run(key, async () => {
      const lease = await this.o.leases.acquire(key, this.o.leaseWaitMs);
      try {
        return await task();
      } finally {
        await lease.release();
      }
    });
  }

  /** First middleware of every adapter: ties a turn to its inbox entry. */
  readonly middleware: Middleware = {
    onTurn: async (ctx, next) => {
      const rec = this.records.get(recordKey(ctx.activity));
      if (!rec || ctx.activity.type !== ActivityTypes.Message) return next();
      ctx.turnState.set(RECORD, rec);
      // A turn past its budget says nothing more: the retry answers.
      ctx.onSendActivities(async (_c, _a, send) => (rec.abandoned ? [] : send()));
      try {
        await next();
      } catch (err) {
        rec.failed = err;
        throw err;
      }
    },
  };

  private track<T>(p: Promise<T>): Promise<T> {
    this.active.add(p);
    void p.then(
      () => this.active.delete(p),
      () => this.active.delete(p),
    );
    return p;
  }

  // ---- webhooks (Messenger, Zalo) ----

  /**
   * Records the messages of one webhook delivery; returns those seen for the first time. Throws
   * DatabaseUnavailableError when nothing could be recorded: the webhook answers 5xx and the
   * platform delivers again. The inbox entry is written first and the delivery id second, so a
   * crash between the two leaves a message to answer, never a message marked seen but lost.
   */
  async accept<T extends { deliveryId: string; activity: Partial<Activity> }>(channelId: string, items: T[]): Promise<T[]> {
    if (!this.accepting) throw new DatabaseUnavailableError(this.stopping ? 'stopping' : 'database unavailable');
    const fresh: T[] = [];
    const seen = new Set<string>();
    try {
      await ensureInboxIndexes(this.o.conn);
      for (const item of items) {
        if (seen.has(item.deliveryId)) continue;
        seen.add(item.deliveryId);
        const a = item.activity;
        maskActivityScratchCodes(a);
        const id = `${channelId}:${item.deliveryId}`;
        const recorded = await recordInbox(this.o.conn, {
          _id: id,
          conversation: conversationKey(channelId, a.conversation!.id),
          channelId,
          activity: JSON.stringify(a),
          order: a.timestamp ? new Date(a.timestamp).getTime() : Date.now(),
          recordedAt: new Date(),
          attempts: 0,
        });
        if (!recorded) continue; // waiting already: a re-delivery
        if (await recordFirstDelivery(this.o.conn, channelId, item.deliveryId)) fresh.push(item);
        else await completeInbox(this.o.conn, id); // answered before: a late re-delivery
      }
    } catch (err) {
      throw new DatabaseUnavailableError((err as Error).message);
    }
    return fresh;
  }

  /** Answers the conversation's recorded messages, in order (in the background). */
  drain(channelId: string, conversationId: string): Promise<void> {
    const key = conversationKey(channelId, conversationId);
    // A drain already waiting for this conversation will see the new message too.
    const queued = this.queuedDrains.get(key);
    if (queued) return queued;
    const p = this.track(
      this.lock(key, async (): Promise<boolean> => {
        this.queuedDrains.delete(key);
        for (let rounds = 0; rounds < 100; rounds += 1) {
          const pending = await pendingOf(this.o.conn, key);
          if (!pending.length) return true;
          for (const entry of pending) {
            if (entry.expectReplies && Date.now() - new Date(entry.recordedAt).getTime() < this.o.callerRetryGraceMs) return true;
            if ((await this.process(entry)) !== 'done') return false; // later messages wait behind it
          }
        }
        return true;
      })
        .catch((err: Error) => {
          this.o.log.warn({ err: err.message, conversation: key }, 'conversation not drained; retried later');
          return false;
        })
        .then((drained) => {
          if (drained) this.retries.delete(key);
          else this.retryLater(channelId, conversationId, key);
        })
        .finally(() => {
          if (this.queuedDrains.get(key) === p) this.queuedDrains.delete(key);
        }),
    );
    this.queuedDrains.set(key, p);
    return p;
  }

  /** A conversation left with unanswered messages is drained again after a growing pause. */
  private retryLater(channelId: string, conversationId: string, key: string): void {
    if (this.stopping) return;
    const n = this.retries.get(key) ?? 0;
    if (n >= RETRY_DELAYS_MS.length) {
      this.retries.delete(key); // the sweeper keeps trying, less often
      return;
    }
    this.retries.set(key, n + 1);
    setTimeout(() => {
      if (!this.stopping) void this.drain(channelId, conversationId);
    }, RETRY_DELAYS_MS[n]).unref();
  }

  private async process(entry: InboxDoc, run?: (activity: Partial<Activity>) => Promise<void>): Promise<Outcome> {
    const activity = reviveActivity(entry.activity);
    const channel = this.channels.get(entry.channelId) ?? this.channels.get('*');
    if (!channel) {
      this.o.log.error({ channel: entry.channelId }, 'no adapter for a recorded message');
      return 'failed';
    }
    const rec: InboxTurn = {
      id: entry._id,
      attempts: entry.attempts,
      expectReplies: !!entry.expectReplies,
      abandoned: false,
      ran: false,
      recovered: this.mayHaveStarted(entry),
    };
    const runTurn = run ?? ((a: Partial<Activity>) => channel.turn(a, this.logicFor(rec)));
    return this.budgeted(entry, activity, rec, () => runTurn(activity), channel);
  }

  private readonly startedAt = Date.now();
  /** Entries whose turn this process has started (attempt counts may not have been written). */
  private readonly startedHere = new Set<string>();

  private mayHaveStarted(entry: InboxDoc): boolean {
    const at = new Date(entry.recordedAt).getTime();
    return entry.attempts > 0 || this.startedHere.has(entry._id) || at < this.startedAt || Date.now() - at >= this.o.staleAfterMs;
  }

  private logicFor(rec: InboxTurn) {
    return async (ctx: TurnContext) => {
      await this.o.logic(ctx);
      rec.ran = true;
    };
  }

  /** Runs one turn of a recorded message within the time budget; settles the entry. */
  private async budgeted(
    entry: InboxDoc,
    activity: Partial<Activity>,
    rec: InboxTurn,
    turn: () => Promise<void>,
    channel: InboxChannel,
  ): Promise<Outcome> {
    const key = recordKey(activity);
    const label = entry.channelId || 'unknown';
    this.records.set(key, rec);
    this.startedHere.add(entry._id);
    const end = this.o.metrics.turnSeconds.startTimer({ channel: label });
    let outcome: Outcome;
    try {
      const running = turn().catch((err) => {
        rec.failed ??= err;
      });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.o.budgetMs)));
      const first = await Promise.race([running.then(() => 'settled' as const), late]);
      clearTimeout(timer);
      if (first === 'late') {
        rec.abandoned = true;
        // Whatever the abandoned turn still writes to the conversation's state is refused, so
        // the retry starts from the state before this message.
        this.o.guard.block(activity);
        this.o.log.warn({ conversation: entry.conversation, budgetMs: this.o.budgetMs }, 'turn over its time budget; retried later');
        if (rec.attempts === 0 && !rec.expectReplies) await this.apologise(channel, activity);
        // The conversation stays held until the late turn's own calls end (each has a timeout).
        await running;
        this.o.guard.unblock(activity);
        outcome = 'late';
      } else {
        outcome = rec.failed && !rec.ran ? 'failed' : 'done';
      }
    } finally {
      this.records.delete(key);
      end();
    }
    this.o.metrics.turns.inc({ channel: label, outcome: outcome === 'done' ? 'ok' : outcome === 'late' ? 'timeout' : 'error' });
    try {
      if (outcome === 'done') {
        await completeInbox(this.o.conn, entry._id);
        this.startedHere.delete(entry._id);
      }
      else {
        this.o.metrics.inboxRetries.inc({ channel: label });
        await countAttempt(this.o.conn, entry._id);
      }
    } catch (err) {
      // Not marked done: answered again after recovery (at least once).
      this.o.log.warn({ err: (err as Error).message, conversation: entry.conversation }, 'could not settle an inbox entry');
      if (outcome === 'done') return 'failed';
    }
    return outcome;
  }

  private async apologise(channel: InboxChannel, activity: Partial<Activity>): Promise<void> {
    try {
      const reference = TurnContext.getConversationReference(activity);
      await channel.adapter.continueConversationAsync(this.o.appId, reference, async (ctx) => {
        await ctx.sendActivity(this.o.delayedText(activity));
      });
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'could not tell the customer the answer is delayed');
    }
  }

  // ---- /api/messages (Bot Framework) ----

  /**
   * One POST to /api/messages: recorded, answered under the lease, and only then acknowledged.
   * Database down, or the turn failed or ran out of time: 503 with Retry-After (the message, if
   * recorded, stays in the inbox; a retry with the same activity id answers it once).
   */
  async handleApi(
    req: Request,
    res: Response,
    process: (req: Request, res: CapturedResponse, logic: (ctx: TurnContext) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const body = (req.body ?? {}) as Partial<Activity>;
    const unavailable = () => {
      res.header('Retry-After', String(this.o.retryAfterSeconds));
      res.send(503, { error: 'temporarily unavailable, retry later' });
    };
    const forward = (c: CapturedResponse) => {
      for (const [k, v] of Object.entries(c.headers)) res.header(k, v);
      res.send(c.statusCode, c.body);
    };
    const convId = typeof body.conversation?.id === 'string' ? body.conversation.id : '';
    const channelId = String(body.channelId ?? '');
    if (!this.accepting) return unavailable();
    if (body.type !== ActivityTypes.Message || !convId || JSON.stringify(body).length > 256 * 1024) {
      // Not a customer message (conversation updates, typing…) or malformed: nothing to keep.
      const c = new CapturedResponse();
      await this.lock(conversationKey(channelId, convId), () => process(req, c, this.o.logic)).catch(() => undefined);
      return forward(c);
    }
    const activityId = typeof body.id === 'string' && body.id ? body.id : randomUUID();
    if (!body.id) body.id = activityId;
    const key = conversationKey(channelId, convId);
    const id = `api:${key}:${activityId}`;
    const expectReplies = body.deliveryMode === 'expectReplies';
    let recorded: boolean;
    try {
      await ensureInboxIndexes(this.o.conn);
      recorded = await recordInbox(this.o.conn, {
        _id: id,
        conversation: key,
        channelId,
        activity: JSON.stringify(body),
        order: body.timestamp ? new Date(body.timestamp).getTime() || Date.now() : Date.now(),
        recordedAt: new Date(),
        attempts: 0,
        expectReplies,
      });
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'could not record a message; answered 503');
      return unavailable();
    }
    const work = this.lock(key, async (): Promise<CapturedResponse | 'gone' | 'retry'> => {
      // A retry of a message still waiting: answer it now. Already answered: nothing to do.
      const entry = recorded ? undefined : await inboxEntry(this.o.conn, id);
      if (!recorded && !entry) return 'gone';
      const doc: InboxDoc = entry ?? { _id: id, conversation: key, channelId, activity: '', order: 0, recordedAt: new Date(), attempts: 0, expectReplies };
      const c = new CapturedResponse();
      const rec: InboxTurn = { id, attempts: doc.attempts, expectReplies, abandoned: false, ran: false, recovered: !recorded && this.mayHaveStarted(doc) };
      const channel = this.channels.get('*')!;
      const outcome = await this.budgeted(doc, body, rec, () => process(req, c, this.logicFor(rec)), channel);
      if (outcome === 'done') return c;
      return expectReplies ? 'retry' : c;
    });
    let result: CapturedResponse | 'gone' | 'retry';
    try {
      result = await this.track(work);
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message, conversation: key }, 'turn not run; answered 503');
      return unavailable();
    }
    if (result === 'retry') return unavailable();
    if (result === 'gone') {
      res.send(200, expectReplies ? { activities: [] } : undefined);
      return;
    }
    forward(result);
  }

  // ---- recovery ----

  /** Looks for messages nobody is answering and answers them (any process; the lease decides). */
  async sweep(olderThanMs = this.o.staleAfterMs): Promise<number> {
    if (this.sweeping || this.stopping || !this.o.available()) return 0;
    this.sweeping = true;
    try {
      const stale = await staleInbox(this.o.conn, new Date(Date.now() - olderThanMs));
      const conversations = new Map<string, InboxDoc>();
      for (const e of stale) if (!conversations.has(e.conversation)) conversations.set(e.conversation, e);
      await Promise.all(
        [...conversations.values()].map((e) => {
          const sep = e.conversation.indexOf(':');
          return this.drain(e.conversation.slice(0, sep), e.conversation.slice(sep + 1));
        }),
      );
      return conversations.size;
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'inbox sweep failed');
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  start(): void {
    // At start everything recorded is a candidate: this process answers nothing yet.
    void this.sweep(0);
    this.sweeper = setInterval(() => void this.sweep(), this.o.sweepEveryMs);
    this.sweeper.unref();
  }

  get inFlight(): number {
    return this.active.size;
  }

  /** Stops accepting and sweeping; waits up to `timeoutMs` for turns under way. */
  async stop(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    if (this.sweeper) clearInterval(this.sweeper);
    if (!this.active.size) return true;
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      Promise.allSettled([...this.active]).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    return r;
  }
}

