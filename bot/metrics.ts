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

  readonly inboxRetries = new Counter({
    name: 'inbox_retries_total',
    help: 'Customer messages whose turn failed or ran out of time and is retried from the inbox',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  readonly databaseRestarts = new Counter({
    name: 'database_restarts_total',
    help: 'Times the embedded database exited and was started again',
    registers: [this.registry],
  });

  /** 1 while the database answers, 0 while it is known to be down; set by the app. */
  databaseUpSource?: () => boolean;
  readonly databaseUp = new Gauge({
    name: 'database_up',
    help: 'Whether the database is reachable (1) or not (0)',
    registers: [this.registry],
    collect: () => {
      if (this.databaseUpSource) this.databaseUp.set(this.databaseUpSource() ? 1 : 0);
    },
  });

  /** Customer messages recorded and not yet answered (all processes); set by the app. */
  inboxSource?: () => Promise<number>;
  readonly inboxPending = new Gauge({
    name: 'inbox_pending',
    help: 'Customer messages recorded but not answered yet (all bot processes on the database)',
    registers: [this.registry],
    collect: async () => {
      if (this.inboxSource) this.inboxPending.set(await this.inboxSource().catch(() => Number.NaN));
    },
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
