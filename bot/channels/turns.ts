import type { Activity } from 'botbuilder';
import type { Connection } from 'mongoose';
import { claimDelivery } from '../../models/processed-delivery';
import type { ChannelContext } from './context';
import type { PlatformAdapter } from './platform-adapter';
import { sleep } from './retry';

/**
 * Keeps the deliveries seen for the first time, recording each (persisted, so a re-delivery
 * after a restart is dropped too). Runs before the webhook answers: if the database is down the
 * platform gets an error and delivers again later instead of the message being lost.
 */
export async function firstDeliveries<T extends { deliveryId: string }>(conn: Connection, channel: string, items: T[]): Promise<T[]> {
  const fresh: T[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.deliveryId)) continue; // the same message twice in one batch
    seen.add(item.deliveryId);
    if (await claimDelivery(conn, channel, item.deliveryId)) fresh.push(item);
  }
  return fresh;
}

/** Bot turns started by webhooks after they answered the platform; `drain` waits for them. */
export class ChannelTurns {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly ctx: ChannelContext) {}

  /** Runs the turn of `activity` in its conversation's order; a failure is logged, not thrown. */
  start(adapter: PlatformAdapter, activity: Partial<Activity>): void {
    const conversationId = activity.conversation!.id;
    const p = this.ctx
      .runTurn(adapter.channelId, conversationId, () => adapter.runTurnFor(activity, (tc) => this.ctx.bot.run(tc)))
      .catch((err: Error) => this.ctx.log.error({ err, channel: adapter.channelId, conversation: conversationId }, 'channel turn failed'));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  get size(): number {
    return this.pending.size;
  }

  /** Waits for the turns under way (at most `timeoutMs`), e.g. before the database closes. */
  async drain(timeoutMs = 10_000): Promise<void> {
    if (!this.pending.size) return;
    await Promise.race([Promise.allSettled([...this.pending]), sleep(timeoutMs)]);
  }
}
