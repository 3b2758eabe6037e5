import { Schema, type Connection, type Model } from 'mongoose';
import { toVnLocal, vnDateKey } from '../machines/rules/vn-time';
import { inTurn as inTurnOf, inTurnTogether } from './slot-log';

// The reports read tickets by the day they were created. FerretDB on SQLite filters anything but
// `{_id: <string>}` by decoding every document (a ticket is ~1.6 KB), so reading 100,000 tickets
// for a report takes minutes there. Instead every ticket change also writes the ticket's compact
// row into the document of its day (_id "YYYY-MM-DD"); a report reads one document per day by _id.

/** The ticket fields a report reads. */
export interface ReportRow {
  createdAt: Date;
  situation?: string;
  status: string;
  resolution?: string;
  handoffReason?: string;
  handedOffAt?: Date;
  firstResponseDue?: Date;
  firstHumanReplyAt?: Date;
  deadline?: Date;
  closedAt?: Date;
  csat?: { askedAt?: Date; rating?: number; skipped?: boolean };
}

export const REPORT_FIELDS = {
  createdAt: 1, situation: 1, status: 1, resolution: 1, handoffReason: 1, handedOffAt: 1,
  firstResponseDue: 1, firstHumanReplyAt: 1, deadline: 1, closedAt: 1, 'csat.askedAt': 1, 'csat.rating': 1, 'csat.skipped': 1,
} as const;

interface ReportDayDoc {
  _id: string;
  /** Ticket code → the row packed as a JSON array (see pack). */
  rows: Record<string, string>;
}

const schema = new Schema<ReportDayDoc>({ _id: { type: String, required: true }, rows: { type: Schema.Types.Mixed, default: {} } }, { collection: 'report_days', versionKey: false, minimize: false });

export function reportDayModel(conn: Connection): Model<ReportDayDoc> {
  return (conn.models.ReportDay as Model<ReportDayDoc>) ?? conn.model<ReportDayDoc>('ReportDay', schema);
}

const t = (d: Date | string | undefined | null) => (d ? new Date(d).getTime() : 0);
const d = (ms: number) => (ms ? new Date(ms) : undefined);
const s = (v: string | undefined) => v ?? '';
const u = (v: string) => v || undefined;

export function packRow(r: ReportRow): string {
  return JSON.stringify([
    t(r.createdAt), s(r.situation), s(r.status), s(r.resolution), s(r.handoffReason), t(r.handedOffAt), t(r.firstResponseDue),
    t(r.firstHumanReplyAt), t(r.deadline), t(r.closedAt), t(r.csat?.askedAt), r.csat?.rating ?? 0, r.csat?.skipped ? 1 : 0,
  ]);
}

export function unpackRow(text: string): ReportRow {
  const [c, si, st, re, ho, hoa, frd, fhr, dl, cl, ca, ra, sk] = JSON.parse(text) as [number, string, string, string, string, number, number, number, number, number, number, number, number];
  return {
    createdAt: new Date(c),
    situation: u(si),
    status: st,
    resolution: u(re),
    handoffReason: u(ho),
    handedOffAt: d(hoa),
    firstResponseDue: d(frd),
    firstHumanReplyAt: d(fhr),
    deadline: d(dl),
    closedAt: d(cl),
    csat: ca ? { askedAt: new Date(ca), rating: ra || undefined, skipped: sk === 1 || undefined } : undefined,
  };
}

export const reportDayOf = (createdAt: Date | string) => vnDateKey(toVnLocal(new Date(createdAt).getTime()));

// FerretDB's updates are read-then-write: two changes to one day's document at once could lose
// one row, so within a process the writes of a day take turns (on MongoDB $set is atomic anyway).
const inTurn = (conn: Connection, day: string, task: () => Promise<unknown>) => inTurnOf(conn, `report_days|${day}`, task);

/** Writes the ticket's current row into its day (call after any change the reports show). */
export async function refreshReportRow(conn: Connection, code: string): Promise<void> {
  const ticket = await conn.collection('tickets').findOne({ _id: code as never }, { projection: REPORT_FIELDS });
  if (!ticket?.createdAt) return;
  const day = reportDayOf(ticket.createdAt as Date);
  // Every ticket of a day writes into one document: rows that arrive while a write of it is under
  // way go out together in the next one (a later row of the same ticket wins).
  await inTurnTogether(conn, `report_days|${day}`, [`rows.${code}`, packRow(ticket as unknown as ReportRow)] as const, async (rows) => {
    await reportDayModel(conn).updateOne({ _id: day }, { $set: Object.fromEntries(rows) }, { upsert: true });
  });
}

/** The rows of tickets created on these days (one read by _id per day). */
export async function readReportRows(conn: Connection, days: readonly string[]): Promise<ReportRow[]> {
  const out: ReportRow[] = [];
  const Day = reportDayModel(conn);
  for (let i = 0; i < days.length; i += 8) {
    const docs = await Promise.all(days.slice(i, i + 8).map((day) => Day.findById(day).lean<ReportDayDoc>()));
    for (const doc of docs) if (doc) for (const row of Object.values(doc.rows ?? {})) out.push(unpackRow(row));
  }
  return out;
}

/** Rebuilds every day from the tickets (one full read): for a database that has tickets but no days yet. */
export async function rebuildReportDays(conn: Connection): Promise<{ days: number; tickets: number }> {
  const byDay = new Map<string, Record<string, string>>();
  let tickets = 0;
  const cursor = conn.collection('tickets').find({}, { projection: { code: 1, ...REPORT_FIELDS } });
  for await (const ticket of cursor) {
    if (!ticket.createdAt) continue;
    const day = reportDayOf(ticket.createdAt as Date);
    let rows = byDay.get(day);
    if (!rows) byDay.set(day, (rows = {}));
    rows[String(ticket._id)] = packRow(ticket as unknown as ReportRow);
    tickets += 1;
  }
  const Day = reportDayModel(conn);
  for (const [day, rows] of byDay) await inTurn(conn, day, () => Day.replaceOne({ _id: day }, { _id: day, rows }, { upsert: true }));
  return { days: byDay.size, tickets };
}
