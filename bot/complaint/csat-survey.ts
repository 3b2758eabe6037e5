import { MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { Connection } from 'mongoose';
import { isNoComment, parseRating } from '../../dialogs/csat';
import { detectCommand } from '../../dialogs/understanding';
import { ticketModel } from '../../models/ticket';
import { refreshReportRow } from '../../models/report-days';
import { recordTicketHistory } from '../../models/ticket-history';
import type { Metrics } from '../metrics';

/** Where the survey of this conversation stands (conversation state). */
export interface CsatState {
  ticketCode: string;
  stage: 'rating' | 'comment';
}

export interface CsatDeps {
  conn: Connection;
  clock: () => Date;
  state: StatePropertyAccessor<CsatState | undefined>;
  metrics?: Pick<Metrics, 'csatRatings'>;
}

const MAX_COMMENT = 1000;

/**
 * The satisfaction question after Step 4: a 1–5 rating (buttons or free text), then an optional
 * comment; skippable at each step and asked once per ticket (the ticket's `csat.askedAt` is set
 * by a conditional write before asking). A message that is not a rating — a greeting, a command,
 * a new complaint — ends the survey and goes on to the complaint dialog, so nothing is lost.
 */
export class CsatSurvey {
  constructor(private readonly deps: CsatDeps) {}

  /** Asks for the rating of a ticket just closed, unless it was asked before. */
  async offer(ctx: TurnContext, ticketCode: string, t: TFunction): Promise<void> {
    const now = this.deps.clock();
    // Read, then written by _id alone: on FerretDB a write whose filter names more than the _id
    // decodes every ticket (0.8 s at 2,000 tickets; the 100,000-ticket bench stalled on it). Offers
    // of one ticket come from turns of its conversation, which run one at a time.
    const Ticket = ticketModel(this.deps.conn);
    const asked = await Ticket.findById(ticketCode, { csat: 1 }).lean();
    if (!asked || asked.csat) return;
    await Ticket.updateOne({ _id: ticketCode }, { $set: { csat: { askedAt: now } } });
    await refreshReportRow(this.deps.conn, ticketCode);
    await this.deps.state.set(ctx, { ticketCode, stage: 'rating' });
    await ctx.sendActivity(MessageFactory.suggestedActions(['1', '2', '3', '4', '5', t('csat:skip')], t('csat:ask', { ticketCode })));
  }

  /** Handles the customer's message when it answers the survey; false = not an answer, carry on. */
  async answer(ctx: TurnContext, t: TFunction): Promise<boolean> {
    const s = await this.deps.state.get(ctx);
    if (!s) return false;
    const text = (ctx.activity.text ?? '').trim();
    if (detectCommand(text)) return this.end(ctx, false);
    if (s.stage === 'rating') {
      const a = parseRating(text);
      if (a.kind === 'skip' || text === t('csat:skip')) {
        await this.store(s.ticketCode, { 'csat.skipped': true }, 'csat_skipped');
        this.deps.metrics?.csatRatings.inc({ rating: 'skipped' });
        await ctx.sendActivity(t('csat:skipped'));
        return this.end(ctx, true);
      }
      if (a.kind === 'rating') {
        await this.store(s.ticketCode, { 'csat.rating': a.value, 'csat.answeredAt': this.deps.clock() }, 'csat_rated');
        this.deps.metrics?.csatRatings.inc({ rating: String(a.value) });
        await this.deps.state.set(ctx, { ticketCode: s.ticketCode, stage: 'comment' });
        await ctx.sendActivity(MessageFactory.suggestedActions([t('csat:skip')], t('csat:askComment', { rating: a.value })));
        return true;
      }
      // Not a rating ("alo", a new complaint): the customer has moved on, and so does the bot.
      return this.end(ctx, false);
    }
    if (isNoComment(text) || text === t('csat:skip')) {
      await ctx.sendActivity(t('csat:thanksNoComment'));
      return this.end(ctx, true);
    }
    await this.store(s.ticketCode, { 'csat.comment': text.normalize('NFC').slice(0, MAX_COMMENT) }, 'csat_comment');
    await ctx.sendActivity(t('csat:thanks'));
    return this.end(ctx, true);
  }

  private async end(ctx: TurnContext, handled: boolean): Promise<boolean> {
    await this.deps.state.delete(ctx);
    return handled;
  }

  private async store(code: string, set: Record<string, unknown>, action: string): Promise<void> {
    const now = this.deps.clock();
    await ticketModel(this.deps.conn).updateOne({ _id: code }, { $set: set });
    await refreshReportRow(this.deps.conn, code);
    await recordTicketHistory(this.deps.conn, {
      ticketCode: code,
      at: now,
      actor: 'customer',
      action,
      changes: Object.entries(set).map(([field, to]) => ({ field, from: null, to })),
    });
  }
}
