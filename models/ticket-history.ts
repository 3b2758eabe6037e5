import { Schema, Connection, Model } from 'mongoose';
import { byTimeWithoutIds, caseKeysReady, legacyEntries } from './case-keys';
import { appendSlots, readSlots } from './slot-log';

/** Who changed a ticket: the bot, the customer, an agent (`agent:<id>`) or a background job. */
export type TicketActor = 'bot' | 'customer' | 'system' | `agent:${string}`;

export interface FieldChange {
  /** Field path on the ticket, e.g. "status" or "confirmation.email". */
  field: string;
  /** null when the field was absent. */
  from: unknown;
  to: unknown;
}

export interface TicketHistoryEntry {
  ticketCode: string;
  at: Date;
  actor: TicketActor;
  action: string;
  changes: FieldChange[];
}

// One document per change, insert-only: concurrent writers (bot, agent console, deadline job)
// each add their own entry, which an array on the ticket could not guarantee without atomic
// updates (FerretDB has none).
const schema = new Schema<TicketHistoryEntry & { _id?: unknown }>(
  {
    // `<ticket code>:<n>` (models/slot-log.ts); entries written before that have ObjectIds.
    _id: Schema.Types.Mixed,
    ticketCode: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    changes: {
      type: [new Schema<FieldChange>({ field: String, from: Schema.Types.Mixed, to: Schema.Types.Mixed }, { _id: false, minimize: false })],
      default: [],
    },
  },
  { collection: 'ticket_history', versionKey: false, minimize: false },
);
schema.index({ ticketCode: 1, at: 1 });

export function ticketHistoryModel(conn: Connection): Model<TicketHistoryEntry> {
  return (conn.models.TicketHistory as Model<TicketHistoryEntry>) ?? conn.model<TicketHistoryEntry>('TicketHistory', schema as never);
}

// One list per ticket, read by _id: FerretDB answers `{ticketCode}` by scanning every entry.
const historyKey = (ticketCode: string) => `h:${ticketCode}`;

/** `newTicket`: the ticket was just created, so its list is empty (no read for where it ends). */
export async function recordTicketHistory(conn: Connection, entry: TicketHistoryEntry, opts: { newTicket?: boolean } = {}): Promise<void> {
  const model = ticketHistoryModel(conn) as unknown as Model<TicketHistoryEntry & { _id: string }>;
  await appendSlots(conn, model, historyKey(entry.ticketCode), [{ ...entry, changes: storable(entry.changes) as FieldChange[] }], { raw: true, usuallyNew: opts.newTicket });
}

/** The ticket's history, oldest first. */
export async function ticketHistory(conn: Connection, ticketCode: string): Promise<TicketHistoryEntry[]> {
  if (!(await caseKeysReady(conn))) {
    return ticketHistoryModel(conn).find({ ticketCode }, { _id: 0 }).sort({ at: 1, _id: 1 }).lean<TicketHistoryEntry[]>();
  }
  const [legacy, listed] = await Promise.all([
    legacyEntries<TicketHistoryEntry>(conn, 'ticket_history', `history:${ticketCode}`),
    readSlots(conn, ticketHistoryModel(conn), historyKey(ticketCode)),
  ]);
  return byTimeWithoutIds(legacy, listed);
}

// Values go in as they are (Dates stay Dates); undefined becomes null so "was absent" survives the
// round trip, and keys inside values that MongoDB/FerretDB refuse ("." or a leading "$") are
// escaped with look-alike characters.
function storable(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(storable);
  if (typeof (value as { toHexString?: unknown }).toHexString === 'function') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.replace(/\./g, '\uff0e').replace(/^\$/, '\uff04')] = storable(v);
  return out;
}
