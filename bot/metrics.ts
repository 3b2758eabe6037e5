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

  readonly webhookStale = new Counter({
    name: 'webhook_stale_events_total',
    help: 'Signed webhook events older than WEBHOOK_MAX_AGE_MINUTES, acknowledged and dropped',
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

  readonly handoffs = new Counter({
    name: 'handoffs_total',
    help: 'Conversations handed to a human agent, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** Counts open cases waiting for a person (nobody holds them) and held by an agent; set by the console. */
  queueSource?: () => Promise<{ waiting: number; held: number }>;
  readonly queueLength = new Gauge({
    name: 'queue_cases',
    help: 'Open cases in the agents\' queue: waiting (nobody holds them) or held (an agent took them)',
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.queueSource) return;
      const q = await this.queueSource().catch(() => ({ waiting: Number.NaN, held: Number.NaN }));
      this.queueLength.set({ state: 'waiting' }, q.waiting);
      this.queueLength.set({ state: 'held' }, q.held);
    },
  });

  readonly firstResponseSeconds = new Histogram({
    name: 'first_response_seconds',
    help: 'From the handoff to the first message a person sent the customer',
    buckets: [60, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600, 72 * 3600],
    registers: [this.registry],
  });

  readonly resolutionSeconds = new Histogram({
    name: 'resolution_seconds',
    help: 'From the complaint to its closing (Step 4), by who closed it',
    labelNames: ['by'] as const,
    buckets: [60, 600, 3600, 4 * 3600, 24 * 3600, 72 * 3600, 7 * 24 * 3600],
    registers: [this.registry],
  });

  readonly slaBreaches = new Counter({
    name: 'sla_breaches_total',
    help: 'Cases that breached a service level (firstResponse: a person answers; deadline: 3 working days)',
    labelNames: ['level'] as const,
    registers: [this.registry],
  });

  readonly deliveryFailures = new Counter({
    name: 'delivery_failures_total',
    help: 'Messages a channel did not deliver, by channel and reason',
    labelNames: ['channel', 'reason'] as const,
    registers: [this.registry],
  });

  readonly csatRatings = new Counter({
    name: 'csat_ratings_total',
    help: 'Satisfaction answers after Step 4, by rating (1-5, or skipped)',
    labelNames: ['rating'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
