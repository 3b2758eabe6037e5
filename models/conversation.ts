import { Schema, Connection, Model } from 'mongoose';
import { countWritesOf, writeVersion } from './kept-copies';

/** Who may answer the customer: the bot, the agents' queue, one agent, or nobody (closed). */
export type ConversationOwner = 'bot' | 'queue' | 'agent' | 'closed';

/**
 * What is kept of a Bot Framework conversation reference: the parts needed to reach the customer
 * again. Declared here, not imported, so that only bot/ and dialogs/ depend on the Bot Framework SDK.
 */
export interface StoredReference {
  channelId?: string;
  serviceUrl?: string;
  locale?: string;
  activityId?: string;
  conversation?: { id: string; name?: string };
  user?: { id: string; name?: string };
  bot?: { id: string; name?: string };
}

export interface ConversationDoc {
  _id: string;
  channelId: string;
  conversationId: string;
  /** Needed to reach the customer outside a turn (agents' replies, confirmations). */
  reference: StoredReference;
  owner: ConversationOwner;
  agentId?: string;
  lastInboundAt?: Date;
  /** Last "an agent will answer" note while the conversation waits for a person (rate limit). */
  lastAckAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<ConversationDoc>(
  {
    _id: { type: String, required: true },
    channelId: { type: String, required: true },
    conversationId: { type: String, required: true },
    reference: { type: Schema.Types.Mixed, required: true },
    owner: { type: String, enum: ['bot', 'queue', 'agent', 'closed'], default: 'bot' },
    agentId: String,
    lastInboundAt: Date,
    lastAckAt: Date,
  },
  { timestamps: true, minimize: false, collection: 'conversations' },
);
schema.index({ owner: 1, updatedAt: -1 });

// The middleware's copy of a conversation and the console's queue rely on every write of a
// conversation going through this model (models/kept-copies.ts).
countWritesOf(schema, 'conversations');

/** Changes whenever a write of this conversation through the model starts or ends. */
export function conversationVersion(conn: Connection, id: string): number {
  return writeVersion(conn, 'conversations', id);
}

export function conversationKey(channelId: string, conversationId: string): string {
  return `${channelId}:${conversationId}`;
}

export function conversationModel(conn: Connection): Model<ConversationDoc> {
  return (conn.models.Conversation as Model<ConversationDoc>) ?? conn.model<ConversationDoc>('Conversation', schema);
}
