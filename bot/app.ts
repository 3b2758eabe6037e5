import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
  ConversationState,
  UserState,
  TurnContext,
} from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from './config';
import type { Logger } from './logging/logger';
import { openDatabase, Database } from './database/connect';
import { MongoStorage } from './storage/mongo-storage';
import { conversationModel } from '../models/conversation';
import { transcriptModel } from '../models/transcript';
import { TranscriptMiddleware } from './middleware/transcript';
import { ConversationReferenceMiddleware } from './middleware/conversation-reference';
import { KeyedQueue } from './turn-queue';
import { Metrics } from './metrics';
import { createOpsServer, createServer } from './server';
import { guardActivity } from './http/activity-guard';
import { connectorTimeoutPolicy } from './http/connector-timeout';
import { startLocales, type LocaleService } from './i18n';
import { QpalBot } from './qpal-bot';
import { startCardSystem } from './card-system/setup';
import { createMailer } from './mail/mailer';
import { complaintEffects } from './complaint/effects';
import { readProcedureConfig } from './complaint/procedure-config';
import { findTicketForLookup } from '../models/ticket';
import { DEFAULT_DENOMINATIONS } from '../dialogs/understanding';
import { randomUUID } from 'node:crypto';
import { AgentDesk, ProactiveAdapter } from './handoff/agent-desk';
import { BotEvents } from './events';
import { registerConsole } from './console';
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
  /** The texts, reloaded live from the locale files; `locales.localeStatus()` for the admin area. */
  locales: LocaleService;
  stop(): Promise<void>;
}

function authFromConfig(config: Config): ConfigurationBotFrameworkAuthentication {
  // Without MicrosoftAppId the adapter skips token checks: the Emulator, tests and `npm run chat`.
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType ?? (config.MicrosoftAppId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  // Every connector call (replies, agents' messages) gives up in time: no peer can hold a turn.
  return new ConfigurationBotFrameworkAuthentication(options, undefined, undefined, undefined, {
    // (The array form: the function form of this SDK adds its signing policy twice.)
    requestPolicyFactories: [connectorTimeoutPolicy(config.CONNECTOR_TIMEOUT_MS)] as never,
  });
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
  const db = await openDatabase({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR }, log);
  const storage = new MongoStorage(db.connection);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const metrics = new Metrics();
  const events = new BotEvents();
  db.connection.getClient().on('commandStarted', (e) => metrics.dbCommands.inc({ command: e.commandName }));

  const adapter = new CloudAdapter(authFromConfig(config));
  const middleware = [
    new ConversationReferenceMiddleware(conversationModel(db.connection), clock),
    new TranscriptMiddleware(transcriptModel(db.connection), events),
  ];
  adapter.use(...middleware);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: error, conversation: context.activity.conversation?.id }, 'turn failed');
    await context.sendActivity(i18n.t('common:error')).catch(() => {});
  };

  const procedure = readProcedureConfig();
  const cardSystem = await startCardSystem(config, db.connection, clock());
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
  const effectsDeps = { conn: db.connection, cardSystem: cardSystem.client, log, fraudWindowHours: 24 };
  const bot = new QpalBot({
    conversationState,
    userState,
    i18n,
    log,
    conn: db.connection,
    mailer,
    events,
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
  const desk = new AgentDesk({
    adapterFor: (channelId) => channelAdapters.get(channelId) ?? adapter,
    appId: config.MicrosoftAppId ?? '',
    queue,
    bot,
    conn: db.connection,
  });

  const runTurn = async (channelId: string, conversationId: string, turn: () => Promise<void>) => {
    const channel = channelId || 'unknown';
    const end = metrics.turnSeconds.startTimer({ channel });
    let outcome = 'ok';
    try {
      await queue.run(`${channelId}:${conversationId}`, turn);
    } catch (err) {
      outcome = 'error';
      throw err;
    } finally {
      end();
      metrics.turns.inc({ channel, outcome });
    }
  };

  const guard = { authenticated: Boolean(config.MicrosoftAppId), unauthenticated: config.BOT_UNAUTHENTICATED };
  const ready = async () => {
      const ok = await db.ping();
      // Refused locale edits do not make the bot unready: it serves the last good texts.
      const { ok: textsOk, errors, held, version, loadedAt } = locales.localeStatus();
      const texts = { ok: textsOk, errors: errors.slice(0, 50), errorCount: errors.length, held, version, loadedAt };
      return { ok, detail: { database: ok ? 'ok' : 'unreachable', locales: texts } };
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
      const body = req.body as { channelId?: string; conversation: { id: string } };
      try {
        await runTurn(String(body.channelId ?? ''), body.conversation.id, () => adapter.process(req, res, (ctx) => bot.run(ctx)));
      } catch (err) {
        log.error({ err }, 'activity failed');
        if (!res.headersSent) res.send(500, { error: 'internal' });
      }
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
    serialPattern: config.SERIAL_PATTERN ? new RegExp(config.SERIAL_PATTERN) : undefined,
    texts: (lng, ns) => i18n.getResourceBundle(lng, ns) as Record<string, unknown> | undefined,
    localeStatus: () => locales.localeStatus(),
  });

  const channels: ChannelContext = {
    config,
    conn: db.connection,
    log,
    metrics,
    bot,
    middleware,
    runTurn,
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
    locales,
    async stop() {
      locales.close();
      agentConsole.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (opsServer) await new Promise<void>((resolve) => opsServer.close(() => resolve()));
      await channelRoutes.stop();
      await cardSystem.stop();
      await db.close();
    },
  };
}
