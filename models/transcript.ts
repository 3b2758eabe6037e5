import { Schema, Connection, Model } from 'mongoose';

export interface TranscriptFile {
  id?: string;
  contentType: string;
  size?: number;
  error?: string;
}

export interface TranscriptEntry {
  conversation: string;
  channelId: string;
  direction: 'in' | 'out';
  /** 'customer', 'bot', or 'agent:<id>'. */
  author: string;
  text: string;
  /** Quick-reply titles offered with an outbound message; kinds of attachments of an inbound one. */
  choices?: string[];
  attachments?: string[];
  /** What was kept of an inbound message's attachments (models/attachment.ts), in their order. */
  files?: TranscriptFile[];
  activityId?: string;
  /** Outbound: whether the channel took it; failed with a short reason; retried by a later entry. */
  delivery?: 'sent' | 'failed' | 'retried';
  deliveryError?: string;
  /** An agent's own reply (not the bot's words sent on an agent's action): may be sent again. */
  agentReply?: boolean;
  at: Date;
}

const schema = new Schema<TranscriptEntry & { _id?: unknown }>(
  {
    // `t<hash of the conversation>:<n>` (models/transcript-log.ts); older entries have ObjectIds.
    _id: Schema.Types.Mixed,
    conversation: { type: String, required: true },
    channelId: { type: String, required: true },
    direction: { type: String, enum: ['in', 'out'], required: true },
    author: { type: String, required: true },
    text: { type: String, default: '' },
    choices: { type: [String], default: undefined },
    attachments: { type: [String], default: undefined },
    files: {
      type: [new Schema<TranscriptFile>({ id: String, contentType: { type: String, required: true }, size: Number, error: String }, { _id: false })],
      default: undefined,
    },
    activityId: String,
    delivery: { type: String, enum: ['sent', 'failed', 'retried'] },
    deliveryError: String,
    agentReply: Boolean,
    at: { type: Date, required: true },
  },
  { collection: 'transcripts', versionKey: false },
);
schema.index({ conversation: 1, at: 1 });

export function transcriptModel(conn: Connection): Model<TranscriptEntry> {
  return (conn.models.Transcript as Model<TranscriptEntry>) ?? conn.model<TranscriptEntry>('Transcript', schema as never);
}
