import type { Connection } from 'mongoose';
import { TurnContext } from 'botbuilder';
import type { ComplaintEffects } from '../../dialogs/complaint-session';
import type { ComplaintContext, ComplaintEvent } from '../../machines/complaint/types';
import { createTicket } from '../../models/ticket-create';
import { complaintsNamingSerial, complaintsOfPhone } from '../../models/ticket-fraud-queries';
import { fraudCounts, fraudLookups } from '../../machines/complaint/fraud';
import type { NewTicket, TicketActor } from '../../models/ticket';
import { conversationKey } from '../../models/conversation';
import type { CardSystemCheck, CardSystemClient } from '../card-system/client';
import { CardSystemError } from '../card-system/client';
import type { Logger } from '../logging/logger';
import { ticketFields } from './ticket-fields';

export interface EffectsDeps {
  conn: Connection;
  cardSystem: CardSystemClient;
  log: Logger;
}

/** Where a complaint is made: a chat conversation, or a phone call an agent records. */
export interface ComplaintOrigin {
  channel: string;
  conversation?: string;
  conversationReference?: NewTicket['conversationReference'];
  customerName?: string;
  /** Who records the ticket (the bot in a chat, the agent on the phone). */
  actor?: TicketActor;
}

/** The outside world the complaint machine waits for, bound to one turn's conversation. */
export function complaintEffects(deps: EffectsDeps, ctx: TurnContext): ComplaintEffects {
  const a = ctx.activity;
  return originEffects(deps, {
    channel: a.channelId,
    conversation: conversationKey(a.channelId, a.conversation.id),
    conversationReference: TurnContext.getConversationReference(a),
  });
}

/** The same effects (ticket, card check, fraud counts) for a complaint from `origin`. */
export function originEffects(deps: EffectsDeps, origin: ComplaintOrigin): ComplaintEffects {
  const { conversation, actor, ...where } = origin;
  // The card system is asked while the ticket is being written when the check follows: the answer
  // does not depend on the ticket, and the submit turn, the slowest of a complaint, waits once.
  let early: { serial: string; answer: Promise<CardSystemCheck> } | undefined;
  return {
    async createTicket(c: ComplaintContext, now: Date, next?: { checkCardNext: boolean }) {
      const writing = createTicket(deps.conn, { complaintId: c.complaintId, ...ticketFields(c), ...where, conversation }, now, actor);
      const serial = c.fields.serial;
      if (next?.checkCardNext && serial) {
        // Given the time-out it would have had if asked once the ticket is written: under load the
        // writes can take most of it.
        const answer = deps.cardSystem.check(serial, { clockFrom: writing });
        answer.catch(() => undefined); // read by checkCard; unread if the ticket fails
        early = { serial, answer };
      }
      return { code: (await writing).code };
    },

    async checkCard(c: ComplaintContext, now: Date): Promise<ComplaintEvent> {
      const q = fraudLookups(c, now);
      const asked = early?.serial === q.serial ? early.answer : undefined;
      early = undefined;
      try {
        const [check, namingSerial, ofCustomer] = await Promise.all([
          asked ?? deps.cardSystem.check(q.serial),
          complaintsNamingSerial(deps.conn, q.serial),
          q.customer ? complaintsOfPhone(deps.conn, q.customer) : [],
        ]);
        return {
          type: 'CARD_CHECKED',
          now: now.toISOString(),
          findings: { ...check, ...fraudCounts({ ...c, conversation }, { namingSerial, ofCustomer }), checkedAt: now.toISOString() },
        };
      } catch (err) {
        // Never a guessed result: the machine sends the case to an agent for re-verification.
        const reason = err instanceof CardSystemError ? err.reason : 'internal';
        deps.log.warn({ err, ticket: c.ticketCode, reason }, 'card system check failed');
        return { type: 'CARD_SYSTEM_FAILED', error: reason, now: now.toISOString() };
      }
    },
  };
}
