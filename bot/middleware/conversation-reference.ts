import { Middleware, TurnContext, ActivityTypes, type ConversationReference } from 'botbuilder';
import type { Model } from 'mongoose';
import { ConversationDoc, conversationKey } from '../../models/conversation';

const CONVERSATION = Symbol('conversationDoc');

/** The conversation as it stood at the start of this turn (its owner decides who answers). */
export function turnConversation(ctx: TurnContext): ConversationDoc | undefined {
  return ctx.turnState.get(CONVERSATION) as ConversationDoc | undefined;
}

/**
 * Keeps each conversation's reference so agents and confirmations can reach it later, and reads
 * its owner (which a person may have changed since the last turn).
 */
export class ConversationReferenceMiddleware implements Middleware {
  constructor(
    private readonly conversations: Model<ConversationDoc>,
    /** The bot's clock: messaging windows (Messenger 24 h, Zalo 7 days) are measured with it. */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const a = context.activity;
    if (a.type === ActivityTypes.Message && a.conversation?.id) {
      const key = conversationKey(a.channelId, a.conversation.id);
      const reference = TurnContext.getConversationReference(a);
      const now = this.clock();
      // Most turns only read: the stored reference is rewritten when it changed, and the time of
      // the last message at most once a minute (the messaging windows it measures are hours long).
      let doc = await this.conversations.findById(key).lean<ConversationDoc>().exec();
      if (!doc || !sameReference(doc.reference, reference) || !fresh(doc.lastInboundAt, now)) {
        doc = await this.conversations
          .findOneAndUpdate(
            { _id: key },
            {
              $set: { reference, lastInboundAt: now, channelId: a.channelId, conversationId: a.conversation.id },
              $setOnInsert: { owner: 'bot' },
            },
            { upsert: true, new: true, lean: true },
          )
          .exec();
      }
      context.turnState.set(CONVERSATION, doc ?? undefined);
    }
    await next();
  }
}

const REFRESH_MS = 60_000;

function fresh(last: Date | undefined, now: Date): boolean {
  if (!last) return false;
  const age = now.getTime() - new Date(last).getTime();
  return age >= 0 && age < REFRESH_MS;
}

/** Same conversation address; the id of the message replied to changes every turn and is ignored. */
function sameReference(stored: Partial<ConversationReference> | undefined, current: Partial<ConversationReference>): boolean {
  if (!stored) return false;
  const { activityId: _a, ...rest } = current;
  const { activityId: _b, ...was } = stored;
  return JSON.stringify(rest) === JSON.stringify(was);
}
