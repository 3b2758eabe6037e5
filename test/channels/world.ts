import { startApp, App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logging/logger';
import { testDatabaseUri } from '../support/database';
import { startIssuer, Issuer } from '../support/issuer';
import { NOW } from '../conversations/harness';
import { startGraphServer, GraphServer } from './graph-server';
import { startZaloServer, ZaloServer } from './zalo-server';
import { TEST_OPS_TOKEN } from '../support/app';

// The bot for real (startApp, a real FerretDB), with the peers it talks to on 127.0.0.1: the
// issuer's card system, Meta's Graph API and Zalo's OpenAPI/OAuth servers. The clock is pinned
// (as in the conversation tests) and moved by tests that cross messaging windows.

export interface ChannelWorld {
  app: App;
  issuer: Issuer;
  graph: GraphServer;
  zalo: ZaloServer;
  clock: { now: Date };
  dbUri: string;
  /** Stops the bot and starts it again on the same database (same peers, same clock). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function channelEnv(graph: GraphServer, zalo: ZaloServer): Record<string, string> {
  return {
    FB_APP_SECRET: graph.appSecret,
    FB_PAGE_ACCESS_TOKEN: graph.token,
    FB_VERIFY_TOKEN: graph.verifyToken,
    FB_GRAPH_URL: graph.url,
    ZALO_APP_ID: zalo.appId,
    ZALO_APP_SECRET: zalo.appSecret,
    ZALO_OA_SECRET_KEY: zalo.oaSecret,
    ZALO_REFRESH_TOKEN: zalo.firstRefreshToken,
    ZALO_API_URL: zalo.url,
    ZALO_OAUTH_URL: zalo.url,
  };
}

export async function startChannelWorld(label: string, env: Record<string, string> = {}): Promise<ChannelWorld> {
  const [issuer, graph, zalo] = await Promise.all([startIssuer(), startGraphServer(), startZaloServer()]);
  const dbUri = await testDatabaseUri(label);
  const clock = { now: NOW };
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: dbUri,
    CARD_SYSTEM_URL: issuer.url,
    CARD_SYSTEM_TIMEOUT_MS: '500',
    OPS_TOKEN: TEST_OPS_TOKEN,
    ...channelEnv(graph, zalo),
    ...env,
  });
  const boot = () => startApp(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { clock: () => clock.now });
  const world: ChannelWorld = {
    app: await boot(),
    issuer,
    graph,
    zalo,
    clock,
    dbUri,
    async restart() {
      await world.app.stop();
      world.app = await boot();
    },
    async close() {
      await world.app.stop();
      await Promise.all([issuer.close(), graph.close(), zalo.close()]);
    },
  };
  return world;
}

/** Turns finished on a channel so far (counted by the app's own metrics). */
export async function turnsDone(app: App, channel: string): Promise<number> {
  const m = await app.metrics.turns.get();
  return m.values.filter((v) => v.labels.channel === channel).reduce((n, v) => n + v.value, 0);
}

/** Waits until `count` turns of `channel` have finished. */
export async function waitForTurns(app: App, channel: string, count: number, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await turnsDone(app, channel)) < count) {
    if (Date.now() > end) throw new Error(`only ${await turnsDone(app, channel)} of ${count} ${channel} turns finished`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
