import type { Connection } from 'mongoose';
import { writesTogether } from './writes-together';

/**
 * Customer messages accepted but not yet answered: recorded before the platform (or the caller of
 * /api/messages) is told the message was received, removed by the turn that answers it. Whatever
 * is left here after a crash or a database failure is processed again (bot/durability/inbox.ts).
 * Small by design (only unanswered messages), so the per-conversation query that scans on FerretDB
 * stays cheap; declared indexes make it fast on MongoDB.
 */
export interface InboxDoc {
  /** `<channel>:<message id>` (the same key as processed_deliveries). */
  _id: string;
  /** Conversation key (`<channel>:<conversation id>`). */
  conversation: string;
  channelId: string;
  /** The activity as received, JSON text (keys may contain "$" or "."). */
  activity: string;
  /** Platform time of the message (ms): the order in which a conversation's messages are answered. */
  order: number;
  recordedAt: Date;
  /** Turns that started on it and did not finish. */
  attempts: number;
  /** Its replies belong in the HTTP answer to /api/messages (the caller retries on 503). */
  expectReplies?: boolean;
}

export const INBOX_COLLECTION = 'inbox';

export function inboxCollection(conn: Connection) {
  return conn.collection<InboxDoc>(INBOX_COLLECTION);
}

let indexed = new WeakSet<Connection>();
/** Indexes for MongoDB (FerretDB accepts and ignores them for these queries). */
export async function ensureInboxIndexes(conn: Connection): Promise<void> {
  if (indexed.has(conn)) return;
  indexed.add(conn);
  await inboxCollection(conn).createIndex({ conversation: 1, order: 1 }).catch(() => indexed.delete(conn));
  await inboxCollection(conn).createIndex({ recordedAt: 1 }).catch(() => {});
}
export function resetInboxIndexCache(): void {
  indexed = new WeakSet();
}


/** Records a message; false if it is already waiting (a re-delivery). */
export async function recordInbox(conn: Connection, doc: InboxDoc): Promise<boolean> {
  return (await writesTogether<InboxDoc>(conn, INBOX_COLLECTION).insert(doc)) === 'written';
}

export async function pendingOf(conn: Connection, conversation: string): Promise<InboxDoc[]> {
  const docs = await inboxCollection(conn).find({ conversation }).toArray();
  return docs.sort(byOrder);
}

export function byOrder(a: InboxDoc, b: InboxDoc): number {
  return a.order - b.order || new Date(a.recordedAt).getTime() - new Date(b.recordedAt).getTime() || (a._id < b._id ? -1 : 1);
}

export async function inboxEntry(conn: Connection, id: string): Promise<InboxDoc | null> {
  return inboxCollection(conn).findOne({ _id: id });
}

export async function completeInbox(conn: Connection, id: string): Promise<void> {
  await writesTogether<InboxDoc>(conn, INBOX_COLLECTION).delete(id);
}

export async function countAttempt(conn: Connection, id: string): Promise<void> {
  await inboxCollection(conn).updateOne({ _id: id }, { $inc: { attempts: 1 } });
}

/** Entries recorded before `before`: candidates for recovery. */
export async function staleInbox(conn: Connection, before: Date, limit = 500): Promise<InboxDoc[]> {
  const docs = await inboxCollection(conn).find({ recordedAt: { $lt: before } }, { projection: { activity: 0 } }).limit(limit).toArray();
  return docs.sort(byOrder);
}
