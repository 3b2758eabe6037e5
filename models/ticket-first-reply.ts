import type { Connection } from 'mongoose';
import { ticketModel, type TicketRecord } from './ticket';
import { refreshReportRow } from './report-days';

/**
 * Records the first message a person sent the customer (a reply or a resolution), once. Returns the
 * handoff time when this call was the first, so the caller can time the first response.
 */
export async function recordFirstHumanReply(conn: Connection, code: string, at: Date): Promise<{ handedOffAt?: Date } | null> {
  const before = await ticketModel(conn)
    .findOneAndUpdate({ _id: code, firstHumanReplyAt: { $exists: false } }, { $set: { firstHumanReplyAt: at } }, { returnDocument: 'before' })
    .lean<TicketRecord>();
  if (!before) return null;
  await refreshReportRow(conn, code);
  return { handedOffAt: before.handedOffAt };
}
