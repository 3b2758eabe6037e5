import type { Connection } from 'mongoose';
import { ticketModel, type TicketRecord } from './ticket';
import { refreshReportRow } from './report-days';
import { inTurn } from './slot-log';

/**
 * Records the first message a person sent the customer (a reply or a resolution), once. Returns the
 * handoff time when this call was the first, so the caller can time the first response.
 */
export function recordFirstHumanReply(conn: Connection, code: string, at: Date): Promise<{ handedOffAt?: Date } | null> {
  // Read, then written by _id alone: on FerretDB a write whose filter names more than the _id
  // decodes every ticket (seconds at 100,000 tickets), and this runs at every reply. Replies to one
  // case take turns in this process; two processes answering one case in the same instant could
  // both count as first (the later time is kept).
  return inTurn(conn, `first-reply|${code}`, async () => {
    const Ticket = ticketModel(conn);
    const before = await Ticket.findById(code, { firstHumanReplyAt: 1, handedOffAt: 1 }).lean<TicketRecord>();
    if (!before || before.firstHumanReplyAt) return null;
    await Ticket.updateOne({ _id: code }, { $set: { firstHumanReplyAt: at } });
    await refreshReportRow(conn, code);
    return { handedOffAt: before.handedOffAt };
  });
}
