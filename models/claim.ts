import { Schema, Connection, Model } from 'mongoose';
import { countWritesOf } from './kept-copies';

/**
 * "This agent holds this case." One document per hand-off: its _id is the conversation and the
 * hand-off's ticket (each hand-off records its own ticket, a hand-back starts a new complaint), so
 * the unique _id index makes the first insert win and every other take-over fail with E11000, on
 * FerretDB (whose updates are read-then-write) as on MongoDB. Phone tickets have no conversation.
 */
export interface ClaimDoc {
  _id: string;
  ticketCode: string;
  /** Conversation key, absent for a ticket taken by phone. */
  conversation?: string;
  agentId: string;
  agentName: string;
  at: Date;
}

const schema = new Schema<ClaimDoc>(
  {
    _id: { type: String, required: true },
    ticketCode: { type: String, required: true },
    conversation: String,
    agentId: { type: String, required: true },
    agentName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'console_claims', versionKey: false },
);
schema.index({ agentId: 1 });
// The console's queue keeps copies of claims (models/kept-copies.ts): every write goes through this model.
countWritesOf(schema, 'console_claims');

export function claimModel(conn: Connection): Model<ClaimDoc> {
  return (conn.models.ConsoleClaim as Model<ClaimDoc>) ?? conn.model<ClaimDoc>('ConsoleClaim', schema);
}

export function claimId(ticketCode: string, conversation?: string): string {
  return `${conversation ?? 'phone'}#${ticketCode}`;
}
