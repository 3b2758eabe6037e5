import { Middleware, TurnContext, ActivityTypes } from 'botbuilder';
import type { Model } from 'mongoose';
import { ConversationDoc, StoredReference, conversationKey, conversationVersion } from '../../models/conversation';
import { keepWritten, keptRead } from '../../models/kept-copies';

const CONVERSATION = Symbol('conversationDoc');

/** The conversation as it stood at the start of this turn (its owner decides who answers). */
export function turnConversation(ctx: TurnContext): ConversationDoc | undefined {
  return ctx.turnState.get(CONVERSATION) as ConversationDoc | undefined;
}

/**
 * The stored reference is refreshed when it changed or when `lastInboundAt` is this old; in between
 * a turn only reads the document. A rewrite (findAndModify: read, update, read back on FerretDB)
 * costs about five times a read by _id, and this runs on every customer message. A `lastInboundAt`
 * up to this stale only makes a messaging window look to close that much earlier.
 */
export const REFERENCE_REFRESH_MS = 60_000;

/** The parts of a reference that reach the customer; `activityId` changes with every message. */
function sameReference(a: StoredReference | undefined, b: StoredReference): boolean {
  if (!a) return false;
  const { activityId: _a, ...x } = a;
  const { activityId: _b, ...y } = b;
  return JSON.stringify(x) === JSON.stringify(y);
}

/**
 * Keeps each conversation's reference so agents and confirmations can reach it later, and reads
 * its owner (who answers this turn) as stored at every customer message.
 */
export class ConversationReferenceMiddleware implements Middleware {
  constructor(
    private readonly conversations: Model<ConversationDoc>,
    /** The bot's clock: messaging windows (Messenger 24 h, Zalo 7 days) are measured with it. */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * From the copy this process keeps when it alone writes the database (models/kept-copies.ts,
   * turned on with leases in memory): saves a read at every customer message.
   */
  private read(_id: string): Promise<ConversationDoc | null> {
    return keptRead(this.conversations.db, 'conversations', _id, () => this.conversations.findById(_id).lean<ConversationDoc>().exec());
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const a = context.activity;
    if (a.type === ActivityTypes.Message && a.conversation?.id) {
      const _id = conversationKey(a.channelId, a.conversation.id);
      const reference = TurnContext.getConversationReference(a) as StoredReference;
      const now = this.clock();
      let doc = await this.read(_id);
      const seen = doc?.lastInboundAt ? new Date(doc.lastInboundAt).getTime() : NaN;
      const fresh = !!doc && sameReference(doc.reference, reference) && now.getTime() - seen < REFERENCE_REFRESH_MS && now.getTime() >= seen;
      if (!fresh) {
        const before = conversationVersion(this.conversations.db, _id);
        doc = await this.conversations
          .findOneAndUpdate(
            { _id },
            {
              $set: { reference, lastInboundAt: now, channelId: a.channelId, conversationId: a.conversation.id },
              $setOnInsert: { owner: 'bot' },
            },
            { upsert: true, new: true, lean: true },
          )
          .exec();
        if (doc) keepWritten(this.conversations.db, 'conversations', _id, doc, before);
      }
      context.turnState.set(CONVERSATION, doc ?? undefined);
    }
    await next();
  }
}
