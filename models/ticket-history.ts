import { Schema, Connection, Model } from 'mongoose';

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
const schema = new Schema<TicketHistoryEntry>(
  {
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
  return (conn.models.TicketHistory as Model<TicketHistoryEntry>) ?? conn.model<TicketHistoryEntry>('TicketHistory', schema);
}

export async function recordTicketHistory(conn: Connection, entry: TicketHistoryEntry): Promise<void> {
  await ticketHistoryModel(conn).collection.insertOne({ ...entry, changes: storable(entry.changes) } as never);
}

/** The ticket's history, oldest first. */
export async function ticketHistory(conn: Connection, ticketCode: string): Promise<TicketHistoryEntry[]> {
  return ticketHistoryModel(conn)
    .find({ ticketCode }, { _id: 0 })
    .sort({ at: 1, _id: 1 })
    .lean<TicketHistoryEntry[]>();
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
