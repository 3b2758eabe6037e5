import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthenticationOptions,
  ConversationState,
  UserState,
  TurnContext,
} from 'botbuilder';
import type { Server } from 'restify';
import { leasesIn, type Config } from './config';
import type { Logger } from './logging/logger';
import { openDatabase, Database } from './database/connect';
import { MongoStorage } from './storage/mongo-storage';
import { conversationModel } from '../models/conversation';
import { transcriptModel } from '../models/transcript';
import { TranscriptMiddleware } from './middleware/transcript';
import { scratchCodeMiddleware } from './middleware/scratch-code';
import { AttachmentFetcher } from './attachments/download';
import { ConversationReferenceMiddleware } from './middleware/conversation-reference';
import { KeyedQueue } from './turn-queue';
import { ConversationLeases, ProcessLeases } from './durability/lease';
import { DurableTurns, inboxTurnOf } from './durability/inbox';
import { StateGuard } from './durability/state-guard';
import { inboxCollection } from '../models/inbox';
import { Metrics } from './metrics';
import { createOpsServer, createServer } from './server';
import { guardActivity } from './http/activity-guard';
import { TimedBotFrameworkAuthentication } from './http/connector-timeout';
import { startLocales, type LocaleService } from './locales/i18n';
import { QpalBot } from './qpal-bot';
import { startCardSystem } from './card-system/setup';
import { createMailer } from './mail/mailer';
import { complaintEffects } from './complaint/effects';
import { readProcedureConfig } from './complaint/procedure-config';
import { findTicketForLookup } from '../models/ticket-lookup';
import { trustKnownEnds } from '../models/slot-log';
import { keepCopies } from '../models/kept-copies';
import { DEFAULT_DENOMINATIONS } from '../dialogs/understanding';
import { randomUUID } from 'node:crypto';
import { AgentDesk, ProactiveAdapter } from './handoff/agent-desk';
import { BotEvents } from './events';
import { registerConsole, type AgentConsole } from './console-api';
import type { ChannelContext } from './channels/context';
import { registerChannels } from './channels';

export interface AppOptions {
  /** The bot's notion of "now" (tests pin it to walk Article 3's boundary). */
  clock?: () => Date;
}

export interface App {
  server: Server;
  url: string;
  port: number;
  /** The internal-only listener of OPS_PORT, when set. */
  opsUrl?: string;
  db: Database;
  adapter: CloudAdapter;
  metrics: Metrics;
  /** Agents' actions reach customers through this. */
  desk: AgentDesk;
  /** Live events of conversations and tickets (agent console). */
  events: BotEvents;
  /** The agent console (its service-level watch and reports). */
  agentConsole: AgentConsole;
  /** The texts, reloaded live from the locale files; `locales.localeStatus()` for the admin area. */
  locales: LocaleService;
  /** Customer messages recorded and answered at least once (tests inspect it). */
  inbox: DurableTurns;
  /** Stops accepting, waits up to `timeoutMs` for turns under way, closes the database. */
  stop(timeoutMs?: number): Promise<void>;
}

function authFromConfig(config: Config): TimedBotFrameworkAuthentication {
  // Without MicrosoftAppId the adapter skips token checks: the Emulator, tests and `npm run chat`.
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType ?? (config.MicrosoftAppId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  // Every connector call (replies, agents' messages) gives up in time: no peer can hold a turn.
  return new TimedBotFrameworkAuthentication(options, config.CONNECTOR_TIMEOUT_MS);
}

export async function startApp(config: Config, log: Logger, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? (() => new Date());
  // First: unusable locale files stop the start with file, key and reason (before the database).
  const locales = startLocales({
    dir: config.LOCALES_DIR,
    log,
    lastGoodFile: path.join(config.DATA_DIR, 'locales-last-good.json'),
  });
  const i18n = locales.i18n;
  const metrics = new Metrics();
  const db = await openDatabase({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR }, log);
  db.embedded?.onChange((up) => up && metrics.databaseRestarts.inc());
  metrics.databaseUpSource = () => db.available();
  metrics.inboxSource = () => inboxCollection(db.connection).estimatedDocumentCount();
  // Turns past their time budget may not write state (see DurableTurns).
  const leases = leasesIn(config, !!db.embedded); // the embedded database is this process's alone
  // With leases in memory this process is the only writer of the bot's state and conversations:
  // reads come from what it last read or wrote (the state of 2,000 conversations at most, the
  // least recently used forgotten first).
  const storage = new StateGuard(new MongoStorage(db.connection, 'botstate', leases === 'process' ? { max: 2000 } : undefined));
  if (leases === 'process') {
    trustKnownEnds(db.connection); // the lists' ends it knows (models/slot-log.ts)
    keepCopies(db.connection, { max: 4000 }); // conversations, and the console queue's tickets and claims (models/kept-copies.ts)
  }
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const events = new BotEvents();
  db.connection.getClient().on('commandStarted', (e) => metrics.dbCommands.inc({ command: e.commandName }));

  const adapter = new CloudAdapter(authFromConfig(config));
  // Set below, once the bot exists; the inbox's middleware runs first in every adapter.
  let durable!: DurableTurns;
  const middleware = [
    scratchCodeMiddleware,
    { onTurn: (ctx: TurnContext, next: () => Promise<void>) => durable.middleware.onTurn(ctx, next) },
    new ConversationReferenceMiddleware(conversationModel(db.connection), clock),
    new TranscriptMiddleware(transcriptModel(db.connection), events, new AttachmentFetcher(db.connection, { allowPrivateHosts: config.ATTACHMENTS_ALLOW_PRIVATE_HOSTS === 'on' })),
  ];
  adapter.use(...middleware);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: error, conversation: context.activity.conversation?.id }, 'turn failed');
    // A recorded message is answered again later: say so once, and only what is true.
    const inbox = inboxTurnOf(context);
    if (inbox && (inbox.attempts > 0 || inbox.expectReplies)) return;
    const lng = /^en/i.test(context.activity.locale ?? '') ? 'en' : 'vi';
    await context.sendActivity(i18n.t(inbox ? 'common:delayed' : 'common:error', { lng })).catch(() => {});
  };

  const procedure = readProcedureConfig(config.PROCEDURE_CONFIG_DIR);
  const cardSystem = await startCardSystem(config, db.connection, clock());
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
  const effectsDeps = { conn: db.connection, cardSystem: cardSystem.client, log };
  const bot = new QpalBot({
    conversationState,
    userState,
    i18n,
    log,
    conn: db.connection,
    mailer,
    events,
    metrics,
    clock,
    ackIntervalMs: 10 * 60_000,
    dialog: {
      effects: (ctx) => complaintEffects(effectsDeps, ctx),
      procedureConfig: () => procedure,
      newComplaintId: () => randomUUID(),
      denominations: DEFAULT_DENOMINATIONS,
      serialPattern: config.SERIAL_PATTERN ? new RegExp(config.SERIAL_PATTERN) : undefined,
      lookup: async (code, phone) => {
        const t = await findTicketForLookup(db.connection, code, phone);
        return t && { code: t.code, status: t.status, resolution: t.resolution, deadline: t.deadline };
      },
    },
  });
  const queue = new KeyedQueue();
  // Channels with their own adapter (Messenger, Zalo) register here; the rest is Bot Framework.
  const channelAdapters = new Map<string, ProactiveAdapter>();
  durable = new DurableTurns({
    conn: db.connection,
    log,
    metrics,
    // In the database when other processes may share it (a dead holder blocks its conversation
    // 10 s at most; holders renew every ttl/3); in memory when this process alone uses it.
    leases: leases === 'process' ? new ProcessLeases() : new ConversationLeases(db.connection, { ttlMs: 10_000 }),
    queue,
    guard: storage,
    appId: config.MicrosoftAppId ?? '',
    logic: (ctx) => bot.run(ctx),
    delayedText: (a) => i18n.t('common:delayed', { lng: /^en/i.test(a.locale ?? '') ? 'en' : 'vi' }),
    available: () => db.available(),
    budgetMs: config.TURN_BUDGET_MS,
    leaseWaitMs: 15_000,
    sweepEveryMs: 5_000,
    staleAfterMs: 10_000,
    callerRetryGraceMs: 120_000,
    retryAfterSeconds: 5,
  });
  // Messages of /api/messages left unanswered are replayed as ordinary (not expectReplies) turns.
  durable.register('*', {
    adapter,
    turn: async (a, logic) => {
      const activity = { ...a, deliveryMode: a.deliveryMode === 'expectReplies' ? 'normal' : a.deliveryMode };
      const sink = { socket: null, status() {}, header() {}, send() {}, end() {} };
      await adapter.process({ method: 'POST', body: activity, headers: {} } as never, sink, logic);
    },
  });
  const desk = new AgentDesk({
    adapterFor: (channelId) => channelAdapters.get(channelId) ?? adapter,
    appId: config.MicrosoftAppId ?? '',
    // Agents' actions take the conversation's lease too: serialised with customer turns in every process.
    queue: { run: (key, task) => durable.lock(key, task) },
    bot,
    conn: db.connection,
  });

  const guard = { authenticated: Boolean(config.MicrosoftAppId), unauthenticated: config.BOT_UNAUTHENTICATED };
  const ready = async () => {
    const ok = db.available() && (await db.ping()) && durable.accepting;
    // Refused locale edits do not make the bot unready: it serves the last good texts.
    const { ok: textsOk, errors, held, version, loadedAt } = locales.localeStatus();
    const texts = { ok: textsOk, errors: errors.slice(0, 50), errorCount: errors.length, held, version, loadedAt };
    const database = durable.accepting || !db.available() ? (ok ? 'ok' : 'unreachable') : 'stopping';
    return { ok, detail: { database, databaseRestarts: db.embedded?.restarts ?? 0, locales: texts } };
  };
  const server = createServer({
    adapter,
    metrics,
    log,
    opsToken: config.OPS_TOKEN,
    handleActivity: async (req, res) => {
      const verdict = guardActivity(req, req.body, guard);
      if (!verdict.ok) {
        log.warn({ code: verdict.code, client: req.socket.remoteAddress }, 'activity refused');
        res.send(verdict.status, { error: verdict.code });
        return;
      }
      await durable.handleApi(req, res, (r, captured, logic) => adapter.process(r, captured, logic));
    },
    ready,
  });
  // The agent console (page /console/, API /console/api/*) on the same server.
  const agentConsole = registerConsole(server, {
    conn: db.connection,
    desk,
    events,
    metrics,
    log,
    clock,
    procedure: () => procedure,
    complaintEffects: effectsDeps,
    serialPattern: config.SERIAL_PATTERN ? new RegExp(config.SERIAL_PATTERN) : undefined,
    texts: (lng, ns) => i18n.getResourceBundle(lng, ns) as Record<string, unknown> | undefined,
    localeStatus: () => locales.localeStatus(),
    live: { total: config.CONSOLE_LIVE_STREAMS, maxBufferBytes: config.CONSOLE_LIVE_BUFFER_BYTES },
    trustedProxies: new Set(config.TRUSTED_PROXIES),
  });

  const channels: ChannelContext = {
    config,
    conn: db.connection,
    log,
    metrics,
    bot,
    middleware,
    inbox: durable,
    registerAdapter: (channelId, channelAdapter) => channelAdapters.set(channelId, channelAdapter),
    clock,
    onTurnError: adapter.onTurnError,
  };
  const channelRoutes = registerChannels(server, channels);

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, () => resolve()));
  const port = (server.address() as AddressInfo).port;
  let opsServer: Server | undefined;
  if (config.OPS_PORT !== undefined) {
    const ops = createOpsServer({ ready, metrics, log });
    await new Promise<void>((resolve) => ops.listen(config.OPS_PORT, config.OPS_HOST, () => resolve()));
    opsServer = ops;
  }
  const url = `http://127.0.0.1:${port}`;
  log.info({ port, database: db.description }, 'bot listening');
  // Answers what earlier runs (or other processes that died) recorded and never answered.
  durable.start();

  return {
    server,
    url,
    port,
    opsUrl: opsServer && `http://127.0.0.1:${(opsServer.address() as AddressInfo).port}`,
    db,
    adapter,
    metrics,
    desk,
    events,
    agentConsole,
    locales,
    inbox: durable,
    async stop(timeoutMs = config.SHUTDOWN_TIMEOUT_MS) {
      // New messages get 503 (platforms deliver again, to this or another process); turns under
      // way finish within the bound, the rest stays in the inbox for the next process.
      const drained = durable.stop(timeoutMs);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const finished = await drained;
      if (!finished) log.warn({ inFlight: durable.inFlight, timeoutMs }, 'stopping with turns unfinished; they stay in the inbox');
      server.server.closeAllConnections();
      await closed;
      locales.close();
      agentConsole.close();
      if (opsServer) await new Promise<void>((resolve) => opsServer.close(() => resolve()));
      await channelRoutes.stop();
      await cardSystem.stop();
      await db.close();
    },
  };
}
