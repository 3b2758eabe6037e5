// The figures of the team lead's report, computed from a lean projection of the tickets (pure:
// the caller reads the rows and gives the clock). Days are Vietnamese calendar days; weeks start
// on Monday.
import { HANDOFF_REASONS, RESOLUTIONS, SITUATIONS, type HandoffReason, type Resolution } from '../../machines/complaint/types';
import { DAY_MS, fromVnLocal, toVnLocal, vnDateKey, vnDayKey, vnDayStartMs, vnWeekday } from '../../machines/rules/vn-time';
import { serviceLevels, type SlaLevel } from '../../machines/rules/service-levels';

import type { ReportRow } from '../../models/report-days';

export type { ReportRow };

/** Step 3's branches (procedure.md), as the outcome of a ticket shows them. */
export const BRANCHES = [
  'A_topup_found',
  'B_used',
  'B_issuer_error',
  'B_customer_error',
  'fraud_review',
  're_verification',
  'card_system_unavailable',
  'refused_article3',
  'other',
  'out_of_scope',
  'undecided',
] as const;
export type BranchKey = (typeof BRANCHES)[number];

const BY_RESOLUTION: Partial<Record<Resolution, BranchKey>> = {
  wrong_account: 'A_topup_found',
  provider_contact: 'A_topup_found',
  provider_investigation: 'A_topup_found',
  used_after_purchase: 'B_used',
  used_before_purchase: 'B_used',
  issuer_error: 'B_issuer_error',
  reenter_code: 'B_customer_error',
  fraud_refused: 'fraud_review',
  expired: 'refused_article3',
  card_shell_invalid: 'refused_article3',
  out_of_scope: 'out_of_scope',
  agent_resolved: 'other',
};
const BY_HANDOFF: Partial<Record<HandoffReason, BranchKey>> = {
  provider_investigation: 'A_topup_found',
  fraud_suspected: 'fraud_review',
  re_verification: 're_verification',
  card_system_unavailable: 'card_system_unavailable',
  other_situation: 'other',
};

/** The handoff reason says which branch sent a case to an agent; otherwise the resolution does. */
export function branchOf(r: Pick<ReportRow, 'resolution' | 'handoffReason'>): BranchKey {
  return BY_HANDOFF[r.handoffReason as HandoffReason] ?? BY_RESOLUTION[r.resolution as Resolution] ?? 'undecided';
}

export interface ReportPeriod {
  /** YYYY-MM-DD, Vietnamese days, both included. */
  from: string;
  to: string;
  group: 'day' | 'week';
}

export interface Distribution {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface SlaFigures {
  /** Cases judged on this level in the period (met + missed + breached). */
  judged: number;
  met: number;
  missed: number;
  /** Still open past due. */
  breached: number;
  /** Open and not yet due. */
  pending: number;
  /** met / judged, 0–1; null without cases. */
  metShare: number | null;
}

export interface Bucket {
  /** First day of the bucket (YYYY-MM-DD). */
  start: string;
  tickets: number;
  bySituation: Record<string, number>;
  byResolution: Record<string, number>;
  /** Cases waiting for an agent at the end of the bucket (or now, for the current one). */
  backlog: number;
}

export interface Report {
  period: ReportPeriod;
  generatedAt: Date;
  tickets: number;
  buckets: Bucket[];
  bySituation: Record<string, number>;
  byResolution: Record<string, number>;
  branches: Record<BranchKey, number>;
  handoffs: number;
  handoffReasons: Record<string, number>;
  sla: Record<SlaLevel, SlaFigures>;
  firstHumanReply: Distribution;
  close: Distribution;
  backlogNow: number;
  csat: { asked: number; answered: number; skipped: number; ratings: Record<'1' | '2' | '3' | '4' | '5', number>; average: number | null; satisfiedShare: number | null };
}

/** No report spans more than this: a longer one is a mistake (or an attempt to load the server). */
export const MAX_REPORT_DAYS = 400;

function bucketStart(ms: number, group: 'day' | 'week'): string {
  const local = toVnLocal(ms);
  if (group === 'day') return vnDateKey(local);
  const back = (vnWeekday(local) + 6) % 7; // Monday = 0
  return vnDayKey(fromVnLocal({ ...local, day: local.day - back, timeOfDayMs: 0 }));
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function distribution(minutes: number[]): Distribution {
  const sorted = [...minutes].sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return { count: sorted.length, medianMinutes: round(percentile(sorted, 0.5)), p90Minutes: round(percentile(sorted, 0.9)) };
}

const ms = (d: Date | undefined) => (d ? new Date(d).getTime() : undefined);

/**
 * The report for tickets created in the period. `rows` may hold more (earlier tickets count in the
 * backlog while they were open).
 */
export function computeReport(rows: readonly ReportRow[], period: ReportPeriod, now: Date, warnMs = 0): Report {
  const fromMs = vnDayStartMs(period.from);
  const toMs = vnDayStartMs(period.to) + DAY_MS;
  const nowMs = now.getTime();
  const buckets = new Map<string, Bucket>();
  const bucketEnds: Array<{ bucket: Bucket; endMs: number }> = [];
  for (let d = fromMs; d < toMs; d += DAY_MS) {
    const start = bucketStart(d, period.group);
    if (!buckets.has(start)) {
      const bucket: Bucket = { start, tickets: 0, bySituation: zeros(SITUATIONS), byResolution: zeros(RESOLUTIONS), backlog: 0 };
      buckets.set(start, bucket);
      const next = period.group === 'day' ? vnDayStartMs(start) + DAY_MS : vnDayStartMs(start) + 7 * DAY_MS;
      bucketEnds.push({ bucket, endMs: Math.min(next, toMs, nowMs) });
    }
  }
  const report: Report = {
    period,
    generatedAt: now,
    tickets: 0,
    buckets: [...buckets.values()],
    bySituation: zeros(SITUATIONS),
    byResolution: zeros(RESOLUTIONS),
    branches: zeros(BRANCHES),
    handoffs: 0,
    handoffReasons: zeros(HANDOFF_REASONS),
    sla: {
      firstResponse: { judged: 0, met: 0, missed: 0, breached: 0, pending: 0, metShare: null },
      deadline: { judged: 0, met: 0, missed: 0, breached: 0, pending: 0, metShare: null },
    },
    firstHumanReply: { count: 0, medianMinutes: null, p90Minutes: null },
    close: { count: 0, medianMinutes: null, p90Minutes: null },
    backlogNow: 0,
    csat: { asked: 0, answered: 0, skipped: 0, ratings: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, average: null, satisfiedShare: null },
  };
  const replyMinutes: number[] = [];
  const closeMinutes: number[] = [];
  let ratingSum = 0;
  for (const r of rows) {
    const created = ms(r.createdAt)!;
    const handed = ms(r.handedOffAt);
    const closed = r.status === 'closed' ? ms(r.closedAt) : undefined;
    if (r.status === 'waiting_agent') report.backlogNow += 1;
    // Backlog at each bucket's end: handed off by then and not yet closed (cancelled never waits).
    if (handed !== undefined && r.status !== 'cancelled') {
      for (const { bucket, endMs } of bucketEnds) {
        if (handed < endMs && (closed === undefined ? r.status === 'waiting_agent' : closed >= endMs)) bucket.backlog += 1;
      }
    }
    if (created < fromMs || created >= toMs) continue;
    report.tickets += 1;
    const bucket = buckets.get(bucketStart(created, period.group))!;
    bucket.tickets += 1;
    if (r.situation && r.situation in report.bySituation) {
      report.bySituation[r.situation] += 1;
      bucket.bySituation[r.situation] += 1;
    }
    if (r.status === 'closed' && r.resolution && r.resolution in report.byResolution) {
      report.byResolution[r.resolution] += 1;
      bucket.byResolution[r.resolution] += 1;
    }
    if (r.status !== 'cancelled') report.branches[branchOf(r)] += 1;
    if (r.handoffReason) {
      report.handoffs += 1;
      if (r.handoffReason in report.handoffReasons) report.handoffReasons[r.handoffReason] += 1;
    }
    for (const s of serviceLevels(r, now, warnMs)) {
      const f = report.sla[s.level];
      if (s.state === 'met') f.met += 1;
      else if (s.state === 'missed') f.missed += 1;
      else if (s.state === 'breached') f.breached += 1;
      else f.pending += 1;
    }
    const reply = ms(r.firstHumanReplyAt);
    if (handed !== undefined && reply !== undefined) replyMinutes.push(Math.max(0, reply - handed) / 60_000);
    if (closed !== undefined) closeMinutes.push(Math.max(0, closed - created) / 60_000);
    if (r.csat?.askedAt) {
      report.csat.asked += 1;
      if (r.csat.skipped) report.csat.skipped += 1;
      const rating = r.csat.rating;
      if (rating && rating >= 1 && rating <= 5) {
        report.csat.answered += 1;
        report.csat.ratings[String(rating) as '1'] += 1;
        ratingSum += rating;
      }
    }
  }
  for (const f of Object.values(report.sla)) {
    f.judged = f.met + f.missed + f.breached;
    f.metShare = f.judged ? f.met / f.judged : null;
  }
  report.firstHumanReply = distribution(replyMinutes);
  report.close = distribution(closeMinutes);
  if (report.csat.answered) {
    report.csat.average = Math.round((ratingSum / report.csat.answered) * 100) / 100;
    report.csat.satisfiedShare = (report.csat.ratings[4] + report.csat.ratings[5]) / report.csat.answered;
  }
  return report;
}
