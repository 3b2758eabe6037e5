import type { Connection } from 'mongoose';
import { HANDOFF_REASONS, RESOLUTIONS, SITUATIONS, type ProcedureConfig } from '../../machines/complaint/types';
import { readReportRows, rebuildReportDays, reportDayModel } from '../../models/report-days';
import { ApiError } from './errors';
import { BRANCHES, computeReport, MAX_REPORT_DAYS, type Report, type ReportPeriod, type ReportRow } from './report-figures';
import { DAY_MS, vnDayKey, vnDayStartMs } from '../../machines/rules/vn-time';
import type { ConsoleLanguage, TextSource } from './texts';

/** Rows are read again after this long; a report is at most this stale. */
const ROWS_TTL_MS = 30_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Cases created this long before the period still count in its backlog while they wait. */
const BACKLOG_LOOKBACK_DAYS = 31;
/** The report_days document that marks the one-time roll-up of older tickets as done. */
const ROLLED_UP = 'rolled-up';

export interface ReportsDeps {
  conn: Connection;
  clock: () => Date;
  procedure: () => ProcedureConfig;
  texts: TextSource;
}

/**
 * The team lead's reports, from the per-day rows of models/report-days.ts: a report reads one
 * document per day of the period (plus BACKLOG_LOOKBACK_DAYS before it) by _id and computes every
 * figure in memory. A database with tickets but no rows yet (older data) is rolled up once.
 * docs/performance.md has the measured cost on 100,000 tickets.
 */
export class Reports {
  private cache = new Map<string, { at: number; rows: Promise<ReportRow[]> }>();
  private backfill?: Promise<unknown>;

  constructor(private readonly deps: ReportsDeps) {}

  private async ensureRolledUp(): Promise<void> {
    this.backfill ??= (async () => {
      // Rows are written on every ticket change from this version on; tickets recorded before it
      // are rolled up once (the marker says it was done; FerretDB would count by a full read).
      const Day = reportDayModel(this.deps.conn);
      if (await Day.findById(ROLLED_UP).lean()) return;
      await rebuildReportDays(this.deps.conn);
      await Day.updateOne({ _id: ROLLED_UP }, { $set: { rows: {} } }, { upsert: true });
    })().catch((err) => {
      this.backfill = undefined;
      throw err;
    });
    await this.backfill;
  }

  private rows(period: ReportPeriod): Promise<ReportRow[]> {
    const key = `${period.from}/${period.to}`;
    const now = Date.now();
    for (const [k, v] of this.cache) if (now - v.at > ROWS_TTL_MS) this.cache.delete(k);
    let hit = this.cache.get(key);
    if (!hit) {
      const days: string[] = [];
      for (let ms = vnDayStartMs(period.from) - BACKLOG_LOOKBACK_DAYS * DAY_MS; ms <= vnDayStartMs(period.to); ms += DAY_MS) days.push(vnDayKey(ms));
      const rows = this.ensureRolledUp().then(() => readReportRows(this.deps.conn, days));
      hit = { at: now, rows };
      this.cache.set(key, hit);
      rows.catch(() => this.cache.delete(key));
    }
    return hit.rows;
  }

  /** Forget cached rows (tests, or right after a bulk import). */
  invalidate(): void {
    this.cache.clear();
    this.backfill = undefined;
  }

  async report(query: Record<string, unknown>): Promise<Report> {
    const period = parsePeriod(query, this.deps.clock());
    return computeReport(await this.rows(period), period, this.deps.clock(), this.deps.procedure().slaWarningMinutes * 60_000);
  }

  /** The report as CSV (UTF-8 with BOM, so spreadsheet programs read Vietnamese correctly). */
  async csv(query: Record<string, unknown>, lang: ConsoleLanguage): Promise<{ name: string; body: string }> {
    const r = await this.report(query);
    return { name: `qpal-report-${r.period.from}-${r.period.to}.csv`, body: `\uFEFF${toCsv(r, this.label(lang))}` };
  }

  private label(lang: ConsoleLanguage): (key: string) => string {
    const texts = this.deps.texts(lang, 'console') ?? {};
    return (key) => {
      const v = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), texts);
      return typeof v === 'string' ? v : key;
    };
  }
}

/** from/to as YYYY-MM-DD (Vietnamese days, both included); default: the last 7 days up to today. */
export function parsePeriod(query: Record<string, unknown>, now: Date): ReportPeriod {
  const today = vnDayKey(now.getTime());
  const from = typeof query.from === 'string' && query.from ? query.from : vnDayKey(vnDayStartMs(today) - 6 * DAY_MS);
  const to = typeof query.to === 'string' && query.to ? query.to : today;
  const group = query.group === 'week' ? 'week' : 'day';
  if (!DATE.test(from) || !DATE.test(to) || vnDayKey(vnDayStartMs(from)) !== from || vnDayKey(vnDayStartMs(to)) !== to) {
    throw new ApiError(400, 'bad_period');
  }
  const days = (vnDayStartMs(to) - vnDayStartMs(from)) / DAY_MS + 1;
  if (days < 1) throw new ApiError(400, 'bad_period');
  if (days > MAX_REPORT_DAYS) throw new ApiError(400, 'period_too_long', { maxDays: MAX_REPORT_DAYS });
  return { from, to, group };
}

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const pct = (v: number | null) => (v === null ? '' : (Math.round(v * 1000) / 10).toString());

function toCsv(r: Report, t: (key: string) => string): string {
  const lines: string[] = [];
  const row = (...cells: unknown[]) => lines.push(cells.map(cell).join(','));
  row(t('reports.csv.bucket'), t('reports.csv.tickets'), ...SITUATIONS.map((s) => t(`situation.${s}`)), ...RESOLUTIONS.map((s) => t(`resolution.${s}`)), t('reports.csv.backlog'));
  for (const b of r.buckets) row(b.start, b.tickets, ...SITUATIONS.map((s) => b.bySituation[s]), ...RESOLUTIONS.map((s) => b.byResolution[s]), b.backlog);
  lines.push('');
  row(t('reports.csv.metric'), t('reports.csv.value'));
  row(t('reports.csv.period'), `${r.period.from} – ${r.period.to}`);
  row(t('reports.csv.tickets'), r.tickets);
  for (const b of BRANCHES) row(`${t('reports.branches')}: ${t(`reports.branch.${b}`)}`, r.branches[b]);
  for (const h of HANDOFF_REASONS) row(`${t('reports.handoffReasons')}: ${t(`handoffReason.${h}`)}`, r.handoffReasons[h]);
  for (const level of ['firstResponse', 'deadline'] as const) {
    const f = r.sla[level];
    row(`${t(`sla.level.${level}`)}: ${t('reports.slaMetPct')}`, pct(f.metShare));
    row(`${t(`sla.level.${level}`)}: ${t('reports.slaMet')}`, f.met);
    row(`${t(`sla.level.${level}`)}: ${t('reports.slaMissed')}`, f.missed);
    row(`${t(`sla.level.${level}`)}: ${t('reports.slaBreached')}`, f.breached);
    row(`${t(`sla.level.${level}`)}: ${t('reports.slaPending')}`, f.pending);
  }
  row(`${t('reports.firstReply')}: ${t('reports.median')}`, r.firstHumanReply.medianMinutes);
  row(`${t('reports.firstReply')}: ${t('reports.p90')}`, r.firstHumanReply.p90Minutes);
  row(`${t('reports.toClose')}: ${t('reports.median')}`, r.close.medianMinutes);
  row(`${t('reports.toClose')}: ${t('reports.p90')}`, r.close.p90Minutes);
  row(t('reports.backlogNow'), r.backlogNow);
  row(`${t('reports.csat')}: ${t('reports.csatAverage')}`, r.csat.average);
  row(`${t('reports.csat')}: ${t('reports.csatSatisfied')}`, pct(r.csat.satisfiedShare));
  row(`${t('reports.csat')}: ${t('reports.csatAnswered')}`, r.csat.answered);
  row(`${t('reports.csat')}: ${t('reports.csatSkipped')}`, r.csat.skipped);
  for (const n of ['1', '2', '3', '4', '5'] as const) row(`${t('reports.csat')}: ${n}/5`, r.csat.ratings[n]);
  return `${lines.join('\r\n')}\r\n`;
}
