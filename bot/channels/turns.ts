import type { Activity } from 'botbuilder';
import type { ChannelContext } from './context';
import type { PlatformAdapter } from './platform-adapter';

/**
 * Webhook messages go through the inbox (bot/durability/inbox.ts): `accept` records them before
 * the webhook answers (if the database is down it throws and the platform gets a 5xx and delivers
 * again); `start` answers the conversation's recorded messages in order after the answer.
 */
export class ChannelTurns {
  constructor(private readonly ctx: ChannelContext) {}

  /** The messages of a delivery seen for the first time, each recorded (throws if none could be). */
  accept<T extends { deliveryId: string; activity: Partial<Activity> }>(channelId: string, items: T[]): Promise<T[]> {
    return this.ctx.inbox.accept(channelId, items);
  }

  /** Answers what is waiting in the conversation of `activity`; a failure is retried from the inbox. */
  start(adapter: PlatformAdapter, activity: Partial<Activity>): void {
    void this.ctx.inbox.drain(adapter.channelId, activity.conversation!.id);
  }
}
