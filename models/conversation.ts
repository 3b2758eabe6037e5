import { Schema, Connection, Model } from 'mongoose';

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

// Every write through this model moves a counter of its conversation (of all of them when the
// filter names no single _id), once when it starts and once when it is done: a copy of a document
// read while the counter stood still is the document as stored (see conversationVersion).
// Writes that bypass the model (its native collection) are not counted.
const versions = new WeakMap<Connection, { all: number; byId: Map<string, number> }>();
const MAX_COUNTED = 50_000;

function countWrite(conn: Connection, filter: unknown): void {
  let v = versions.get(conn);
  if (!v) versions.set(conn, (v = { all: 0, byId: new Map() }));
  const id = (filter as { _id?: unknown } | null | undefined)?._id;
  if (typeof id !== 'string') {
    v.all += 1;
    return;
  }
  if (v.byId.size >= MAX_COUNTED && !v.byId.has(id)) {
    // Forgetting the counts would make old copies look current: move every conversation on instead.
    v.byId.clear();
    v.all += 1;
  }
  v.byId.set(id, (v.byId.get(id) ?? 0) + 1);
}

/** Changes whenever a write of this conversation through the model starts or ends. */
export function conversationVersion(conn: Connection, id: string): number {
  const v = versions.get(conn);
  return v ? v.all * 2 ** 32 + (v.byId.get(id) ?? 0) : 0;
}

const QUERY_WRITES = ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;
for (const op of QUERY_WRITES) {
  schema.pre(op, function () {
    countWrite(this.model.db, this.getFilter());
  });
  schema.post(op, function () {
    countWrite(this.model.db, this.getFilter());
  });
}
schema.pre('insertMany', function () {
  countWrite(this.db, undefined);
});
schema.post('insertMany', function () {
  countWrite(this.db, undefined);
});
schema.pre('bulkWrite', function () {
  countWrite(this.db, undefined);
});
schema.post('bulkWrite', function () {
  countWrite(this.db, undefined);
});
schema.pre('save', function () {
  countWrite(this.db, { _id: this._id });
});
schema.post('save', function () {
  countWrite(this.db, { _id: this._id });
});

export function conversationKey(channelId: string, conversationId: string): string {
  return `${channelId}:${conversationId}`;
}

export function conversationModel(conn: Connection): Model<ConversationDoc> {
  return (conn.models.Conversation as Model<ConversationDoc>) ?? conn.model<ConversationDoc>('Conversation', schema);
}
