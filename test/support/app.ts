import { startApp, App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logging/logger';
import { sendToBot, Reply, SendOptions } from '../../scripts/bot-client';
import { testDatabaseUri } from './database';

/** The OPS_TOKEN of test apps: /metrics and the detail of /readyz need it. */
export const TEST_OPS_TOKEN = 'test-ops-token-0123456789';
export const opsHeaders = { authorization: `Bearer ${TEST_OPS_TOKEN}` };

export async function startTestApp(env: Record<string, string> = {}, dbUri?: string): Promise<App> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', MONGODB_URI: dbUri ?? (await testDatabaseUri('app')), OPS_TOKEN: TEST_OPS_TOKEN, ...env });
  return startApp(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
}

/** Sends one customer message and returns the texts of the bot's replies. */
export async function say(app: App, conversationId: string, text: string, opts?: SendOptions): Promise<Reply[]> {
  return sendToBot(app.url, conversationId, text, opts);
}
