import { Schema, type Connection, type Model } from 'mongoose';
import { caseKeysReady } from './case-keys';
import { inChunks } from './slot-log';
import { isDuplicateKey } from './duplicate-key';
import { KEPT_TICKET_PROJECTION, keptTicket } from './kept-tickets';

/**
 * The tickets waiting for an agent, one small document each (_id = the ticket's code), so the
 * console's queue, the service-level watch and /metrics read a few dozen documents and then the
 * tickets by _id, where `{status: 'waiting_agent'}` on tickets makes FerretDB decode every ticket
 * ever recorded (45-52 s per queue load at 100,000 tickets).
 *
 * Without transactions the marker and the ticket's status are two writes, ordered so that the
 * marker is a superset: it is written before a ticket becomes waiting and removed after it stopped
 * waiting. Readers check each ticket's status, so a marker left by a failure between the two
 * writes shows nothing wrong and is removed once it is old; a ticket that became waiting while
 * its marker write failed is put back by `npm run cases:backfill`.
 */
interface OpenCaseDoc {
  _id: string;
  at: Date;
}

const schema = new Schema<OpenCaseDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { collection: 'open_cases', versionKey: false });

export function openCaseModel(conn: Connection): Model<OpenCaseDoc> {
  return (conn.models.OpenCase as Model<OpenCaseDoc>) ?? conn.model<OpenCaseDoc>('OpenCase', schema);
}

/** A marker older than this whose ticket is not waiting is left over from a failed write. */
const STALE_MS = 10 * 60_000;

/** Before a ticket becomes waiting (idempotent). */
export async function markOpenCase(conn: Connection, code: string, at: Date): Promise<void> {
  await openCaseModel(conn)
    .updateOne({ _id: code }, { $set: { at } }, { upsert: true })
    .catch((err: { code?: number }) => {
      if (!isDuplicateKey(err)) throw err; // two upserts at once: the other one inserted it
    });
}

/** After a ticket stopped waiting (idempotent). */
export async function unmarkOpenCase(conn: Connection, code: string): Promise<void> {
  await openCaseModel(conn).deleteOne({ _id: code });
}

/** Whether a change of status needs the marker first (true), after (false), or not at all. */
export function openCaseChange(status: string | undefined): 'mark' | 'unmark' | undefined {
  if (status === undefined) return undefined;
  return status === 'waiting_agent' ? 'mark' : 'unmark';
}

/** The tickets waiting for an agent, without their conversation reference and findings (models/kept-tickets.ts). */
export async function waitingTickets<T extends { _id: string; status?: string }>(conn: Connection): Promise<T[]> {
  if (!(await caseKeysReady(conn))) {
    return (await conn.collection('tickets').find({ status: 'waiting_agent' }, { projection: KEPT_TICKET_PROJECTION }).toArray()) as unknown as T[];
  }
  const markers = await openCaseModel(conn).find({}).lean<OpenCaseDoc[]>();
  const found = await inChunks(markers, async (m) => ({ m, t: await keptTicket<T>(conn, m._id) }));
  const stale = found.filter(({ m, t }) => t?.status !== 'waiting_agent' && Date.now() - new Date(m.at).getTime() > STALE_MS);
  if (stale.length) await Promise.all(stale.map(({ m }) => unmarkOpenCase(conn, m._id)));
  return found.flatMap(({ t }) => (t?.status === 'waiting_agent' ? [t] : []));
}

/** Markers for every waiting ticket (one pass over the tickets): the repair for an old database. */
export async function backfillOpenCases(conn: Connection): Promise<number> {
  let n = 0;
  for await (const t of conn.collection('tickets').find({ status: 'waiting_agent' }, { projection: { _id: 1 } })) {
    await markOpenCase(conn, String(t._id), new Date());
    n += 1;
  }
  return n;
}
