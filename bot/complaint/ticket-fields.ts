import { TICKET_FACTS, type ComplaintContext, type TicketFacts } from '../../machines/complaint/types';
import type { TicketChanges } from '../../models/ticket-update';

/** What of the machine's context is kept on the ticket (the lists are the machine's). */
export function ticketFields(c: ComplaintContext): TicketChanges {
  // situation first, as the ticket's history lists changes in this order.
  const facts: Record<string, unknown> = { situation: c.situation, ...c.fields };
  for (const k of TICKET_FACTS) facts[k] = c[k];
  return facts as TicketFacts;
}
