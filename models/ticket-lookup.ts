import type { Connection } from 'mongoose';
import { ticketModel, type TicketRecord } from './ticket';
import { normaliseTicketCode } from './ticket-code';

/**
 * The ticket a customer asks about, only when both the code (any case) and the phone (E.164)
 * match; null otherwise, without saying which one was wrong.
 */
export async function findTicketForLookup(conn: Connection, code: string, phone: string): Promise<TicketRecord | null> {
  const canonical = normaliseTicketCode(code);
  if (!canonical || !phone) return null;
  // By _id alone: FerretDB narrows only an _id filter in SQL, any other field means a full scan.
  const ticket = await ticketModel(conn).findById(canonical).lean<TicketRecord>();
  return ticket && ticket.phone === phone ? ticket : null;
}
