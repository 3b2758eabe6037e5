import type { Connection } from 'mongoose';
import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { ComplaintSession } from '../../dialogs/complaint-session';
import { updateTicket, type TicketChanges } from '../../models/ticket-update';
import type { TicketActor } from '../../models/ticket-history';
import { conversationKey, conversationModel } from '../../models/conversation';
import type { Logger } from '../logging/logger';
import type { Mailer } from '../mail/mailer';
import { ticketFields } from './ticket-fields';
import type { BotEvents } from '../events';
import type { Metrics } from '../metrics';

export interface AfterTurnDeps {
  conn: Connection;
  mailer: Mailer;
  log: Logger;
  events: BotEvents;
  metrics?: Pick<Metrics, 'handoffs' | 'resolutionSeconds'>;
}

/**
 * Brings the ticket and the conversation in line with what the machine decided this turn: the
 * ticket's fields (one write, only when something changed), Step 4 by e-mail when the complaint
 * closed, and the conversation's owner when it went to the agents' queue.
 */
export async function afterComplaintTurn(
  deps: AfterTurnDeps,
  ctx: TurnContext,
  s: ComplaintSession,
  t: TFunction,
  now: Date,
  actor: TicketActor = 'bot',
): Promise<void> {
  const c = s.context;
  if (c.ticketCode) {
    const fields = ticketFields(c);
    const changes: TicketChanges = {};
    const before = s.initial?.ticketCode ? ticketFields(s.initial) : {};
    for (const [k, v] of Object.entries(fields) as Array<[keyof TicketChanges, unknown]>) {
      if (JSON.stringify(v) !== JSON.stringify((before as Record<string, unknown>)[k])) (changes as Record<string, unknown>)[k] = v;
    }
    const closedNow = c.status === 'closed' && s.initial?.status !== 'closed';
    if (closedNow) {
      changes.closedAt = now;
      const since = c.complaintAt ? new Date(c.complaintAt).getTime() : now.getTime();
      deps.metrics?.resolutionSeconds.observe({ by: actor === 'bot' ? 'bot' : 'agent' }, Math.max(0, now.getTime() - since) / 1000);
      changes.confirmation = { chatSentAt: now, ...(await sendConfirmationEmail(deps, s, t)) };
    }
    if (Object.keys(changes).length) {
      await updateTicket(deps.conn, c.ticketCode, changes, actor, now, closedNow ? 'closed' : 'updated');
      deps.events.emit('ticket', { code: c.ticketCode, conversation: conversationKey(ctx.activity.channelId, ctx.activity.conversation.id) });
    }
  }
  if (s.isHandedOff && !s.initiallyHandedOff) {
    deps.metrics?.handoffs.inc({ reason: c.handoffReason ?? 'customer_request' });
    const a = ctx.activity;
    await conversationModel(deps.conn).updateOne(
      { _id: conversationKey(a.channelId, a.conversation.id) },
      { $set: { owner: 'queue' } },
    );
    deps.events.emit('owner', { conversation: conversationKey(a.channelId, a.conversation.id), owner: 'queue' });
  }
}

async function sendConfirmationEmail(
  deps: AfterTurnDeps,
  s: ComplaintSession,
  t: TFunction,
): Promise<TicketChanges['confirmation']> {
  const c = s.context;
  const to = c.fields.email;
  if (!to) return { email: 'not_requested' };
  if (!deps.mailer.configured) return { email: 'not_configured' };
  try {
    await deps.mailer.send({
      to,
      subject: t('email:subject', { ticketCode: c.ticketCode }),
      text: t('email:body', { ticketCode: c.ticketCode, message: s.spoken.join('\n\n') }),
    });
    return { email: 'sent', emailSentAt: new Date() };
  } catch (err) {
    deps.log.warn({ err, ticket: c.ticketCode }, 'confirmation e-mail failed');
    return { email: 'failed', emailError: (err as { code?: string }).code ?? 'error' };
  }
}
