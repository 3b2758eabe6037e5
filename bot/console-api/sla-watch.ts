import type { Connection } from 'mongoose';
import type { ProcedureConfig } from '../../machines/complaint/types';
import { serviceLevels, type SlaLevel } from '../../machines/rules/service-levels';
import { ticketModel, type SlaAlertKind, type TicketRecord } from '../../models/ticket';
import { recordTicketHistory } from '../../models/ticket-history';
import { waitingTickets } from '../../models/open-cases';
import { agentModel } from '../../models/agent';
import type { BotEvents } from '../events';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics';

export interface SlaAlert {
  code: string;
  level: SlaLevel;
  kind: 'warning' | 'breach';
  due: Date;
  /** Console logins who receive it. */
  to: string[];
}

export interface SlaWatchDeps {
  conn: Connection;
  events: BotEvents;
  clock: () => Date;
  procedure: () => ProcedureConfig;
  log: Logger;
  metrics: Metrics;
}

const KIND: Record<SlaLevel, Record<SlaAlert['kind'], SlaAlertKind>> = {
  firstResponse: { warning: 'firstResponseWarned', breach: 'firstResponseBreached' },
  deadline: { warning: 'deadlineWarned', breach: 'deadlineBreached' },
};

/**
 * Warns the chosen people (config `slaAlertTo`, else every admin) before a waiting case breaches
 * a service level and alerts them at the breach, once each: the alert is marked on the ticket
 * before it is sent, so a restart or a second process does not send it again.
 */
export class SlaWatch {
  private timer?: NodeJS.Timeout;
  private running?: Promise<SlaAlert[]>;

  constructor(private readonly deps: SlaWatchDeps) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.check().catch((err: Error) => this.deps.log.warn({ err: { message: err.message } }, 'service-level check failed')), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass over the waiting cases; returns the alerts it sent. */
  check(): Promise<SlaAlert[]> {
    // One pass at a time: two overlapping passes could both see an alert as not yet sent.
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async recipients(): Promise<string[]> {
    const chosen = this.deps.procedure().slaAlertTo;
    if (chosen.length) return chosen;
    const admins = await agentModel(this.deps.conn).find({ role: 'admin', active: true }, { _id: 1 }).lean();
    return admins.map((a) => a._id);
  }

  private async pass(): Promise<SlaAlert[]> {
    const now = this.deps.clock();
    const warnMs = this.deps.procedure().slaWarningMinutes * 60_000;
    const Ticket = ticketModel(this.deps.conn);
    const tickets = await waitingTickets<TicketRecord>(this.deps.conn);
    const due: Array<Omit<SlaAlert, 'to'> & { mark: SlaAlertKind }> = [];
    for (const t of tickets) {
      for (const s of serviceLevels(t, now, warnMs)) {
        const kind = s.state === 'breached' ? 'breach' : s.state === 'warning' ? 'warning' : undefined;
        if (!kind) continue;
        const mark = KIND[s.level][kind];
        // A breach found without a warning first (the bot was down) still gets its alert.
        if (t.slaAlerts?.[mark]) continue;
        due.push({ code: t.code, level: s.level, kind, due: s.due, mark });
      }
    }
    if (!due.length) return [];
    const to = await this.recipients();
    const sent: SlaAlert[] = [];
    for (const a of due) {
      // Checked on the pass's own read, then written by _id alone: on FerretDB a write filtered on
      // the _id and another field decodes every ticket (seconds at 100,000). Passes in one process
      // take turns; two processes passing in the same instant could both alert.
      const r = await Ticket.updateOne({ _id: a.code }, { $set: { [`slaAlerts.${a.mark}`]: now } });
      if (!r.matchedCount) continue;
      await recordTicketHistory(this.deps.conn, { ticketCode: a.code, at: now, actor: 'bot', action: `sla_${a.kind}`, changes: [{ field: a.level, from: null, to: a.due }] });
      if (a.kind === 'breach') this.deps.metrics.slaBreaches.inc({ level: a.level });
      const alert: SlaAlert = { code: a.code, level: a.level, kind: a.kind, due: a.due, to };
      this.deps.events.emit('sla', alert);
      this.deps.log.info({ ticket: a.code, level: a.level, kind: a.kind }, 'service-level alert');
      sent.push(alert);
    }
    return sent;
  }
}
