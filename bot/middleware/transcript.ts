import { Activity, ActivityTypes, Middleware, TurnContext, CardFactory } from 'botbuilder';
import type { Model } from 'mongoose';
import type { TranscriptEntry } from '../../models/transcript';
import { conversationKey } from '../../models/conversation';
import { appendTranscript, conversationTranscript } from '../../models/transcript-log';
import type { BotEvents } from '../events';
import { inboxTurnOf } from '../durability/inbox';
import type { AttachmentFetcher } from '../attachments/download';

/** Who wrote outbound messages sent during this turn; agents' relays set it (see handoff). */
export const AUTHOR_KEY = Symbol('transcriptAuthor');
const WRITE_NOW = Symbol('transcriptWriteNow');

/**
 * Starts writing this turn's transcript entries now instead of when the turn ends: the bot calls it
 * once it has said everything, so the entries and the conversation's state are written at the same
 * time (one wait on the database instead of two). What is sent later is written at the end.
 */
export function writeTranscriptNow(ctx: TurnContext): void {
  (ctx.turnState.get(WRITE_NOW) as (() => void) | undefined)?.();
}

/**
 * How far back a retried message is looked for: a retry comes before that conversation's later
 * messages (the inbox answers in order), so its entry, if written, is among the last few.
 */
const RECOVERY_LOOKBACK = 50;

function choicesOf(a: Partial<Activity>): string[] | undefined {
  const actions = a.suggestedActions?.actions;
  return actions?.length ? actions.map((x) => String(x.title ?? x.value)) : undefined;
}

function attachmentKinds(a: Partial<Activity>): string[] | undefined {
  const kinds = a.attachments?.map((x) => x.contentType).filter((c) => c !== CardFactory.contentTypes.heroCard);
  return kinds?.length ? kinds : undefined;
}

/** A short, non-personal cause of a failed send: the HTTP status or the error's code/name. */
export function deliveryReason(err: unknown): string {
  const e = err as { statusCode?: unknown; status?: unknown; code?: unknown; name?: unknown } | null;
  const status = Number(e?.statusCode ?? e?.status);
  if (Number.isInteger(status) && status >= 400) return `http_${status}`;
  if (typeof e?.code === 'string' && /^[A-Z_]{2,30}$/.test(e.code)) return e.code.toLowerCase();
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  return 'error';
}

/**
 * Stores every inbound and outbound message of a conversation. A message answered from the inbox
 * (bot/durability/inbox.ts) is already kept there until its turn has finished, so its transcript
 * entry is written with the turn's replies, in one insert at the end of the turn; a crash mid-turn
 * leaves the inbox entry, and the retry writes it. Anything else (no inbox entry) is written before
 * the bot runs. Outbound messages are written at the end of the turn, or at once outside a turn.
 */
export class TranscriptMiddleware implements Middleware {
  constructor(
    private readonly transcripts: Model<TranscriptEntry>,
    private readonly events: BotEvents,
    private readonly files?: AttachmentFetcher,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const a = context.activity;
    const conversation = conversationKey(a.channelId, a.conversation.id);
    const isInbound = a.type === ActivityTypes.Message;
    const inbox = isInbound ? inboxTurnOf(context) : undefined;
    // A message answered again after a failure may have been written by the first attempt.
    const again = inbox?.recovered && a.id ? await this.written(conversation, a.id) : false;
    const outbound: TranscriptEntry[] = [];
    if (isInbound && !again) {
      const at = new Date();
      // Downloaded now: Messenger's and Zalo's URLs expire, and the photo is the evidence.
      const sent = (a.attachments ?? []).filter((x) => x.contentType !== CardFactory.contentTypes.heroCard);
      const files = this.files && sent.length ? await this.files.keep(conversation, sent, at) : undefined;
      const entry: TranscriptEntry = {
        conversation,
        channelId: a.channelId,
        direction: 'in',
        author: 'customer',
        text: a.text ?? '',
        attachments: attachmentKinds(a),
        files,
        activityId: a.id,
        at,
      };
      if (inbox) outbound.push(entry);
      else {
        await appendTranscript(this.transcripts, conversation, [entry]);
        this.events.emit('message', { conversation, entry });
      }
    }

    context.onSendActivities(async (ctx, activities, send) => {
      const author = (ctx.turnState.get(AUTHOR_KEY) as string | undefined) ?? 'bot';
      const batch: TranscriptEntry[] = [];
      for (const out of activities) {
        if (out.type !== ActivityTypes.Message) continue;
        batch.push({
          conversation,
          channelId: a.channelId,
          direction: 'out',
          author,
          text: out.text ?? '',
          choices: choicesOf(out),
          attachments: attachmentKinds(out),
          agentReply: (out.channelData as { humanAgent?: unknown } | undefined)?.humanAgent === true || undefined,
          at: new Date(),
        });
      }
      outbound.push(...batch);
      // Recorded as the channel answered: an undelivered message must never look sent.
      try {
        const r = await send();
        for (const e of batch) e.delivery = 'sent';
        return r;
      } catch (err) {
        for (const e of batch) {
          e.delivery = 'failed';
          e.deliveryError = deliveryReason(err);
        }
        throw err;
      }
    });

    let early: Promise<Array<TranscriptEntry & { _id: string }>> | undefined;
    context.turnState.set(WRITE_NOW, () => {
      if (early || !outbound.length) return;
      early = appendTranscript(this.transcripts, conversation, outbound.splice(0));
      early.catch(() => undefined); // awaited (and its error raised) when the turn ends
    });
    try {
      await next();
    } finally {
      // Written even when the turn failed: the customer's message and what was sent stay on record.
      const docs = early ? await early : [];
      if (outbound.length) docs.push(...(await appendTranscript(this.transcripts, conversation, outbound)));
      for (const d of docs) this.events.emit('message', { conversation, entry: d });
    }
  }

  /** Whether this inbound message is in the conversation's transcript (its latest entries, by _id). */
  private async written(conversation: string, activityId: string): Promise<boolean> {
    const recent = await conversationTranscript(this.transcripts.db, conversation, RECOVERY_LOOKBACK, { direction: 1, activityId: 1 });
    return recent.some((e) => e.direction === 'in' && e.activityId === activityId);
  }
}
