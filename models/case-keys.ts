import { Schema, type Connection, type Model } from 'mongoose';
import { inChunks } from './slot-log';
import { isDuplicateKey } from './duplicate-key';

/**
 * Whether this database keeps the console's look-ups by _id: open cases in `open_cases`, each
 * ticket's history, notes and each conversation's transcript as slot lists (models/slot-log.ts),
 * and the entries written before that listed in `legacy_index`. A database that has been written
 * only by this version (it was empty when first seen) is ready at once; an older one becomes ready
 * when `npm run cases:backfill` finished. Until then the console reads as before (correct, but by
 * filters FerretDB answers by scanning), so an old database keeps working.
 */
export const CASE_KEYS_MARK = 'console-keys-v1';

interface MarkDoc {
  _id: string;
  at: Date;
  /** How the database became ready: empty when first seen, or backfilled. */
  how: 'empty' | 'backfill';
}

const markSchema = new Schema<MarkDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true }, how: String }, { collection: 'schema_marks', versionKey: false });

export function schemaMarkModel(conn: Connection): Model<MarkDoc> {
  return (conn.models.SchemaMark as Model<MarkDoc>) ?? conn.model<MarkDoc>('SchemaMark', markSchema);
}

const RECHECK_MS = 30_000;
const state = new WeakMap<Connection, { ready: boolean; checkedAt: number; pending?: Promise<boolean> }>();

/** The collections whose entries the console reads by key; empty ones mean nothing to backfill. */
const KEYED = ['tickets', 'ticket_history', 'transcripts', 'console_notes'];

export function caseKeysReady(conn: Connection): Promise<boolean> {
  const s = state.get(conn);
  if (s?.ready) return Promise.resolve(true);
  if (s?.pending) return s.pending;
  if (s && Date.now() - s.checkedAt < RECHECK_MS) return Promise.resolve(false);
  const pending = check(conn).then(
    (ready) => (state.set(conn, { ready, checkedAt: Date.now() }), ready),
    () => (state.set(conn, { ready: false, checkedAt: Date.now() }), false),
  );
  state.set(conn, { ready: false, checkedAt: Date.now(), pending });
  return pending;
}

async function check(conn: Connection): Promise<boolean> {
  const Mark = schemaMarkModel(conn);
  if (await Mark.findById(CASE_KEYS_MARK).lean()) return true;
  const found = await Promise.all(KEYED.map((c) => conn.collection(c).findOne({}, { projection: { _id: 1 } })));
  if (found.some(Boolean)) return false;
  await markCaseKeysReady(conn, 'empty');
  return true;
}

export async function markCaseKeysReady(conn: Connection, how: MarkDoc['how']): Promise<void> {
  await schemaMarkModel(conn).updateOne({ _id: CASE_KEYS_MARK }, { $setOnInsert: { at: new Date(), how } }, { upsert: true }).catch((err: { code?: number }) => {
    if (!isDuplicateKey(err)) throw err;
  });
  state.set(conn, { ready: true, checkedAt: Date.now() });
}

/** Entries written before the slot lists, by parent (`history:<code>`, `notes:<code>`, `transcript:<conversation>`). */
interface LegacyDoc {
  _id: string;
  /** The entries' _ids, oldest first. */
  ids: unknown[];
}

const legacySchema = new Schema<LegacyDoc>({ _id: { type: String, required: true }, ids: { type: [Schema.Types.Mixed], default: [] } }, { collection: 'legacy_index', versionKey: false });

export function legacyIndexModel(conn: Connection): Model<LegacyDoc> {
  return (conn.models.LegacyIndex as Model<LegacyDoc>) ?? conn.model<LegacyDoc>('LegacyIndex', legacySchema);
}

/** The legacy entries of a parent (none on a database that started with this version). */
export async function legacyEntries<T>(conn: Connection, collection: string, parent: string, projection?: Record<string, 0 | 1>, last?: number): Promise<T[]> {
  const doc = await legacyIndexModel(conn).findById(parent).lean<LegacyDoc>();
  if (!doc?.ids.length) return [];
  const ids = last !== undefined ? doc.ids.slice(-last) : doc.ids;
  const coll = conn.collection(collection);
  return (await inChunks(ids, (id) => coll.findOne({ _id: id as never }, projection ? { projection } : undefined))) as unknown as T[];
}

/** Legacy and listed entries of one parent, oldest first, without their _ids (a stable sort: one instant keeps the written order). */
export function byTimeWithoutIds<T extends { at: Date }>(legacy: T[], listed: T[]): T[] {
  return [...legacy, ...listed]
    .map(({ _id, ...e }: T & { _id?: unknown }) => (void _id, e as unknown as T))
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}
