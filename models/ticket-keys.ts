import { Schema, Connection, Model } from 'mongoose';
const isDuplicateKey = (err: unknown) => (err as { code?: unknown } | null)?.code === 11000;

/**
 * Which tickets name a serial, and which serials a phone complained about: the fraud rules ask both
 * at every card check. Entries are insert-only documents keyed `<kind>:<value>:<n>` (n = 0, 1, …),
 * so they are read by _id — the only lookup FerretDB narrows in SQL, where any other filter scans
 * the whole tickets collection — and claimed by a unique insert, the one write that is atomic on
 * FerretDB too: two complaints about one serial at the same moment both get recorded.
 */
export interface TicketKeyDoc {
  _id: string;
  ticketCode: string;
  serial?: string;
  phone?: string;
  conversation?: string;
  at: Date;
}

const schema = new Schema<TicketKeyDoc>(
  {
    _id: { type: String, required: true },
    ticketCode: { type: String, required: true },
    serial: String,
    phone: String,
    conversation: String,
    at: { type: Date, required: true },
  },
  { collection: 'ticket_keys', versionKey: false },
);

export function ticketKeyModel(conn: Connection): Model<TicketKeyDoc> {
  return (conn.models.TicketKey as Model<TicketKeyDoc>) ?? conn.model<TicketKeyDoc>('TicketKey', schema);
}

type Kind = 'serial' | 'phone';

async function list(conn: Connection, kind: Kind, value: string): Promise<TicketKeyDoc[]> {
  const Key = ticketKeyModel(conn);
  const out: TicketKeyDoc[] = [];
  for (let n = 0; ; n += 1) {
    const doc = await Key.findById(`${kind}:${value}:${n}`).lean<TicketKeyDoc>();
    if (!doc) return out;
    out.push(doc);
  }
}

async function add(conn: Connection, kind: Kind, value: string, entry: Omit<TicketKeyDoc, '_id'>): Promise<void> {
  const Key = ticketKeyModel(conn);
  // Usually one insert: slots are claimed in order, and a taken slot is read only to skip it (or to
  // find this ticket already recorded there).
  for (let n = 0; n < 1000; n += 1) {
    try {
      await Key.create({ _id: `${kind}:${value}:${n}`, ...entry });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const taken = await Key.findById(`${kind}:${value}:${n}`).lean<TicketKeyDoc>();
      if (taken?.ticketCode === entry.ticketCode) return;
    }
  }
}

/** Records that a ticket names this serial and/or phone (idempotent per ticket). */
export async function indexTicketKeys(
  conn: Connection,
  t: { code: string; serial?: string; phone?: string; conversation?: string },
  at: Date,
): Promise<void> {
  const entry = { ticketCode: t.code, serial: t.serial, phone: t.phone, conversation: t.conversation, at };
  await Promise.all([
    t.serial ? add(conn, 'serial', t.serial, entry) : undefined,
    t.phone ? add(conn, 'phone', t.phone, entry) : undefined,
  ]);
}

export function ticketsNamingSerial(conn: Connection, serial: string): Promise<TicketKeyDoc[]> {
  return list(conn, 'serial', serial);
}

export function ticketsOfPhone(conn: Connection, phone: string): Promise<TicketKeyDoc[]> {
  return list(conn, 'phone', phone);
}
