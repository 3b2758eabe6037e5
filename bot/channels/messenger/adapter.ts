import type { Activity, TurnContext } from 'botbuilder';
import { UndeliverableError } from '../errors';
import { PlatformAdapter } from '../platform-adapter';
import type { GraphClient, SendEnvelope } from './graph-client';
import { MESSENGER, toGraphMessages } from './translate';

const HOUR = 3600_000;
/** Standard messaging window after the customer's last message. */
export const STANDARD_WINDOW_MS = 24 * HOUR;
/** A human agent may answer up to 7 days after it, with the HUMAN_AGENT tag. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;

const TYPING = Symbol('typing');

/**
 * Which Send API envelope a message gets. Within 24 h of the customer's last message: a plain
 * RESPONSE. After that only a person may write (the HUMAN_AGENT tag, up to 7 days): agents'
 * replies are tagged; the bot's own messages never are, so they are undeliverable.
 */
export function envelopeFor(human: boolean, sinceCustomerMs: number | undefined): SendEnvelope {
  if (sinceCustomerMs === undefined || sinceCustomerMs <= STANDARD_WINDOW_MS) return { messaging_type: 'RESPONSE' };
  if (!human) {
    throw new UndeliverableError(MESSENGER, 'outside_window', 'more than 24 h since the customer wrote; only a person may answer');
  }
  if (sinceCustomerMs > HUMAN_AGENT_WINDOW_MS) {
    throw new UndeliverableError(MESSENGER, 'outside_window', 'more than 7 days since the customer wrote');
  }
  return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
}

export class MessengerAdapter extends PlatformAdapter<{ graph: GraphClient }> {
  readonly channelId = MESSENGER;

  protected override beforeTurn(context: TurnContext): void {
    // The indicator goes out while the bot thinks; the first reply waits for it so it never
    // arrives after the reply (which would leave "typing…" showing).
    context.turnState.set(TYPING, this.typing(context).catch(() => {}));
  }

  protected override async typing(context: TurnContext): Promise<void> {
    await this.deps.graph.senderAction(context.activity.conversation.id, 'typing_on');
  }

  protected override async deliver(context: TurnContext, a: Partial<Activity>, sinceCustomerMs: number | undefined): Promise<string> {
    await (context.turnState.get(TYPING) as Promise<void> | undefined);
    const psid = a.conversation?.id ?? context.activity.conversation.id;
    const human = (a.channelData as { humanAgent?: unknown } | undefined)?.humanAgent === true;
    const envelope = envelopeFor(human, sinceCustomerMs);
    return this.sendMessages(psid, toGraphMessages(a), (m) => this.deps.graph.sendMessage(psid, envelope, m));
  }
}
