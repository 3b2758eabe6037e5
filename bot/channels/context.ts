import type { Middleware, TurnContext } from 'botbuilder';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { QpalBot } from '../qpal-bot';
import type { ProactiveAdapter } from '../handoff/agent-desk';
import type { Metrics } from '../metrics';
import type { DurableTurns } from '../durability/inbox';

/** What a channel (Messenger, Zalo, …) gets from the app to feed the same bot and tickets. */
export interface ChannelContext {
  config: Config;
  conn: Connection;
  log: Logger;
  metrics: Metrics;
  bot: QpalBot;
  /** The same middleware every turn runs through (conversation reference and owner, transcript). */
  middleware: Middleware[];
  /** Records customer messages and answers them, once, in order, across processes. */
  inbox: DurableTurns;
  /** Agents' replies and confirmations to conversations of `channelId` go through `adapter`. */
  registerAdapter(channelId: string, adapter: ProactiveAdapter): void;
  /** The bot's notion of "now" (messaging windows are measured with it; tests move it). */
  clock: () => Date;
  /** What a failed turn does (log, apologise to the customer): the same for every channel. */
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
}
