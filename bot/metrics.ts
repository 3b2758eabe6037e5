import { Registry, Counter, Gauge, Histogram, collectDefaultMetrics } from 'prom-client';

// One registry per app instance, so tests can run several bots in one process.
export class Metrics {
  readonly registry = new Registry();
  readonly turns = new Counter({
    name: 'bot_turns_total',
    help: 'Customer turns processed, by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly turnSeconds = new Histogram({
    name: 'bot_turn_duration_seconds',
    help: 'Time to process one customer turn (lock wait included)',
    labelNames: ['channel'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly dbCommands = new Counter({
    name: 'db_commands_total',
    help: 'Commands sent to the database, by command name',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });

  /** Counts tickets waiting for an agent past their deadline; set by the agent console. */
  overdueSource?: () => Promise<number>;
  readonly overdueTickets = new Gauge({
    name: 'tickets_overdue',
    help: 'Tickets waiting for an agent past their deadline (3 working days)',
    registers: [this.registry],
    collect: async () => {
      if (this.overdueSource) this.overdueTickets.set(await this.overdueSource().catch(() => Number.NaN));
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
