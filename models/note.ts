import { Schema, Connection, Model } from 'mongoose';

/** An agent's internal note on a ticket: shown to agents only, never sent to the customer. */
export interface NoteDoc {
  ticketCode: string;
  agentId: string;
  agentName: string;
  text: string;
  at: Date;
}

const schema = new Schema<NoteDoc>(
  {
    ticketCode: { type: String, required: true },
    agentId: { type: String, required: true },
    agentName: { type: String, required: true },
    text: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'console_notes', versionKey: false },
);
schema.index({ ticketCode: 1, at: 1 });

export function noteModel(conn: Connection): Model<NoteDoc> {
  return (conn.models.ConsoleNote as Model<NoteDoc>) ?? conn.model<NoteDoc>('ConsoleNote', schema);
}
