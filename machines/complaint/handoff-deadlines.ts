// Article 5's service levels for a complaint handed to a person, in one place: the machine sets them
// on its context when it hands off (chat and phone complaints alike), and the ticket keeps them.
import { addWorkingDays, addWorkingMinutes } from '../rules/business-calendar';
import type { HandoffReason, ProcedureConfig } from './types';

/**
 * Handoffs where the agent has to check what the bot could not (a third party, the card system, a
 * fraud review) get Article 5's "3 ngày làm việc"; every handoff gets the first-response target.
 */
export const CHECK_REASONS: readonly HandoffReason[] = ['provider_investigation', 're_verification', 'card_system_unavailable', 'fraud_suspected'];

export interface HandoffDeadlines {
  /** ISO instant by which a person answers (working minutes after the handoff). */
  firstResponseDue: string;
  /** ISO instant by which a check is closed: the close of the n-th working day after the complaint. */
  deadline?: string;
}

/** The deadlines of a handoff for `reason`: the check counts from the complaint, the first answer from the handoff. */
export function handoffDeadlines(
  reason: HandoffReason,
  at: { complaintAt: string; handedOffAt: string },
  config: Pick<ProcedureConfig, 'calendar' | 'workingDaysForThirdParty' | 'firstResponseMinutes'>,
): HandoffDeadlines {
  const { calendar, workingDaysForThirdParty, firstResponseMinutes } = config;
  return {
    firstResponseDue: addWorkingMinutes(at.handedOffAt, firstResponseMinutes, calendar),
    deadline: CHECK_REASONS.includes(reason) ? addWorkingDays(at.complaintAt, workingDaysForThirdParty, calendar) : undefined,
  };
}
