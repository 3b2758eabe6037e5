import type { Connection } from 'mongoose';
import { conversationModel, type ConversationDoc, type ConversationOwner } from '../../models/conversation';
import type { BotEvents } from '../events';

/**
 * Who answers a conversation, and every change of it: the bot; the agents' queue once the machine
 * hands the complaint off; one agent once they take it (or are given it); nobody ("closed") after an
 * agent's Step 4, until the customer writes again. The first owner ("bot") is set where the
 * conversation is first stored (bot/middleware/conversation-reference.ts).
 *
 * FerretDB's updates are read-then-write: the changes that depend on the current owner (take,
 * assign, release) must run between the conversation's turns (AgentDesk.inTurnOrder), and those
 * made in a turn run in it already.
 */
export class ConversationOwnership {
  constructor(
    private readonly conn: Connection,
    private readonly events: BotEvents,
  ) {}

  private get conversations() {
    return conversationModel(this.conn);
  }

  private async owner(key: string): Promise<Pick<ConversationDoc, 'owner' | 'agentId'> | null> {
    return this.conversations.findById(key, { owner: 1, agentId: 1 }).lean<Pick<ConversationDoc, 'owner' | 'agentId'>>();
  }

  /** Tells the console and the live streams (after the caller has recorded what goes with it). */
  announce(conversation: string, owner: ConversationOwner, agentId?: string): void {
    this.events.emit('owner', { conversation, owner, agentId });
  }

  /** The machine handed the complaint off this turn: the conversation waits in the agents' queue. */
  async handedOff(key: string): Promise<void> {
    await this.conversations.updateOne({ _id: key }, { $set: { owner: 'queue' } });
    this.announce(key, 'queue');
  }

  /** Back to the bot (hand-back, or a closed conversation written to again), or closed after Step 4. */
  async toBot(key: string, owner: 'bot' | 'closed'): Promise<void> {
    await this.conversations.updateOne({ _id: key }, { $set: { owner }, $unset: { agentId: 1 } });
    this.announce(key, owner);
  }

  /** An agent takes a conversation that waits in the queue; false when it no longer does. */
  async take(key: string, agentId: string): Promise<boolean> {
    return this.toAgent(key, agentId);
  }

  /** Given to an agent: from the queue, or from the agent who held it; false otherwise. */
  async toAgent(key: string, agentId: string, fromAgent?: string): Promise<boolean> {
    const conv = await this.owner(key);
    if (!(conv?.owner === 'queue' || (fromAgent !== undefined && conv?.owner === 'agent' && conv.agentId === fromAgent))) return false;
    await this.conversations.updateOne({ _id: key }, { $set: { owner: 'agent', agentId } });
    return true;
  }

  /** An admin frees the conversation from `fromAgent`: it waits in the queue again; false if not theirs. */
  async backToQueue(key: string, fromAgent: string): Promise<boolean> {
    const conv = await this.owner(key);
    if (!(conv?.owner === 'agent' && conv.agentId === fromAgent)) return false;
    await this.conversations.updateOne({ _id: key }, { $set: { owner: 'queue' }, $unset: { agentId: 1 } });
    return true;
  }
}
