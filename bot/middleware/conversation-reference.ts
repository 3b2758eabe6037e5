import { Middleware, TurnContext, ActivityTypes } from 'botbuilder';
import type { Model } from 'mongoose';
import { ConversationDoc, conversationKey } from '../../models/conversation';

/** Keeps each conversation's reference so agents and confirmations can reach it later. */
export class ConversationReferenceMiddleware implements Middleware {
  constructor(private readonly conversations: Model<ConversationDoc>) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const a = context.activity;
    if (a.type === ActivityTypes.Message && a.conversation?.id) {
      const reference = TurnContext.getConversationReference(a);
      await this.conversations.updateOne(
        { _id: conversationKey(a.channelId, a.conversation.id) },
        {
          $set: { reference, lastInboundAt: new Date(), channelId: a.channelId, conversationId: a.conversation.id },
          $setOnInsert: { owner: 'bot' },
        },
        { upsert: true },
      );
    }
    await next();
  }
}
