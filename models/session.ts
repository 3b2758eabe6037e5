import { Schema, Connection, Model } from 'mongoose';

/**
 * A signed-in console tab. Found by the SHA-256 of the cookie's token (a stolen database copy gives
 * no usable cookie). FerretDB has no TTL indexes, so expiry is the stored `expiresAt`, checked on
 * every use; expired documents are removed when met and swept at each login.
 */
export interface SessionDoc {
  _id: string;
  agentId: string;
  /** Sent back in the X-CSRF-Token header of every change. */
  csrf: string;
  createdAt: Date;
  expiresAt: Date;
}

const schema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    agentId: { type: String, required: true },
    csrf: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'console_sessions', versionKey: false },
);
schema.index({ expiresAt: 1 });

export function sessionModel(conn: Connection): Model<SessionDoc> {
  return (conn.models.ConsoleSession as Model<SessionDoc>) ?? conn.model<SessionDoc>('ConsoleSession', schema);
}
