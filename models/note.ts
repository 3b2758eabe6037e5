import { Schema, Connection, Model } from 'mongoose';
import { byTimeWithoutIds, caseKeysReady, legacyEntries } from './case-keys';
import { appendSlots, readSlots } from './slot-log';

/** An agent's internal note on a ticket: shown to agents only, never sent to the customer. */
export interface NoteDoc {
  ticketCode: string;
  agentId: string;
  agentName: string;
  text: string;
  at: Date;
}

const schema = new Schema<NoteDoc & { _id?: unknown }>(
  {
    // `n:<ticket code>:<n>` (models/slot-log.ts); notes written before that have ObjectIds.
    _id: Schema.Types.Mixed,
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
  return (conn.models.ConsoleNote as Model<NoteDoc>) ?? conn.model<NoteDoc>('ConsoleNote', schema as never);
}

// One list per ticket, read by _id (FerretDB answers `{ticketCode}` by scanning every note).
const notesKey = (ticketCode: string) => `n:${ticketCode}`;

export async function addNote(conn: Connection, note: NoteDoc): Promise<void> {
  await appendSlots(conn, noteModel(conn) as unknown as Model<NoteDoc & { _id: string }>, notesKey(note.ticketCode), [note]);
}

/** A ticket's notes, oldest first, without their _ids. */
export async function ticketNotes(conn: Connection, ticketCode: string): Promise<NoteDoc[]> {
  if (!(await caseKeysReady(conn))) return noteModel(conn).find({ ticketCode }, { _id: 0 }).sort({ at: 1 }).lean<NoteDoc[]>();
  const [legacy, listed] = await Promise.all([
    legacyEntries<NoteDoc>(conn, 'console_notes', `notes:${ticketCode}`),
    readSlots(conn, noteModel(conn), notesKey(ticketCode)),
  ]);
  return byTimeWithoutIds(legacy, listed);
}
