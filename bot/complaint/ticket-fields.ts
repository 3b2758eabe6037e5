import type { ComplaintContext } from '../../machines/complaint/types';
import type { TicketChanges } from '../../models/ticket-update';

/** What of the machine's context is kept on the ticket. */
export function ticketFields(c: ComplaintContext): TicketChanges {
  return {
    situation: c.situation,
    ...c.fields,
    status: c.status,
    resolution: c.resolution,
    handoffReason: c.handoffReason,
    deadline: c.deadline,
    handedOffAt: c.handedOffAt,
    firstResponseDue: c.firstResponseDue,
    fraudSignals: c.fraudSignals,
    findings: c.findings,
    cardSystemError: c.cardSystemError,
  };
}
