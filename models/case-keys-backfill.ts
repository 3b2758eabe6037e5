import type { Connection } from 'mongoose';
import { legacyIndexModel, markCaseKeysReady } from './case-keys';
import { backfillOpenCases } from './open-cases';

/** Lists of entries written before the slot lists, by the field that names their parent. */
const LEGACY = [
  { collection: 'ticket_history', field: 'ticketCode', prefix: 'history' },
  { collection: 'console_notes', field: 'ticketCode', prefix: 'notes' },
  { collection: 'transcripts', field: 'conversation', prefix: 'transcript' },
] as const;

/**
 * Makes an old database's console read by _id (`npm run cases:backfill`): a marker for every
 * waiting ticket, and for each ticket and conversation the list of its entries written before
 * (ObjectId _ids) in `legacy_index`; then marks the database ready. One pass over each
 * collection. Safe to run again and while the bot runs: each list is rebuilt whole, and entries the
 * new version writes are in the slot lists, not here.
 */
export async function backfillCaseKeys(conn: Connection, log: (line: string) => void = () => {}): Promise<void> {
  log(`open cases: ${await backfillOpenCases(conn)} waiting tickets`);
  const Legacy = legacyIndexModel(conn);
  for (const { collection, field, prefix } of LEGACY) {
    const byParent = new Map<string, Array<{ id: unknown; at: number }>>();
    const cursor = conn.collection(collection).find({ _id: { $type: 'objectId' } } as never, { projection: { _id: 1, [field]: 1, at: 1 } });
    let entries = 0;
    for await (const e of cursor) {
      const parent = String(e[field] ?? '');
      if (!parent) continue;
      let list = byParent.get(parent);
      if (!list) byParent.set(parent, (list = []));
      list.push({ id: e._id, at: new Date(e.at as Date).getTime() || 0 });
      entries += 1;
    }
    for (const [parent, list] of byParent) {
      // Oldest first; an ObjectId's order is the order of insertion for entries of one instant.
      list.sort((a, b) => a.at - b.at || String(a.id).localeCompare(String(b.id)));
      await Legacy.replaceOne({ _id: `${prefix}:${parent}` }, { _id: `${prefix}:${parent}`, ids: list.map((x) => x.id) }, { upsert: true });
    }
    log(`${collection}: ${entries} older entries of ${byParent.size} ${field === 'conversation' ? 'conversations' : 'tickets'} listed`);
  }
  await markCaseKeysReady(conn, 'backfill');
}
