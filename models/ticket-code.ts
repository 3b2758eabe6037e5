import { Schema, Connection, Model } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';
import { toVnLocal } from '../machines/rules/vn-time';

// Ticket codes the customer can quote: KN-DDMM-NNNN, the day of the complaint in Vietnam and a
// sequence within that day (4 digits at least, more after 9999). The sequence is not reset per
// year: the next number for a day is one past the highest ever used for that DDMM, so a code
// never repeats from one year to the next.

/** "DDMM" of the instant as a Vietnamese calendar shows it. */
export function ticketCodeDay(now: Date): string {
  const { day, month } = toVnLocal(now.getTime());
  return `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}`;
}

export function formatTicketCode(day: string, seq: number): string {
  return `KN-${day}-${String(seq).padStart(4, '0')}`;
}

const CODE = /^KN-?(\d{4})-?(\d{4,})$/;

/**
 * The canonical code for what a customer typed ("kn-2611-0042", "KN 2611 0042"), or null when it
 * cannot be one.
 */
export function normaliseTicketCode(input: string): string | null {
  const m = CODE.exec(input.replace(/\s+/g, '').toUpperCase());
  return m ? `KN-${m[1]}-${m[2]}` : null;
}

// The last number handed out per DDMM, so the next code is one read by _id away instead of a
// search through the tickets (FerretDB on SQLite reads every document for any other filter).
// It is only a hint: the tickets' unique _id decides, and a hint that fell behind (two processes
// writing it at once, or a lost write) costs a few refused inserts and then catches up.
interface CodeDayDoc {
  /** "DDMM" */
  _id: string;
  last: number;
}

const codeDaySchema = new Schema<CodeDayDoc>(
  { _id: { type: String, required: true }, last: { type: Number, required: true } },
  { collection: 'ticket_code_days', versionKey: false },
);

export function ticketCodeDayModel(conn: Connection): Model<CodeDayDoc> {
  return (conn.models.TicketCodeDay as Model<CodeDayDoc>) ?? conn.model<CodeDayDoc>('TicketCodeDay', codeDaySchema);
}

/** The last number recorded for the day, or undefined when none was. */
export async function lastCodeNumber(conn: Connection, day: string): Promise<number | undefined> {
  const doc = await ticketCodeDayModel(conn).findById(day).lean<CodeDayDoc>();
  return doc?.last;
}

export async function recordCodeNumber(conn: Connection, day: string, seq: number): Promise<void> {
  const Days = ticketCodeDayModel(conn);
  const write = () => Days.updateOne({ _id: day }, { $max: { last: seq } }, { upsert: true });
  try {
    await write();
  } catch (err) {
    // Two first tickets of a day upserting at once: the loser's retry updates the winner's doc.
    if (!isDuplicateKey(err)) throw err;
    await write();
  }
}
