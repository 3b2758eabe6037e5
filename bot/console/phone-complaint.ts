// A complaint taken on the phone runs the chat's procedure: the same machine, fed the form's facts
// as the chat feeds facts a customer gives early (PREFILL), with the same effects (ticket, card
// check, fraud counts). Only what a customer would type at the screen is answered here (the status
// text, "send it"); a question the records raise (own account? card shell? the serial again?) is
// the agent's to ask on the line, so the machine stops there and the agent holds the case.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { ComplaintSession } from '../../dialogs/complaint-session';
import type { AskField, ComplaintEvent, HandoffReason, ProcedureConfig, Resolution, SayEvent } from '../../machines/complaint/types';
import type { TicketActor } from '../../models/ticket';
import { updateTicket, type TicketChanges } from '../../models/ticket-update';
import { originEffects, type EffectsDeps } from '../complaint/effects';
import { ticketFields } from '../complaint/ticket-fields';
import type { PhoneTicketValues } from './phone-ticket';

export type PhoneOutcome =
  | { kind: 'closed'; resolution: Resolution }
  | { kind: 'handedOff'; reason: HandoffReason; deadline?: string }
  /** The machine waits for the customer's answer to `question`, which the agent asks on the line. */
  | { kind: 'needsAnswer'; question: AskField; says: SayEvent[] };

export interface PhoneComplaint {
  code: string;
  outcome: PhoneOutcome;
  fraudSignals: string[];
  /** The ticket waits for the agent who took the call (handed off, or a question to ask). */
  withAgent: boolean;
}

export interface PhoneComplaintDeps {
  conn: Connection;
  effects: EffectsDeps;
  procedure: ProcedureConfig;
  clock: () => Date;
}

/** What the form answers when the machine asks it (the rest came as PREFILL). */
function formAnswer(field: AskField | undefined, v: PhoneTicketValues) {
  if (field === 'statusText') return v.statusText;
  if (field === 'confirm') return true as const;
  return undefined;
}

export async function runPhoneComplaint(deps: PhoneComplaintDeps, v: PhoneTicketValues, actor: TicketActor): Promise<PhoneComplaint> {
  const now = () => deps.clock().toISOString();
  const s = new ComplaintSession(undefined, () => ({ complaintId: `phone:${randomUUID()}`, config: deps.procedure }), { greet: false });
  // The agent takes complaints about Qpal's BIT cards only: the form has no "is it a BIT card?".
  s.send({
    type: 'PREFILL',
    now: now(),
    answers: {
      situation: v.situation,
      isBitCard: true,
      service: v.service,
      denomination: v.denomination,
      serial: v.serial,
      purchasePlace: v.purchasePlace,
      transactionAt: v.transactionAt,
      phone: v.phone,
      email: v.email,
    },
  });
  const effects = originEffects(deps.effects, { channel: 'phone', customerName: v.customerName, actor });
  for (let i = 0; i < 10; i += 1) {
    await s.settle(effects, deps.clock);
    const field = s.askField;
    const value = formAnswer(field, v);
    if (s.isDone || s.isHandedOff || field === undefined || value === undefined) break;
    s.send({ type: 'ANSWER', field, value, now: now() } as ComplaintEvent);
  }
  const c = s.context;
  if (!c.ticketCode) throw new Error(`phone complaint stopped before its ticket (at ${s.askField ?? 'no question'})`);
  const at = deps.clock();
  const outcome: PhoneOutcome =
    c.status === 'closed'
      ? { kind: 'closed', resolution: c.resolution ?? 'agent_resolved' }
      : s.isHandedOff
        ? { kind: 'handedOff', reason: c.handoffReason ?? 'customer_request', deadline: c.deadline }
        : { kind: 'needsAnswer', question: s.askField ?? 'confirm', says: s.takeSays() };
  const withAgent = outcome.kind !== 'closed';
  // Who called and how to reach them are kept even when the procedure closed before asking them.
  const changes: TicketChanges = { ...ticketFields(c), phone: c.fields.phone ?? v.phone, email: c.fields.email ?? v.email, customerName: v.customerName };
  // The customer is on the line with the agent: what is left of the procedure is in the agent's hands.
  if (withAgent) changes.status = 'waiting_agent';
  if (outcome.kind === 'closed') changes.closedAt = at;
  await updateTicket(deps.conn, c.ticketCode, changes, actor, at);
  return { code: c.ticketCode, outcome, fraudSignals: c.fraudSignals, withAgent };
}
