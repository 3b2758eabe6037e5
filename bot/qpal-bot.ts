import { ActivityHandler, ConversationState, UserState, TurnContext, StatePropertyAccessor } from 'botbuilder';
import { DialogSet, DialogState } from '../dialogs/dialog-kit';
import type { i18n as I18n, TFunction } from 'i18next';
import type { Connection } from 'mongoose';
import type { Logger } from './logging/logger';
import { ComplaintDialog, ComplaintDialogDeps, turnSession } from '../dialogs/complaint-dialog';
import { turnConversation } from './middleware/conversation-reference';
import { afterComplaintTurn } from './complaint/after-turn';
import { CsatSurvey, type CsatState } from './complaint/csat-survey';
import { conversationModel, conversationKey } from '../models/conversation';
import type { Mailer } from './mail/mailer';
import type { BotEvents } from './events';
import type { Metrics } from './metrics';
import type { PersistedComplaint } from '../machines/complaint/persistence';
import type { Resolution } from '../machines/complaint/types';
import { ComplaintSession } from '../dialogs/complaint-session';
import { AUTHOR_KEY, writeTranscriptNow } from './middleware/transcript';
import { ConversationOwnership } from './handoff/ownership';
import { vocabularySource } from '../dialogs/understanding/vocabulary';
import { REFERENCE_LANGUAGE } from './locales/instance';

/** What an agent does in a conversation; it reaches the customer in a proactive turn. */
export type AgentAction =
  | { type: 'reply'; text: string }
  | { type: 'resolve'; resolution: Resolution }
  | { type: 'handBack' };

export interface BotDeps {
  conversationState: ConversationState;
  userState: UserState;
  i18n: I18n;
  log: Logger;
  conn: Connection;
  mailer: Mailer;
  events: BotEvents;
  metrics?: Metrics;
  clock: () => Date;
  dialog: Omit<ComplaintDialogDeps, 'state' | 't' | 'vocabulary' | 'clock'>;
  /** While an agent or the queue owns a conversation, the bot acknowledges at most this often. */
  ackIntervalMs: number;
}

/** vi unless the channel says the customer uses English. */
export function translatorFor(i18n: I18n) {
  return (ctx: TurnContext): TFunction => i18n.getFixedT(languageOf(ctx));
}

function languageOf(ctx: TurnContext): 'en' | 'vi' {
  return /^en/i.test(ctx.activity.locale ?? '') ? 'en' : 'vi';
}

export class QpalBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly complaintState: StatePropertyAccessor<PersistedComplaint | undefined>;
  private readonly dialogs: DialogSet;
  private readonly t: (ctx: TurnContext) => TFunction;
  private readonly csat: CsatSurvey;

  constructor(private readonly deps: BotDeps) {
    super();
    this.t = translatorFor(deps.i18n);
    const vocabularyOf = vocabularySource(deps.i18n, REFERENCE_LANGUAGE);
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.complaintState = deps.conversationState.createProperty<PersistedComplaint | undefined>('complaint');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(new ComplaintDialog({ ...deps.dialog, state: this.complaintState, t: this.t, vocabulary: (ctx) => vocabularyOf(languageOf(ctx)), clock: deps.clock }));
    this.csat = new CsatSurvey({ conn: deps.conn, clock: deps.clock, metrics: deps.metrics, state: deps.conversationState.createProperty<CsatState | undefined>('csat') });

    this.onMessage(async (ctx, next) => {
      const owner = turnConversation(ctx)?.owner ?? 'bot';
      if (owner === 'queue' || owner === 'agent') {
        await this.acknowledgeWhileWaiting(ctx);
      } else {
        // A closed conversation the customer writes to again is the bot's for a new complaint.
        if (owner === 'closed') await this.setOwner(ctx, 'bot');
        // The satisfaction question after Step 4 takes the message when it answers it.
        if (!(await this.csat.answer(ctx, this.t(ctx)))) await this.runComplaint(ctx);
      }
      await next();
    });
  }

  private async runComplaint(ctx: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(ctx);
    const result = await dc.continueDialog();
    if (result.status === 'empty') await dc.beginDialog(ComplaintDialog.id);
    const s = turnSession(ctx);
    if (s) {
      await this.complaintState.set(ctx, s.save());
      await afterComplaintTurn(this.deps, ctx, s, this.t(ctx), this.deps.clock());
      await this.offerCsat(ctx, s, this.t(ctx));
    }
  }

  /** After Step 4 (the complaint closed this turn), the customer may rate the care. */
  private async offerCsat(ctx: TurnContext, s: ComplaintSession, t: TFunction): Promise<void> {
    const c = s.context;
    if (c.ticketCode && c.status === 'closed' && s.initial?.status !== 'closed') await this.csat.offer(ctx, c.ticketCode, t);
  }

  /** A person owns the conversation: the bot does not talk over them, beyond one short note a while. */
  private async acknowledgeWhileWaiting(ctx: TurnContext): Promise<void> {
    const conv = turnConversation(ctx);
    const now = this.deps.clock();
    const last = (conv as { lastAckAt?: Date } | undefined)?.lastAckAt;
    if (last && now.getTime() - new Date(last).getTime() < this.deps.ackIntervalMs) return;
    const a = ctx.activity;
    await conversationModel(this.deps.conn).updateOne(
      { _id: conversationKey(a.channelId, a.conversation.id) },
      { $set: { lastAckAt: now } },
    );
    await ctx.sendActivity(this.t(ctx)('handoff:ack'));
  }

  /**
   * An agent's action, run as a turn of the customer's conversation (the caller serialises it with
   * the customer's own turns). Messages are marked as a person's: the transcript records the agent
   * and channels apply their rules for human replies.
   */
  async agentTurn(ctx: TurnContext, agentId: string, action: AgentAction): Promise<void> {
    ctx.turnState.set(AUTHOR_KEY, `agent:${agentId}`);
    const t = this.t(ctx);
    if (action.type === 'reply') {
      await ctx.sendActivity({ type: 'message', text: action.text, channelData: { humanAgent: true } });
      return;
    }
    const saved = await this.complaintState.get(ctx);
    const s = new ComplaintSession(saved, () => ({
      complaintId: this.deps.dialog.newComplaintId(),
      config: this.deps.dialog.procedureConfig(),
    }));
    const now = this.deps.clock();
    if (action.type === 'resolve') s.send({ type: 'AGENT_RESOLVED', resolution: action.resolution, now: now.toISOString() });
    else s.send({ type: 'HAND_BACK', complaintId: this.deps.dialog.newComplaintId(), now: now.toISOString() });
    await s.speak(ctx, t);
    await this.complaintState.set(ctx, s.save());
    // The dialog that asked before the handoff is over; the next message starts afresh.
    await this.dialogState.delete(ctx);
    await afterComplaintTurn(this.deps, ctx, s, t, now, `agent:${agentId}`);
    // The survey is the bot's question, not the agent's.
    ctx.turnState.set(AUTHOR_KEY, 'bot');
    await this.offerCsat(ctx, s, t);
    await this.setOwner(ctx, action.type === 'resolve' ? 'closed' : 'bot');
    await this.deps.conversationState.saveChanges(ctx, false);
  }

  private async setOwner(ctx: TurnContext, owner: 'bot' | 'closed'): Promise<void> {
    await new ConversationOwnership(this.deps.conn, this.deps.events).toBot(conversationKey(ctx.activity.channelId, ctx.activity.conversation.id), owner);
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    writeTranscriptNow(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }
}
