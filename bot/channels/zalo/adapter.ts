import type { Activity, TurnContext } from 'botbuilder';
import { UndeliverableError } from '../errors';
import { PlatformAdapter } from '../platform-adapter';
import type { ZaloApi } from './api-client';
import { ZALO, toZaloMessages } from './translate';

/** An OA may answer a user up to 7 days after the user's last interaction. */
export const ZALO_WINDOW_MS = 7 * 24 * 3600_000;

export class ZaloAdapter extends PlatformAdapter<{ api: ZaloApi }> {
  readonly channelId = ZALO;

  protected override async deliver(context: TurnContext, a: Partial<Activity>, sinceCustomerMs: number | undefined): Promise<string> {
    if (sinceCustomerMs !== undefined && sinceCustomerMs > ZALO_WINDOW_MS) {
      // Zalo would refuse (-230); only a paid ZNS template could reach the customer now.
      throw new UndeliverableError(ZALO, 'outside_window', 'more than 7 days since the customer wrote');
    }
    const userId = a.conversation?.id ?? context.activity.conversation.id;
    return this.sendMessages(userId, toZaloMessages(a), (m) => this.deps.api.sendCs(userId, m));
  }
}
