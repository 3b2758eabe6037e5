import { Middleware, TurnContext, ActivityTypes } from 'botbuilder';
import type { Model } from 'mongoose';
import { ConversationDoc, conversationKey } from '../../models/conversation';

const CONVERSATION = Symbol('conversationDoc');

/** The conversation as it stood at the start of this turn (its owner decides who answers). */
export function turnConversation(ctx: TurnContext): ConversationDoc | undefined {
  return ctx.turnState.get(CONVERSATION) as ConversationDoc | undefined;
}

/**
 * Keeps each conversation's reference so agents and confirmations can reach it later, and reads
 * its owner in the same round trip.
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
      const reference = TurnContext.getConversationReference(a);
      const doc = await this.conversations
        .findOneAndUpdate(
          { _id: conversationKey(a.channelId, a.conversation.id) },
          {
            $set: { reference, lastInboundAt: this.clock(), channelId: a.channelId, conversationId: a.conversation.id },
            $setOnInsert: { owner: 'bot' },
          },
          { upsert: true, new: true, lean: true },
        )
        .exec();
      context.turnState.set(CONVERSATION, doc ?? undefined);
    }
    await next();
  }
}
