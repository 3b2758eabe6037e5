// The two service levels a handed-off ticket is held to, judged the same way by the queue, the
// breach alerts, /metrics and the reports:
// - first response: a person answers by `firstResponseDue` (working minutes after the handoff);
// - deadline: a check (third party, re-verification) is closed by `deadline` (3 working days).

export type SlaLevel = 'firstResponse' | 'deadline';
/** pending: due later; warning: due within the warning time; breached: past due, not done; met / missed: done in / out of time. */
export type SlaState = 'pending' | 'warning' | 'breached' | 'met' | 'missed';

export interface SlaTicket {
  status: string;
  firstResponseDue?: Date | string | null;
  firstHumanReplyAt?: Date | string | null;
  deadline?: Date | string | null;
  closedAt?: Date | string | null;
}

export interface SlaStatus {
  level: SlaLevel;
  due: Date;
  state: SlaState;
  /** Milliseconds left (negative once past due) while not done. */
  leftMs?: number;
}

const time = (v: Date | string | null | undefined): number | undefined => {
  if (v === undefined || v === null) return undefined;
  const ms = new Date(v).getTime();
  return Number.isNaN(ms) ? undefined : ms;
};

function judge(level: SlaLevel, dueMs: number, doneMs: number | undefined, open: boolean, nowMs: number, warnMs: number): SlaStatus | undefined {
  const due = new Date(dueMs);
  if (doneMs !== undefined) return { level, due, state: doneMs <= dueMs ? 'met' : 'missed' };
  // Cancelled, or closed before closing times were recorded: nothing to judge.
  if (!open) return undefined;
  const leftMs = dueMs - nowMs;
  return { level, due, leftMs, state: leftMs < 0 ? 'breached' : leftMs <= warnMs ? 'warning' : 'pending' };
}

/** Both levels of one ticket (a level the ticket does not have is left out). */
export function serviceLevels(t: SlaTicket, now: Date, warnMs: number): SlaStatus[] {
  const out: Array<SlaStatus | undefined> = [];
  const nowMs = now.getTime();
  const open = t.status === 'waiting_agent';
  const closedMs = t.status === 'closed' ? time(t.closedAt) : undefined;
  const frDue = time(t.firstResponseDue);
  // Closing the case answers the customer too (a resolution message or the Step 4 confirmation).
  if (frDue !== undefined) out.push(judge('firstResponse', frDue, time(t.firstHumanReplyAt) ?? closedMs, open, nowMs, warnMs));
  const deadline = time(t.deadline);
  if (deadline !== undefined) out.push(judge('deadline', deadline, closedMs, open, nowMs, warnMs));
  return out.filter((s): s is SlaStatus => s !== undefined);
}
