// A small set of tickets whose report figures are worked out by hand (in the comments), for the
// reports' API and browser tests. The report period is Monday 16 – Sunday 22 Nov 2026.
import type { Connection } from 'mongoose';
import { backfillOpenCases } from '../../models/open-cases';

const at = (s: string) => new Date(`${s}+07:00`);
let seq = 0;

function ticket(code: string, fields: Record<string, unknown>) {
  seq += 1;
  return {
    _id: code,
    code,
    codeDay: '1611',
    codeSeq: 9000 + seq,
    complaintId: `report-${code}`,
    title: 'Yêu cầu khiếu nại',
    transactionType: 'mua thẻ cào BIT',
    fraudSignals: [],
    confirmation: { phoneCalls: [] },
    updatedAt: fields.createdAt,
    ...fields,
  };
}

export const REPORT_PERIOD = { from: '2026-11-16', to: '2026-11-22' };

export const REPORT_TICKETS = [
  // Bot closes at once (A: provider_contact), 10 min to close, rated 5.
  ticket('KN-1611-9001', { createdAt: at('2026-11-16T09:00:00'), situation: 'success_not_credited', status: 'closed', resolution: 'provider_contact', closedAt: at('2026-11-16T09:10:00'), csat: { askedAt: at('2026-11-16T09:10:00'), rating: 5 } }),
  // Re-verification: first reply after 10 min (met), closed 18/11 before the 19/11 17:30 deadline (met), 2 days to close, rated 4.
  ticket('KN-1611-9002', { createdAt: at('2026-11-16T10:00:00'), situation: 'failed_card_used', status: 'closed', resolution: 'agent_resolved', handoffReason: 're_verification', handedOffAt: at('2026-11-16T10:05:00'), firstResponseDue: at('2026-11-16T10:20:00'), firstHumanReplyAt: at('2026-11-16T10:15:00'), deadline: at('2026-11-19T17:30:00'), closedAt: at('2026-11-18T10:00:00'), csat: { askedAt: at('2026-11-18T10:00:00'), rating: 4 } }),
  // Fraud review: first reply after 30 min (missed), closed 23/11 after the 20/11 deadline (missed), rated 1.
  ticket('KN-1711-9003', { createdAt: at('2026-11-17T14:00:00'), situation: 'failed_card_not_found', status: 'closed', resolution: 'fraud_refused', handoffReason: 'fraud_suspected', handedOffAt: at('2026-11-17T14:02:00'), firstResponseDue: at('2026-11-17T14:17:00'), firstHumanReplyAt: at('2026-11-17T14:32:00'), deadline: at('2026-11-20T17:30:00'), closedAt: at('2026-11-23T09:00:00'), csat: { askedAt: at('2026-11-23T09:00:00'), rating: 1, comment: 'Chậm' } }),
  // Live handoff at night, nobody answered: first response breached, still waiting (backlog).
  ticket('KN-1911-9004', { createdAt: at('2026-11-19T20:00:00'), situation: 'other', status: 'waiting_agent', handoffReason: 'customer_request', handedOffAt: at('2026-11-19T20:00:00'), firstResponseDue: at('2026-11-20T08:15:00') }),
  // Bot closes (B: issuer error) in 5 min; the rating was skipped.
  ticket('KN-2111-9005', { createdAt: at('2026-11-21T11:00:00'), situation: 'failed_card_inactive', status: 'closed', resolution: 'issuer_error', closedAt: at('2026-11-21T11:05:00'), csat: { askedAt: at('2026-11-21T11:05:00'), skipped: true } }),
  // Cancelled by the customer one minute before the period ends: counted, no branch.
  ticket('KN-2211-9006', { createdAt: at('2026-11-22T23:59:00'), situation: 'failed_other', status: 'cancelled' }),
  // Before the period (not counted), but waiting for an agent at the end of 16/11.
  ticket('KN-1511-9007', { createdAt: at('2026-11-15T23:59:00'), situation: 'other', status: 'closed', resolution: 'agent_resolved', handoffReason: 'customer_request', handedOffAt: at('2026-11-15T23:59:00'), firstResponseDue: at('2026-11-16T08:15:00'), firstHumanReplyAt: at('2026-11-16T08:05:00'), closedAt: at('2026-11-17T12:00:00') }),
  // After the period: not counted.
  ticket('KN-2311-9008', { createdAt: at('2026-11-23T00:00:00'), situation: 'failed_other', status: 'closed', resolution: 'reenter_code', closedAt: at('2026-11-23T00:05:00') }),
];

export async function seedReportTickets(conn: Connection): Promise<void> {
  await conn.collection('tickets').insertMany(REPORT_TICKETS as never[]);
  // Written past the models, as an older version's database holds them: the repair path puts the
  // waiting one into the open cases (models/open-cases.ts), as `npm run cases:backfill` does.
  await backfillOpenCases(conn);
}
