import type { Server } from 'restify';
import { pruneDeliveries } from '../../models/processed-delivery';
import { NumberedChoices } from './choices';
import type { ChannelContext } from './context';
import { MessengerAdapter } from './messenger/adapter';
import { GraphClient } from './messenger/graph-client';
import { MESSENGER } from './messenger/translate';
import { MESSENGER_WEBHOOK, registerMessengerWebhook } from './messenger/webhook';
import { captureRawBody } from './raw-body';
import { ChannelTurns } from './turns';
import { ZaloAdapter } from './zalo/adapter';
import { ZaloApi } from './zalo/api-client';
import { parseZaloSignatureFormula } from './zalo/signature';
import { ZaloTokens } from './zalo/tokens';
import { ZALO } from './zalo/translate';
import { ZALO_WEBHOOK, registerZaloWebhook } from './zalo/webhook';

/** Deliveries are remembered this long (Messenger retries for hours, Zalo for up to 12 h). */
export const DELIVERY_RETENTION_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 6 * 3600_000;

export interface RegisteredChannels {
  /** The channels switched on by their settings. */
  names: string[];
  /** Stops the pruning timer (turns are waited for by the inbox). */
  stop(): Promise<void>;
}

/**
 * Routes and adapters of the channels whose settings are present (config.ts refuses a partial
 * set): Messenger at /webhooks/messenger, Zalo OA at /webhooks/zalo. Both feed the same bot,
 * middleware and tickets as /api/messages; agents' replies go back through the adapter of the
 * conversation's channel.
 */
export function registerChannels(server: Server, ctx: ChannelContext): RegisteredChannels {
  const c = ctx.config;
  const turns = new ChannelTurns(ctx);
  const choices = new NumberedChoices();
  const names: string[] = [];
  const paths: string[] = [];
  const base = { conn: ctx.conn, clock: ctx.clock, choices, metrics: ctx.metrics };
  // Every channel joins the same way: the bot's middleware and error handler, its webhook, the
  // adapter agents' replies go through, and the inbox that runs its turns.
  const wire = (name: string, path: string, adapter: MessengerAdapter | ZaloAdapter, webhook: () => void) => {
    adapter.use(...ctx.middleware);
    adapter.onTurnError = ctx.onTurnError;
    webhook();
    ctx.registerAdapter(name, adapter);
    ctx.inbox.register(name, { adapter, turn: (a, logic) => adapter.runTurnFor(a, logic) });
    names.push(name);
    paths.push(path);
  };

  if (c.FB_APP_SECRET && c.FB_PAGE_ACCESS_TOKEN && c.FB_VERIFY_TOKEN) {
    const log = ctx.log.child({ channel: MESSENGER });
    const graph = new GraphClient({ baseUrl: c.FB_GRAPH_URL, pageAccessToken: c.FB_PAGE_ACCESS_TOKEN, appSecret: c.FB_APP_SECRET, log });
    const adapter = new MessengerAdapter({ ...base, log, graph });
    const { FB_APP_SECRET: appSecret, FB_VERIFY_TOKEN: verifyToken } = c;
    wire(MESSENGER, MESSENGER_WEBHOOK, adapter, () =>
      registerMessengerWebhook(server, { ctx, adapter, turns, appSecret, verifyToken, serviceUrl: c.FB_GRAPH_URL }),
    );
  }

  if (c.ZALO_APP_ID && c.ZALO_APP_SECRET && c.ZALO_OA_SECRET_KEY && c.ZALO_REFRESH_TOKEN) {
    const log = ctx.log.child({ channel: ZALO });
    const tokens = new ZaloTokens({
      conn: ctx.conn,
      appId: c.ZALO_APP_ID,
      appSecret: c.ZALO_APP_SECRET,
      oauthUrl: c.ZALO_OAUTH_URL,
      seedRefreshToken: c.ZALO_REFRESH_TOKEN,
      log,
    });
    const api = new ZaloApi({ apiUrl: c.ZALO_API_URL, tokens, log });
    const adapter = new ZaloAdapter({ ...base, log, api });
    const { ZALO_APP_ID: appId, ZALO_OA_SECRET_KEY: oaSecretKey } = c;
    const formula = parseZaloSignatureFormula(c.ZALO_SIGNATURE_FORMULA);
    wire(ZALO, ZALO_WEBHOOK, adapter, () =>
      registerZaloWebhook(server, { ctx, adapter, turns, appId, oaSecretKey, formula, serviceUrl: c.ZALO_API_URL }),
    );
  }

  let timer: NodeJS.Timeout | undefined;
  if (paths.length) {
    captureRawBody(server, paths);
    // FerretDB has no TTL indexes: old delivery ids are removed here instead (every process may
    // run it: deleting what is old is idempotent).
    const prune = () =>
      pruneDeliveries(ctx.conn, new Date(Date.now() - DELIVERY_RETENTION_MS)).catch((err: Error) =>
        ctx.log.warn({ err }, 'could not prune processed deliveries'),
      );
    timer = setInterval(prune, PRUNE_EVERY_MS);
    timer.unref();
    ctx.log.info({ channels: names }, 'channels on');
  }

  return {
    names,
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
}
