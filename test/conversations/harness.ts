import type { App } from '../../bot/app';
import { startApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logging/logger';
import { fold } from '../../machines/text/fold';
import { sendToBot, Reply, SendOptions } from '../../scripts/bot-client';
import { testDatabaseUri } from '../support/database';
import { TEST_OPS_TOKEN } from '../support/app';
import { startIssuer, Issuer } from '../support/issuer';

/** Wednesday 25 Nov 2026, 10:00 in Vietnam: every conversation test runs at this instant. */
export const NOW = new Date('2026-11-25T10:00:00+07:00');
export const DEADLINE_TEXT = '17:30 30/11/2026'; // 3 working days later (Thu, Fri, Mon), at the close of Monday

export interface World {
  app: App;
  issuer: Issuer;
  clock: { now: Date };
  close(): Promise<void>;
}

export async function startWorld(env: Record<string, string> = {}): Promise<World> {
  const issuer = await startIssuer();
  const clock = { now: NOW };
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: await testDatabaseUri('conv'),
    CARD_SYSTEM_URL: issuer.url,
    CARD_SYSTEM_TIMEOUT_MS: '500',
    OPS_TOKEN: TEST_OPS_TOKEN,
    ...env,
  });
  const app = await startApp(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { clock: () => clock.now });
  return {
    app,
    issuer,
    clock,
    async close() {
      await app.stop();
      await issuer.close();
    },
  };
}

export interface Exchange {
  sent: string;
  replies: Reply[];
}

/** Sends each message in turn and keeps what the bot answered to each. */
export async function converse(app: App, conversationId: string, messages: string[], opts?: SendOptions): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for (const sent of messages) out.push({ sent, replies: await sendToBot(app.url, conversationId, sent, opts) });
  return out;
}

export function allText(ex: Exchange[]): string {
  return ex.flatMap((e) => e.replies.map((r) => r.text)).join('\n');
}

export function lastText(ex: Exchange[]): string {
  return ex[ex.length - 1].replies.map((r) => r.text).join('\n');
}

/** How a customer types without a Vietnamese keyboard: no diacritics, lower case. */
export function withoutDiacritics(messages: string[]): string[] {
  return messages.map((m) => fold(m));
}

export async function ticketOf(app: App, conversationId: string): Promise<Record<string, any> | null> {
  return app.db.connection.collection('tickets').findOne({ conversation: `cli:${conversationId}` }, { sort: { createdAt: -1 } });
}

export async function ownerOf(app: App, conversationId: string): Promise<string | undefined> {
  const c = await app.db.connection.collection('conversations').findOne({ _id: `cli:${conversationId}` as never });
  return c?.owner;
}

let phoneSeq = 0;
/** A distinct, valid Vietnamese mobile per complaint, so fraud rules about one customer's many serials stay quiet. */
export function nextPhone(): string {
  phoneSeq += 1;
  return `0912 ${String(100000 + phoneSeq).slice(-6, -3)} ${String(100000 + phoneSeq).slice(-3)}`;
}

let serialSeq = 0;
export function nextSerial(): string {
  serialSeq += 1;
  return `1000${String(7_000_000_000 + serialSeq)}`;
}
