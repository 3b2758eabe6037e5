import { Schema, type Connection, type Model } from 'mongoose';
import { toVnLocal, vnDateKey } from '../machines/rules/vn-time';
import { inTurn as inTurnOf, inTurnTogether } from './slot-log';

// The reports read tickets by the day they were created. FerretDB on SQLite filters anything but
// `{_id: <string>}` by decoding every document (a ticket is ~1.6 KB), so reading 100,000 tickets
// for a report takes minutes there. Instead every ticket change also writes the ticket's compact
// row into a document of its day; a report reads the day's documents by _id.
//
// A day is kept in parts of ROWS_PER_PART tickets (by the number in the code), because FerretDB
// rewrites a whole document on every update, with SQLite's one writer held meanwhile: one row's
// update measured 3.4 ms on a document of 10 rows, 14.8 ms on 300 and 31.7 ms on 600. Part 0 is
// the document "YYYY-MM-DD" (the only one before parts existed, so older days still read whole);
// it lists the other parts of its day, "YYYY-MM-DD#k".

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
  /** Part 0 only: the day's other parts that hold rows. */
  parts?: number[];
}

const schema = new Schema<ReportDayDoc>(
  { _id: { type: String, required: true }, rows: { type: Schema.Types.Mixed, default: {} }, parts: { type: [Number], default: undefined } },
  { collection: 'report_days', versionKey: false, minimize: false },
);

/** Tickets per document of a day (see the top of this file). */
export const ROWS_PER_PART = 64;

const CODE_NUMBER = /-(\d{1,9})$/;

/** Which part of its day a ticket's row goes into, from the number at the end of its code. */
export function reportPartOf(code: string): number {
  const m = CODE_NUMBER.exec(code);
  return m ? Math.floor(Number(m[1]) / ROWS_PER_PART) : 0;
}

const partId = (day: string, part: number) => (part === 0 ? day : `${day}#${part}`);

/** The documents of one day's rows (code → packed row): part 0 first, listing the others. */
export function reportDayDocuments(day: string, rows: Record<string, string>): ReportDayDoc[] {
  const byPart = new Map<number, Record<string, string>>([[0, {}]]);
  for (const [code, row] of Object.entries(rows)) {
    const k = reportPartOf(code);
    let part = byPart.get(k);
    if (!part) byPart.set(k, (part = {}));
    part[code] = row;
  }
  const others = [...byPart.keys()].filter((k) => k > 0).sort((a, b) => a - b);
  return [...byPart].map(([k, part]) => (k === 0 ? { _id: day, rows: part, ...(others.length ? { parts: others } : {}) } : { _id: partId(day, k), rows: part }));
}

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

// FerretDB's updates are read-then-write: two changes to one document at once could lose one row,
// so within a process the writes of a part take turns (on MongoDB $set is atomic anyway).
const inTurn = (conn: Connection, id: string, task: () => Promise<unknown>) => inTurnOf(conn, `report_days|${id}`, task);

type DayWrite = { row: readonly [string, string] } | { part: number };

/** Parts this process has listed in their day's part 0 (listing again is harmless, only a write). */
const listedParts = new WeakMap<Connection, Set<string>>();
const MAX_LISTED = 5_000;

/**
 * One write of a document of the day: the rows and part numbers that arrived while the previous
 * write of the same document was under way go together (a later row of the same ticket wins).
 */
function writeDay(conn: Connection, id: string, item: DayWrite): Promise<void> {
  return inTurnTogether<DayWrite>(conn, `report_days|${id}`, item, async (items) => {
    const rows: Record<string, string> = {};
    const parts: number[] = [];
    for (const it of items) {
      if ('row' in it) rows[`rows.${it.row[0]}`] = it.row[1];
      else parts.push(it.part);
    }
    await reportDayModel(conn).updateOne(
      { _id: id },
      { ...(Object.keys(rows).length ? { $set: rows } : { $setOnInsert: { rows: {} } }), ...(parts.length ? { $addToSet: { parts: { $each: parts } } } : {}) },
      { upsert: true },
    );
  });
}

/** Lists a part in its day's part 0 once per process, before its first row goes in (so no row is unlisted). */
async function listPart(conn: Connection, day: string, part: number): Promise<void> {
  let listed = listedParts.get(conn);
  if (!listed) listedParts.set(conn, (listed = new Set()));
  const id = partId(day, part);
  if (listed.has(id)) return;
  await writeDay(conn, day, { part });
  if (listed.size >= MAX_LISTED) listed.clear();
  listed.add(id);
}

/**
 * Writes the ticket's current row into its day (call after any change the reports show). `ticket`:
 * the ticket as it now stands, when the caller has it (else it is read by code).
 */
export async function refreshReportRow(conn: Connection, code: string, ticket?: Partial<ReportRow> | null): Promise<void> {
  ticket ??= (await conn.collection('tickets').findOne({ _id: code as never }, { projection: REPORT_FIELDS })) as Partial<ReportRow> | null;
  if (!ticket?.createdAt) return;
  const day = reportDayOf(ticket.createdAt as Date);
  const part = reportPartOf(code);
  if (part > 0) await listPart(conn, day, part);
  await writeDay(conn, partId(day, part), { row: [code, packRow(ticket as ReportRow)] });
}

/** The rows of tickets created on these days (by _id: each day's part 0, then its other parts). */
export async function readReportRows(conn: Connection, days: readonly string[]): Promise<ReportRow[]> {
  const Day = reportDayModel(conn);
  const read = async (ids: string[]) => {
    const docs: Array<ReportDayDoc | null> = [];
    for (let i = 0; i < ids.length; i += 8) docs.push(...(await Promise.all(ids.slice(i, i + 8).map((id) => Day.findById(id).lean<ReportDayDoc>()))));
    return docs;
  };
  const firsts = await read([...days]);
  const more = await read(firsts.flatMap((doc) => (doc?.parts ?? []).map((k) => partId(doc!._id, k))));
  // A part's own row wins over one of the same ticket in part 0 (written there before parts existed).
  const rows = new Map<string, string>();
  for (const doc of [...firsts, ...more]) if (doc) for (const [code, row] of Object.entries(doc.rows ?? {})) rows.set(code, row);
  return [...rows.values()].map(unpackRow);
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
  for (const [day, rows] of byDay) {
    for (const doc of reportDayDocuments(day, rows)) await inTurn(conn, doc._id, () => Day.replaceOne({ _id: doc._id }, doc, { upsert: true }));
  }
  return { days: byDay.size, tickets };
}
