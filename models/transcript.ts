import { Schema, Connection, Model } from 'mongoose';

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
  activityId?: string;
  at: Date;
}

const schema = new Schema<TranscriptEntry>(
  {
    conversation: { type: String, required: true },
    channelId: { type: String, required: true },
    direction: { type: String, enum: ['in', 'out'], required: true },
    author: { type: String, required: true },
    text: { type: String, default: '' },
    choices: { type: [String], default: undefined },
    attachments: { type: [String], default: undefined },
    activityId: String,
    at: { type: Date, required: true },
  },
  { collection: 'transcripts', versionKey: false },
);
schema.index({ conversation: 1, at: 1 });

export function transcriptModel(conn: Connection): Model<TranscriptEntry> {
  return (conn.models.Transcript as Model<TranscriptEntry>) ?? conn.model<TranscriptEntry>('Transcript', schema);
}
