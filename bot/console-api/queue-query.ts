import type { Connection } from 'mongoose';
import { ticketModel, type TicketRecord } from '../../models/ticket';
import { waitingTickets } from '../../models/open-cases';
import { caseKeysReady } from '../../models/case-keys';
import { ticketsUnder } from '../../models/ticket-search';
import { conversationModel, type ConversationDoc } from '../../models/conversation';
import { claimId, claimModel, type ClaimDoc } from '../../models/claim';
import { inChunks } from '../../models/slot-log';
import { keptRead } from '../../models/kept-copies';

// The console's reads, each by _id or from the small open_cases collection (models/open-cases.ts):
// FerretDB answers any other filter — `{status}`, `{_id: {$in}}`, `{conversation}` — by decoding
// the whole collection, which at 100,000 tickets took 45-52 s per queue load. When this process
// alone writes the database the documents come from copies it keeps (models/kept-copies.ts).

/** The waiting tickets with their conversations and claims. */
export async function loadQueue(conn: Connection): Promise<{ tickets: TicketRecord[]; convByKey: Map<string, ConversationDoc>; claimById: Map<string, ClaimDoc> }> {
  const tickets = await waitingTickets<TicketRecord>(conn);
  const convKeys = [...new Set(tickets.map((t) => t.conversation).filter((c): c is string => !!c))];
  const Conversation = conversationModel(conn);
  const [convs, claims] = await Promise.all([
    inChunks(convKeys, (key) => keptRead(conn, 'conversations', key, () => Conversation.findById(key).lean<ConversationDoc>().exec())),
    claimsOf(conn, tickets),
  ]);
  return { tickets, convByKey: new Map(convs.map((c) => [c._id, c])), claimById: new Map(claims.map((c) => [c._id, c])) };
}

function claimsOf(conn: Connection, tickets: Array<Pick<TicketRecord, 'code' | 'conversation'>>): Promise<ClaimDoc[]> {
  const Claim = claimModel(conn);
  return inChunks(tickets, (t) => {
    const id = claimId(t.code, t.conversation);
    return keptRead(conn, 'console_claims', id, () => Claim.findById(id).lean<ClaimDoc>().exec());
  });
}

/** Open cases nobody holds and cases an agent holds (/metrics). */
export async function queueCounts(conn: Connection): Promise<{ waiting: number; held: number }> {
  const tickets = await waitingTickets<TicketRecord>(conn);
  const held = (await claimsOf(conn, tickets)).length;
  return { waiting: tickets.length - held, held };
}

// /metrics is scraped every few seconds by every Prometheus: the figure is computed at most this
// often per process, and scrapes in between get the last one.
const OVERDUE_CACHE_MS = 15_000;
const overdueCache = new WeakMap<Connection, { at: number; value: Promise<number> }>();

/** Tickets waiting for an agent past their deadline (cached for OVERDUE_CACHE_MS). */
export function countOverdue(conn: Connection, now: Date): Promise<number> {
  const cached = overdueCache.get(conn);
  if (cached && Date.now() - cached.at < OVERDUE_CACHE_MS) return cached.value;
  const value = waitingTickets<TicketRecord>(conn).then((ts) => ts.filter((t) => t.deadline && new Date(t.deadline) < now).length);
  overdueCache.set(conn, { at: Date.now(), value });
  value.catch(() => overdueCache.delete(conn));
  return value;
}

/** The code of the conversation's newest ticket (its search keys list them in order of creation). */
export async function newestTicketOf(conn: Connection, conversation: string): Promise<string | undefined> {
  if (await caseKeysReady(conn)) {
    const [newest] = await ticketsUnder(conn, 'conv', conversation);
    if (newest) return newest;
  }
  const t = await ticketModel(conn).findOne({ conversation }, { code: 1 }).sort({ createdAt: -1 }).lean<{ code: string }>();
  return t?.code;
}
