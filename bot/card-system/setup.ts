import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { createCardSystemClient, CardSystemClient } from './client';
import { startBuiltInCardSystem } from '../built-in-card-system/server';
import { seedDemoCards } from '../../models/demo-cards';

/**
 * The issuer's card system when CARD_SYSTEM_URL is set; otherwise the same contract served from
 * our database (seeded with demo cards), reached over HTTP like the real one.
 */
export async function startCardSystem(
  config: Config,
  conn: Connection,
  now: Date,
): Promise<{ client: CardSystemClient; url: string; stop(): Promise<void> }> {
  const timeoutMs = config.CARD_SYSTEM_TIMEOUT_MS;
  if (config.CARD_SYSTEM_URL) {
    return {
      client: createCardSystemClient({ url: config.CARD_SYSTEM_URL, token: config.CARD_SYSTEM_TOKEN, timeoutMs }),
      url: config.CARD_SYSTEM_URL,
      stop: async () => {},
    };
  }
  if (config.DEMO_DATA === 'on') await seedDemoCards(conn, now);
  const builtIn = await startBuiltInCardSystem(conn, { token: config.CARD_SYSTEM_TOKEN });
  return {
    client: createCardSystemClient({ url: builtIn.url, token: config.CARD_SYSTEM_TOKEN, timeoutMs }),
    url: builtIn.url,
    stop: () => builtIn.stop(),
  };
}
