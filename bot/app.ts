import type { AddressInfo } from 'node:net';
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
import { MongoStorage } from '../models/bot-storage';
import { conversationModel } from '../models/conversation';
import { transcriptModel } from '../models/transcript';
import { TranscriptMiddleware } from './middleware/transcript';
import { ConversationReferenceMiddleware } from './middleware/conversation-reference';
import { KeyedQueue } from './turn-queue';
import { Metrics } from './metrics';
import { createServer } from './server';
import { createI18n } from './i18n';
import { QpalBot } from './qpal-bot';
import { startCardSystem } from './card-system/setup';
import { createMailer } from './mail/mailer';
import { complaintEffects } from './complaint/effects';
import { readProcedureConfig } from './complaint/procedure-config';
import { findTicketForLookup } from '../models/ticket';
import { DEFAULT_DENOMINATIONS } from '../dialogs/understanding';
import { randomUUID } from 'node:crypto';
import { AgentDesk } from './handoff/agent-desk';

export interface AppOptions {
  /** The bot's notion of "now" (tests pin it to walk Article 3's boundary). */
  clock?: () => Date;
}

export interface App {
  server: Server;
  url: string;
  port: number;
  db: Database;
  adapter: CloudAdapter;
  metrics: Metrics;
  /** Agents' actions reach customers through this. */
  desk: AgentDesk;
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
  return new ConfigurationBotFrameworkAuthentication(options);
}

export async function startApp(config: Config, log: Logger, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? (() => new Date());
  const db = await openDatabase({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR }, log);
  const storage = new MongoStorage(db.connection);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const i18n = await createI18n();
  const metrics = new Metrics();

  const adapter = new CloudAdapter(authFromConfig(config));
  adapter.use(new ConversationReferenceMiddleware(conversationModel(db.connection)));
  adapter.use(new TranscriptMiddleware(transcriptModel(db.connection)));
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
  const desk = new AgentDesk({ adapter, appId: config.MicrosoftAppId ?? '', queue, bot, conn: db.connection });

  const server = createServer({
    adapter,
    metrics,
    log,
    handleActivity: async (req, res) => {
      const body = (req.body ?? {}) as { channelId?: string; conversation?: { id?: string } };
      const key = `${body.channelId}:${body.conversation?.id}`;
      const channel = String(body.channelId ?? 'unknown');
      const end = metrics.turnSeconds.startTimer({ channel });
      let outcome = 'ok';
      try {
        await queue.run(key, () => adapter.process(req, res, (ctx) => bot.run(ctx)));
      } catch (err) {
        outcome = 'error';
        throw err;
      } finally {
        end();
        metrics.turns.inc({ channel, outcome });
      }
    },
    ready: async () => {
      const ok = await db.ping();
      return { ok, detail: { database: ok ? 'ok' : 'unreachable' } };
    },
  });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log.info({ port, database: db.description }, 'bot listening');

  return {
    server,
    url,
    port,
    db,
    adapter,
    metrics,
    desk,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cardSystem.stop();
      await db.close();
    },
  };
}
