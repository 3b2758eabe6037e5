import {
  Activity,
  ActivityTypes,
  BotAdapter,
  ConversationReference,
  ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { ClaimsIdentity } from 'botframework-connector';
import type { Connection } from 'mongoose';
import type { Logger } from '../logging/logger';
import { conversationKey, conversationModel } from '../../models/conversation';
import { transcriptModel } from '../../models/transcript';
import { NumberedChoices } from './choices';
import { UndeliverableError } from './errors';
import { sleep } from './retry';
import type { Metrics } from '../metrics';

const PROACTIVE = Symbol('proactiveTurn');
const SINCE_CUSTOMER = Symbol('sinceCustomerMs');
const UNDELIVERABLE = Symbol('undeliverable');

export interface PlatformAdapterDeps {
  conn: Connection;
  clock: () => Date;
  log: Logger;
  /** Numbered options listed to customers (shared by a channel's adapter and webhook). */
  choices: NumberedChoices;
  /** Counts messages the platform did not take (/metrics). */
  metrics?: Pick<Metrics, 'deliveryFailures'>;
}

type Logic = (context: TurnContext) => Promise<void>;

/**
 * A Bot Framework adapter for a platform we talk to directly (Messenger, Zalo): inbound platform
 * events become activities and run through the same middleware and bot as Bot Framework turns;
 * the bot's messages are sent through the platform's API. Proactive turns (agents' replies,
 * resolutions) start from the stored conversation reference.
 */
/** `Platform` is what one platform's adapter needs besides the common deps (its API client). */
export abstract class PlatformAdapter<Platform extends object = object> extends BotAdapter {
  abstract readonly channelId: string;

  constructor(protected readonly deps: PlatformAdapterDeps & Platform) {
    super();
  }

  /**
   * Sends one message activity; returns the platform's message id. `sinceCustomerMs` is the time
   * since the customer's last message (0 in a turn the customer started; undefined if unknown).
   */
  protected abstract deliver(context: TurnContext, activity: Partial<Activity>, sinceCustomerMs: number | undefined): Promise<string>;

  /**
   * Sends an activity's platform messages in order and remembers its numbered options for the
   * customer's next message; returns the last message's id.
   */
  protected async sendMessages<M>(recipient: string, out: { messages: M[]; numbered?: string[] }, send: (m: M) => Promise<string>): Promise<string> {
    let id = '';
    for (const m of out.messages) id = await send(m);
    if (out.numbered) this.deps.choices.remember(conversationKey(this.channelId, recipient), out.numbered);
    return id;
  }

  /** Shows the customer that the bot is answering (when the platform can). */
  protected async typing(_context: TurnContext): Promise<void> {}

  /** Called before an inbound turn runs (e.g. to start the typing indicator). */
  protected beforeTurn(_context: TurnContext): void {}

  /** Runs the bot for one inbound activity (the caller serialises turns per conversation). */
  async runTurnFor(activity: Partial<Activity>, logic: Logic): Promise<void> {
    const key = conversationKey(this.channelId, activity.conversation!.id);
    if (activity.type === ActivityTypes.Message && typeof activity.text === 'string') {
      activity.text = this.deps.choices.resolve(key, activity.text);
    }
    const context = new TurnContext(this, activity);
    context.turnState.set(SINCE_CUSTOMER, 0);
    this.beforeTurn(context);
    const startedAt = new Date();
    await this.runMiddleware(context, logic);
    await this.markUndeliverable(context, startedAt);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      switch (activity.type) {
        case ActivityTypes.Message:
          responses.push({ id: await this.deliverRecorded(context, activity) });
          break;
        case ActivityTypes.Typing:
          await this.typing(context).catch((err: Error) => this.deps.log.debug({ err }, 'typing indicator failed'));
          responses.push({ id: '' });
          break;
        case 'delay':
          await sleep(typeof activity.value === 'number' ? activity.value : 1000);
          responses.push({ id: '' });
          break;
        default:
          // Events, invoke responses, traces: nothing a platform user can see.
          responses.push({ id: '' });
      }
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error(`${this.channelId} cannot change a message already sent`);
  }

  override async deleteActivity(): Promise<void> {
    throw new Error(`${this.channelId} cannot delete a message already sent`);
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: Logic): Promise<void> {
    await this.continueConversationAsync('', reference, logic);
  }

  /** A proactive turn in the conversation of `reference` (agents' replies, confirmations). */
  override async continueConversationAsync(
    _botAppIdOrClaimsIdentity: string | ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: Logic | string,
    maybeLogic?: Logic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new Error('continueConversationAsync needs a logic function');
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    const context = new TurnContext(this, activity);
    context.turnState.set(PROACTIVE, true);
    const startedAt = new Date();
    await this.runMiddleware(context, logic);
    await this.markUndeliverable(context, startedAt);
  }

  /** Time since the customer's last message, as the bot's clock tells it. */
  private async sinceCustomer(context: TurnContext): Promise<number | undefined> {
    if (context.turnState.has(SINCE_CUSTOMER)) return context.turnState.get(SINCE_CUSTOMER) as number | undefined;
    const a = context.activity;
    const conv = await conversationModel(this.deps.conn)
      .findById(conversationKey(this.channelId, a.conversation.id), { lastInboundAt: 1 })
      .lean()
      .exec();
    const since = conv?.lastInboundAt ? this.deps.clock().getTime() - new Date(conv.lastInboundAt).getTime() : undefined;
    context.turnState.set(SINCE_CUSTOMER, since);
    return since;
  }

  private async deliverRecorded(context: TurnContext, activity: Partial<Activity>): Promise<string> {
    try {
      return await this.deliver(context, activity, await this.sinceCustomer(context));
    } catch (err) {
      this.deps.metrics?.deliveryFailures.inc({ channel: this.channelId, reason: err instanceof UndeliverableError ? err.reason : 'error' });
      if (err instanceof UndeliverableError) {
        const failed = (context.turnState.get(UNDELIVERABLE) as Array<{ text: string; reason: string }> | undefined) ?? [];
        failed.push({ text: activity.text ?? '', reason: err.reason });
        context.turnState.set(UNDELIVERABLE, failed);
        this.deps.log.warn(
          { channel: this.channelId, conversation: context.activity.conversation?.id, reason: err.reason, code: err.code },
          'message undeliverable',
        );
      }
      throw err;
    }
  }

  /**
   * The transcript stores outbound messages at the end of the turn, including one the platform
   * refused; mark those so the console shows them as not delivered.
   */
  private async markUndeliverable(context: TurnContext, since: Date): Promise<void> {
    const failed = context.turnState.get(UNDELIVERABLE) as Array<{ text: string; reason: string }> | undefined;
    if (!failed?.length) return;
    const conversation = conversationKey(this.channelId, context.activity.conversation.id);
    try {
      for (const f of failed) {
        await transcriptModel(this.deps.conn).collection.updateMany(
          { conversation, direction: 'out', text: f.text, at: { $gte: since } },
          { $set: { undeliverable: f.reason } },
        );
      }
    } catch (err) {
      this.deps.log.error({ err, conversation }, 'could not mark an undeliverable message in the transcript');
    }
  }
}
