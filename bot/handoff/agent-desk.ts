import type { ConversationReference, TurnContext } from 'botbuilder';
import type { Connection } from 'mongoose';
import { conversationModel } from '../../models/conversation';
import type { KeyedQueue } from '../turn-queue';
import type { QpalBot, AgentAction } from '../qpal-bot';

/** What a channel's adapter offers to reach a conversation outside a turn (CloudAdapter's shape). */
export interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export class ConversationNotFoundError extends Error {
  constructor(key: string) {
    super(`no conversation ${key}`);
    this.name = 'ConversationNotFoundError';
  }
}

/**
 * Reaches a customer outside their own turns (agents' replies, resolutions, hand-backs) through the
 * stored conversation reference, in the same per-conversation order as the customer's messages. A
 * failed delivery rejects, so the agent is told instead of the message being lost silently.
 */
export class AgentDesk {
  constructor(
    private readonly deps: {
      /** The adapter of the channel the conversation came from (Bot Framework, Messenger, Zalo). */
      adapterFor: (channelId: string) => ProactiveAdapter;
      appId: string;
      queue: Pick<KeyedQueue, 'run'>;
      bot: QpalBot;
      conn: Connection;
    },
  ) {}

  async act(conversationKey: string, agentId: string, action: AgentAction): Promise<void> {
    const conv = await conversationModel(this.deps.conn).findById(conversationKey).lean().exec();
    if (!conv) throw new ConversationNotFoundError(conversationKey);
    // The adapter would hand an error to onTurnError (log and apologise); the agent must see it.
    let failure: unknown;
    await this.deps.queue.run(conversationKey, () =>
      this.deps.adapterFor(conv.channelId).continueConversationAsync(this.deps.appId, conv.reference as Partial<ConversationReference> /* written by getConversationReference */, async (ctx) => {
        try {
          await this.deps.bot.agentTurn(ctx, agentId, action);
        } catch (err) {
          failure = err;
        }
      }),
    );
    if (failure) throw failure;
  }

  /**
   * Runs `task` between the conversation's turns: no customer turn or agent action of that
   * conversation interleaves with it (FerretDB's updates are read-then-write, so changing the owner
   * while a turn rewrites the conversation document could be lost).
   */
  inTurnOrder<T>(conversationKey: string, task: () => Promise<T>): Promise<T> {
    return this.deps.queue.run(conversationKey, task);
  }
}
