import type { Connection } from 'mongoose';
import { RESOLUTIONS, type ProcedureConfig, type Resolution } from '../../machines/complaint/types';
import { addWorkingDays, addWorkingMinutes } from '../../machines/rules/business-calendar';
import { ticketHistory, ticketModel, type TicketRecord } from '../../models/ticket';
import { createTicket } from '../../models/ticket-create';
import { recordPhoneCall } from '../../models/ticket-confirmation';
import { serviceLevels, type SlaStatus } from '../../machines/rules/service-levels';
import { firstHumanReply } from './first-reply';
import { recordTicketHistory, type FieldChange } from '../../models/ticket-history';
import { conversationModel, type ConversationDoc } from '../../models/conversation';
import { transcriptModel, type TranscriptEntry } from '../../models/transcript';
import { claimId, claimModel, type ClaimDoc } from '../../models/claim';
import { addNote, ticketNotes } from '../../models/note';
import { conversationTranscript, transcriptEntryId } from '../../models/transcript-log';
import { countOverdue, loadQueue, newestTicketOf, queueCounts } from './queue-query';
import { agentModel } from '../../models/agent';
import { maskPhone } from '../../dialogs/understanding';
import type { AgentDesk } from '../handoff/agent-desk';
import { ConversationOwnership } from '../handoff/ownership';
import type { BotEvents } from '../events';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics';
import { KeyedQueue } from '../turn-queue';
import type { Agent } from './auth';
import { ApiError } from './errors';
import { casePermissions } from './case-permissions';
import { validatePhoneTicket } from './phone-ticket';
import { runPhoneComplaint } from './phone-complaint';
import { phoneOutcomeText } from './phone-outcome-text';
import type { EffectsDeps } from '../complaint/effects';
import { asLanguage, cannedReplies, interpolate, lookup, type ConsoleLanguage, type TextSource } from './texts';
import { closureSays } from '../../machines/complaint/machine';
import { OUTCOME_NS } from '../../machines/complaint/messages';
import { TicketSearch } from './search';
import { isDuplicateKey } from '../../models/duplicate-key';

/** A deadline closer than this is flagged in the queue. */
export const NEAR_DEADLINE_MS = 24 * 60 * 60_000;
const MAX_TEXT = 2000;
const MAX_TRANSCRIPT = 1000;

export type QueueView = 'waiting' | 'mine' | 'all';

export interface QueueItem {
  code: string;
  conversation?: string;
  channel?: string;
  customerName?: string;
  phone?: string;
  situation?: string;
  handoffReason?: string;
  deadline?: Date;
  firstResponseDue?: Date;
  firstHumanReplyAt?: Date;
  /** Both service levels with their state (countdown in the console). */
  sla: SlaStatus[];
  overdue: boolean;
  nearDeadline: boolean;
  owner?: string;
  heldBy?: { id: string; name: string };
  lastInboundAt?: Date;
  createdAt: Date;
}

export interface ConsoleDeps {
  conn: Connection;
  desk: AgentDesk;
  events: BotEvents;
  clock: () => Date;
  procedure: () => ProcedureConfig;
  log: Logger;
  serialPattern?: RegExp;
  texts: TextSource;
  metrics?: Pick<Metrics, 'firstResponseSeconds' | 'deliveryFailures'>;
  /** The chat's effects (ticket, card check, fraud counts), for complaints taken on the phone. */
  complaintEffects: EffectsDeps;
}

function customerNameOf(ticket: TicketRecord, conv?: ConversationDoc | null): string | undefined {
  return ticket.customerName ?? (conv?.reference?.user as { name?: string } | undefined)?.name;
}

function languageOf(conv?: ConversationDoc | null): ConsoleLanguage {
  return /^en/i.test(String((conv?.reference as { locale?: string } | undefined)?.locale ?? '')) ? 'en' : 'vi';
}

/**
 * What agents do with cases. A case is a ticket waiting for an agent; the agent who holds it is the
 * one whose claim document exists (see models/claim.ts). Conversation actions go through the desk,
 * in the conversation's turn order; every action is written to the ticket's history with who/when.
 */
export class ConsoleCases {
  /** Writes to one ticket that FerretDB cannot make atomic ($push of a phone call) take turns. */
  private readonly ticketWrites = new KeyedQueue();

  readonly search: TicketSearch;
  private readonly ownership: ConversationOwnership;

  constructor(private readonly deps: ConsoleDeps) {
    this.search = new TicketSearch(deps.conn, deps.serialPattern);
    this.ownership = new ConversationOwnership(deps.conn, deps.events);
  }

  private get conn() {
    return this.deps.conn;
  }

  async overdueCount(): Promise<number> {
    return countOverdue(this.conn, this.deps.clock());
  }

  /** Open cases nobody holds and cases an agent holds (/metrics). */
  async queueLength(): Promise<{ waiting: number; held: number }> {
    return queueCounts(this.conn);
  }

  async queue(agent: Agent, view: QueueView): Promise<QueueItem[]> {
    const now = this.deps.clock().getTime();
    const { tickets, convByKey, claimById } = await loadQueue(this.conn);
    const items: QueueItem[] = tickets.map((t) => {
      const conv = t.conversation ? convByKey.get(t.conversation) : undefined;
      const claim = claimById.get(claimId(t.code, t.conversation));
      const deadline = t.deadline ? new Date(t.deadline) : undefined;
      const sla = serviceLevels(t, new Date(now), this.deps.procedure().slaWarningMinutes * 60_000);
      return {
        code: t.code,
        conversation: t.conversation,
        channel: t.channel,
        customerName: customerNameOf(t, conv),
        phone: t.phone ? maskPhone(t.phone) : undefined,
        situation: t.situation,
        handoffReason: t.handoffReason,
        deadline,
        firstResponseDue: t.firstResponseDue,
        firstHumanReplyAt: t.firstHumanReplyAt,
        sla,
        // Past the deadline, or a first answer still owed past its target.
        overdue: sla.some((s) => s.state === 'breached'),
        nearDeadline: !!deadline && deadline.getTime() >= now && deadline.getTime() - now < NEAR_DEADLINE_MS,
        owner: conv?.owner,
        heldBy: claim ? { id: claim.agentId, name: claim.agentName } : undefined,
        lastInboundAt: conv?.lastInboundAt,
        createdAt: t.createdAt,
      };
    });
    const shown = items.filter((i) => (view === 'waiting' ? !i.heldBy : view === 'mine' ? i.heldBy?.id === agent.id : true));
    // Earliest due first (a first answer still owed, else the deadline): overdue cases lead; none last.
    const key = (i: QueueItem) =>
      Math.min(Number.MAX_SAFE_INTEGER, ...i.sla.filter((s) => s.leftMs !== undefined).map((s) => s.due.getTime()));
    return shown.sort((a, b) => key(a) - key(b) || a.createdAt.getTime() - b.createdAt.getTime());
  }

  /**
   * What the console's header and notifications need after every live change: how many cases each
   * tab holds, and which cases wait and which this agent holds (a new code in either is new work).
   */
  async summary(agent: Agent): Promise<{ counts: Record<QueueView, number>; waiting: string[]; mine: Array<{ code: string; conversation?: string }> }> {
    const all = await this.queue(agent, 'all');
    const waiting = all.filter((i) => !i.heldBy);
    const mine = all.filter((i) => i.heldBy?.id === agent.id);
    return {
      counts: { waiting: waiting.length, mine: mine.length, all: all.length },
      waiting: waiting.map((i) => i.code),
      mine: mine.map((i) => ({ code: i.code, conversation: i.conversation })),
    };
  }

  private async ticket(code: string): Promise<TicketRecord> {
    const t = await ticketModel(this.conn).findById(String(code).toUpperCase()).lean<TicketRecord>();
    if (!t) throw new ApiError(404, 'not_found');
    return t;
  }

  private async claimOf(t: TicketRecord): Promise<ClaimDoc | null> {
    return claimModel(this.conn).findById(claimId(t.code, t.conversation)).lean<ClaimDoc>();
  }

  /**
   * The conversation is in this ticket's hand-off: a person owns it (queue or agent) and no newer
   * complaint of the conversation has its own ticket.
   */
  private async liveConversation(t: TicketRecord): Promise<ConversationDoc | null> {
    if (!t.conversation) return null;
    const conv = await conversationModel(this.conn).findById(t.conversation).lean<ConversationDoc>();
    if (!conv || (conv.owner !== 'queue' && conv.owner !== 'agent')) return null;
    return (await newestTicketOf(this.conn, t.conversation)) === t.code ? conv : null;
  }

  private async history(code: string, agent: Agent, action: string, changes: FieldChange[] = []): Promise<void> {
    await recordTicketHistory(this.conn, { ticketCode: code, at: this.deps.clock(), actor: `agent:${agent.id}`, action, changes });
  }

  private changed(t: TicketRecord, ownerChange?: { owner: 'queue' | 'agent'; agentId?: string }): void {
    if (t.conversation && ownerChange) this.ownership.announce(t.conversation, ownerChange.owner, ownerChange.agentId);
    this.deps.events.emit('ticket', { code: t.code, conversation: t.conversation });
  }

  async view(agent: Agent, code: string) {
    const t = await this.ticket(code);
    const [claim, history, notes, live, conv, related, transcript] = await Promise.all([
      this.claimOf(t),
      ticketHistory(this.conn, t.code),
      ticketNotes(this.conn, t.code),
      this.liveConversation(t),
      t.conversation ? conversationModel(this.conn).findById(t.conversation).lean<ConversationDoc>() : null,
      this.search.related(t),
      // The latest messages when a conversation is very long.
      t.conversation
        ? conversationTranscript(this.conn, t.conversation, MAX_TRANSCRIPT, { conversation: 1, direction: 1, author: 1, text: 1, choices: 1, attachments: 1, files: 1, delivery: 1, deliveryError: 1, agentReply: 1, at: 1 })
        : [],
    ]);
    const agentIds = new Set<string>();
    for (const e of transcript) if (e.author.startsWith('agent:')) agentIds.add(e.author.slice(6));
    for (const h of history) if (h.actor.startsWith('agent:')) agentIds.add(h.actor.slice(6));
    const agents = Object.fromEntries(
      (await agentModel(this.conn).find({ _id: { $in: [...agentIds] } }, { displayName: 1 }).lean()).map((a) => [a._id, a.displayName]),
    );
    const customerName = customerNameOf(t, conv);
    const { conversationReference: _ref, ...ticket } = t;
    void _ref;
    return {
      ticket,
      sla: serviceLevels(t, this.deps.clock(), this.deps.procedure().slaWarningMinutes * 60_000),
      customerName,
      conversation: conv ? { key: conv._id, channel: conv.channelId, owner: conv.owner, agentId: conv.agentId, live: !!live } : null,
      heldBy: claim ? { id: claim.agentId, name: claim.agentName, at: claim.at } : null,
      related,
      transcript,
      history,
      notes,
      agents,
      step4: this.step4Texts(t, languageOf(conv)),
      // Where each finished complaint of this chat ends, so the transcript can separate them.
      complaintEnds: [t, ...related]
        .filter((x) => x.conversation === t.conversation && (x.status === 'closed' || x.status === 'cancelled'))
        .map((x) => ({ code: x.code, status: x.status, at: lastMention(transcript, x.code) }))
        .filter((x) => x.at),
      canned: cannedReplies(this.deps.texts, languageOf(conv), { ticketCode: t.code, deadline: t.deadline ? new Date(t.deadline) : undefined, customerName }),
      can: casePermissions(agent, {
        status: t.status,
        fromChat: !!t.conversation,
        live: live ? { owner: live.owner as 'queue' | 'agent', agentId: live.agentId } : null,
        takenBy: claim?.agentId,
      }),
    };
  }

  /** For the resolve form: what the customer reads in the chat for each resolution (Step 4). */
  private step4Texts(t: TicketRecord, lng: ConsoleLanguage): Record<string, string[]> {
    const outcome = this.deps.texts(lng, OUTCOME_NS);
    const out: Record<string, string[]> = {};
    for (const r of RESOLUTIONS) {
      out[r] = closureSays(r, t.code, this.deps.procedure()).map((s) => {
        const text = lookup(outcome, s.key.replace(`${OUTCOME_NS}:`, ''));
        return typeof text === 'string' ? interpolate(text, Object.fromEntries(Object.entries(s.vars ?? {}).map(([k, v]) => [k, String(v)]))) : '';
      });
    }
    return out;
  }

  /** Sends again an agent's own reply that did not reach the customer; the old one is marked retried. */
  async retry(agent: Agent, code: string, entryId: string): Promise<void> {
    const { t, conversation } = await this.inConversation(agent, code);
    const id = transcriptEntryId(entryId);
    if (!id) throw new ApiError(404, 'not_found');
    const entry = await transcriptModel(this.conn).findById(id).lean<TranscriptEntry>();
    if (!entry || entry.conversation !== conversation || entry.direction !== 'out') throw new ApiError(404, 'not_found');
    if (entry.delivery !== 'failed') throw new ApiError(409, 'not_failed');
    if (!entry.agentReply) throw new ApiError(409, 'not_retryable');
    await this.deliver(agent, t, conversation, { type: 'reply', text: entry.text });
    await transcriptModel(this.conn).updateOne({ _id: id }, { $set: { delivery: 'retried' } });
    await this.history(t.code, agent, 'reply_retried', [{ field: 'message', from: null, to: entry.text }]);
    this.changed(t);
  }

  /** Take over: exactly one agent, however many try at once (the claim's unique _id decides). */
  async take(agent: Agent, code: string): Promise<void> {
    const t = await this.ticket(code);
    if (t.status !== 'waiting_agent') throw new ApiError(409, 'not_waiting');
    const id = claimId(t.code, t.conversation);
    const held = async () => {
      const c = await claimModel(this.conn).findById(id).lean<ClaimDoc>();
      return new ApiError(409, 'held', { heldBy: c ? { id: c.agentId, name: c.agentName } : undefined });
    };
    if (t.conversation) {
      const live = await this.liveConversation(t);
      if (!live) throw new ApiError(409, 'conversation_moved');
      if (live.owner === 'agent') throw await held();
    }
    try {
      await claimModel(this.conn).create({ _id: id, ticketCode: t.code, conversation: t.conversation, agentId: agent.id, agentName: agent.name, at: this.deps.clock() });
    } catch (err) {
      if (isDuplicateKey(err)) throw await held();
      throw err;
    }
    if (t.conversation) {
      const conversation = t.conversation;
      // Between the customer's turns, so the owner cannot be overwritten by a turn in flight; the
      // conversation must still be waiting for a person (not handed back or closed meanwhile).
      const ok = await this.deps.desk.inTurnOrder(conversation, () => this.ownership.take(conversation, agent.id));
      if (!ok) {
        await claimModel(this.conn).deleteOne({ _id: id, agentId: agent.id });
        throw new ApiError(409, 'conversation_moved');
      }
    }
    await this.history(t.code, agent, 'taken_over', [{ field: 'agent', from: null, to: agent.id }]);
    this.deps.log.info({ ticket: t.code, agent: agent.id }, 'case taken over');
    this.changed(t, { owner: 'agent', agentId: agent.id });
  }

  private async holding(agent: Agent, code: string): Promise<{ t: TicketRecord; claim: ClaimDoc }> {
    const t = await this.ticket(code);
    const claim = await this.claimOf(t);
    if (!claim) throw new ApiError(409, 'not_taken');
    if (claim.agentId !== agent.id) throw new ApiError(409, 'held', { heldBy: { id: claim.agentId, name: claim.agentName } });
    return { t, claim };
  }

  /** The holder, in the live conversation of this ticket's hand-off. */
  private async inConversation(agent: Agent, code: string): Promise<{ t: TicketRecord; conversation: string }> {
    const { t } = await this.holding(agent, code);
    const live = await this.liveConversation(t);
    if (!live || live.owner !== 'agent' || live.agentId !== agent.id) throw new ApiError(409, 'conversation_moved');
    return { t, conversation: live._id };
  }

  private async deliver(agent: Agent, t: TicketRecord, conversation: string, action: Parameters<AgentDesk['act']>[2]): Promise<void> {
    try {
      await this.deps.desk.act(conversation, agent.id, action);
    } catch (err) {
      this.deps.log.warn({ err: { name: (err as Error).name, message: (err as Error).message }, ticket: t.code, agent: agent.id, action: action.type }, 'agent action not delivered');
      // Messenger and Zalo count their refusals in their adapter; count the rest (Bot Framework) here.
      if (t.channel !== 'messenger' && t.channel !== 'zalo') this.deps.metrics?.deliveryFailures.inc({ channel: t.channel ?? 'unknown', reason: 'agent_action' });
      await this.history(t.code, agent, 'delivery_failed', [{ field: 'action', from: null, to: action.type }]);
      // Every console showing the case learns it now, not at the next reload.
      this.changed(t);
      throw new ApiError(502, 'delivery_failed');
    }
  }

  async reply(agent: Agent, code: string, text: unknown): Promise<void> {
    const message = cleanText(text);
    const { t, conversation } = await this.inConversation(agent, code);
    await this.deliver(agent, t, conversation, { type: 'reply', text: message });
    await firstHumanReply(this.deps, t.code);
    await this.history(t.code, agent, 'reply', [{ field: 'message', from: null, to: message }]);
  }

  async note(agent: Agent, code: string, text: unknown): Promise<void> {
    const note = cleanText(text);
    const t = await this.ticket(code);
    await addNote(this.conn, { ticketCode: t.code, agentId: agent.id, agentName: agent.name, text: note, at: this.deps.clock() });
    await this.history(t.code, agent, 'note', [{ field: 'note', from: null, to: note }]);
    this.changed(t);
  }

  /** Resolution code (+ optional message first), then Step 4 in the chat; the bot closes the ticket. */
  async resolve(agent: Agent, code: string, resolution: unknown, message: unknown): Promise<void> {
    if (!RESOLUTIONS.includes(resolution as Resolution)) throw new ApiError(400, 'bad_resolution');
    const text = typeof message === 'string' && message.trim() ? cleanText(message) : undefined;
    const { t, conversation } = await this.inConversation(agent, code);
    if (text) {
      await this.deliver(agent, t, conversation, { type: 'reply', text });
      await this.history(t.code, agent, 'reply', [{ field: 'message', from: null, to: text }]);
    }
    // The bot's turn records the closing (status, resolution, Step 4 sent) as this agent.
    await this.deliver(agent, t, conversation, { type: 'resolve', resolution: resolution as Resolution });
    await firstHumanReply(this.deps, t.code);
    this.changed(t);
  }

  /** Back to the bot, which starts a new complaint; this ticket stays with its holder. */
  async handBack(agent: Agent, code: string): Promise<void> {
    const { t, conversation } = await this.inConversation(agent, code);
    await this.deliver(agent, t, conversation, { type: 'handBack' });
    await this.history(t.code, agent, 'handed_back', [{ field: 'conversation.owner', from: 'agent', to: 'bot' }]);
    this.changed(t);
  }

  /** Step 4 by phone: recorded on the ticket; with a resolution it also closes a ticket not in a live chat. */
  async call(agent: Agent, code: string, body: { reached?: unknown; note?: unknown; resolution?: unknown }): Promise<void> {
    const t = await this.ticket(code);
    const claim = await this.claimOf(t);
    if (claim && claim.agentId !== agent.id && agent.role !== 'admin') {
      throw new ApiError(409, 'held', { heldBy: { id: claim.agentId, name: claim.agentName } });
    }
    const reached = body.reached === true;
    const note = typeof body.note === 'string' && body.note.trim() ? cleanText(body.note) : undefined;
    let close: { resolution: Resolution } | undefined;
    if (body.resolution !== undefined && body.resolution !== null && body.resolution !== '') {
      if (!RESOLUTIONS.includes(body.resolution as Resolution)) throw new ApiError(400, 'bad_resolution');
      if (!reached) throw new ApiError(400, 'close_needs_reached');
      if (t.status !== 'waiting_agent') throw new ApiError(409, 'not_waiting');
      // A customer still in the chat gets Step 4 there (resolve), so the bot's state agrees.
      if (await this.liveConversation(t)) throw new ApiError(409, 'resolve_in_chat');
      close = { resolution: body.resolution as Resolution };
    }
    const call = { at: this.deps.clock(), agent: `agent:${agent.id}`, note: [reached ? 'reached' : 'not_reached', note].filter(Boolean).join(': ') };
    await this.ticketWrites.run(t.code, () => recordPhoneCall(this.conn, t.code, call, `agent:${agent.id}`, call.at, close));
    this.changed(t);
  }

  /** Admin: frees a case from its holder; a conversation goes back to waiting in the queue. */
  async release(admin: Agent, code: string): Promise<void> {
    const t = await this.ticket(code);
    const claim = await this.claimOf(t);
    if (!claim) throw new ApiError(409, 'not_taken');
    const live = await this.liveConversation(t);
    if (live && t.conversation) {
      const conversation = t.conversation;
      await this.deps.desk.inTurnOrder(conversation, () => this.ownership.backToQueue(conversation, claim.agentId));
    }
    await claimModel(this.conn).deleteOne({ _id: claim._id, agentId: claim.agentId });
    await this.history(t.code, admin, 'released', [{ field: 'agent', from: claim.agentId, to: null }]);
    this.changed(t, live ? { owner: 'queue' } : undefined);
  }

  /**
   * Gives a waiting case to `agentId` (an admin's choice, or the automatic round robin as
   * `system`). A case someone holds moves to the new agent, conversation included; a case held by
   * nobody is claimed for them exactly as a take-over would (the claim's unique _id decides).
   */
  async assign(by: Agent | 'system', code: string, agentId: unknown): Promise<{ agent: { id: string; name: string } }> {
    const id = typeof agentId === 'string' ? agentId.trim().toLowerCase() : '';
    const target = id ? await agentModel(this.conn).findById(id, { displayName: 1, active: 1 }).lean() : null;
    if (!target || !target.active) throw new ApiError(400, 'bad_agent');
    const t = await this.ticket(code);
    if (t.status !== 'waiting_agent') throw new ApiError(409, 'not_waiting');
    const claim = await this.claimOf(t);
    const to = { id: target._id, name: target.displayName };
    if (claim?.agentId === to.id) return { agent: to };
    if (claim && by === 'system') throw new ApiError(409, 'held', { heldBy: { id: claim.agentId, name: claim.agentName } });
    const cId = claimId(t.code, t.conversation);
    const live = t.conversation ? await this.liveConversation(t) : null;
    if (t.conversation && !live) throw new ApiError(409, 'conversation_moved');
    if (claim) await claimModel(this.conn).deleteOne({ _id: claim._id, agentId: claim.agentId });
    try {
      await claimModel(this.conn).create({ _id: cId, ticketCode: t.code, conversation: t.conversation, agentId: to.id, agentName: to.name, at: this.deps.clock() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const c = await claimModel(this.conn).findById(cId).lean<ClaimDoc>();
      throw new ApiError(409, 'held', { heldBy: c ? { id: c.agentId, name: c.agentName } : undefined });
    }
    if (t.conversation) {
      const conversation = t.conversation;
      // Between the customer's turns (see take); from the queue, or from the previous holder.
      const ok = await this.deps.desk.inTurnOrder(conversation, () => this.ownership.toAgent(conversation, to.id, claim?.agentId));
      if (!ok) {
        await claimModel(this.conn).deleteOne({ _id: cId, agentId: to.id });
        throw new ApiError(409, 'conversation_moved');
      }
    }
    await recordTicketHistory(this.conn, {
      ticketCode: t.code,
      at: this.deps.clock(),
      actor: by === 'system' ? 'system' : `agent:${by.id}`,
      action: 'assigned',
      changes: [{ field: 'agent', from: claim?.agentId ?? null, to: to.id }],
    });
    this.deps.log.info({ ticket: t.code, agent: to.id, by: by === 'system' ? 'system' : by.id }, 'case assigned');
    this.changed(t, t.conversation ? { owner: 'agent', agentId: to.id } : undefined);
    return { agent: to };
  }

  /**
   * A complaint taken on the phone: read like the chat's answers, then the chat's procedure (the
   * machine) decides; the agent who took it holds whatever waits for a person. The answer says what
   * happened in the agent's language.
   */
  async createPhoneTicket(agent: Agent, form: Record<string, unknown>) {
    const now = this.deps.clock();
    const r = validatePhoneTicket(form, { now, texts: this.deps.texts, serialPattern: this.deps.serialPattern });
    if (!r.ok) throw new ApiError(422, 'invalid_fields', { fields: r.errors });
    const done = await runPhoneComplaint(
      { conn: this.conn, effects: this.deps.complaintEffects, procedure: this.deps.procedure(), clock: this.deps.clock },
      r.values,
      `agent:${agent.id}`,
    );
    if (done.withAgent) {
      await claimModel(this.conn).create({ _id: claimId(done.code), ticketCode: done.code, agentId: agent.id, agentName: agent.name, at: now });
      // The agent answering the call is the first person the customer reached.
      await firstHumanReply(this.deps, done.code);
      await this.history(done.code, agent, 'taken_over', [{ field: 'agent', from: null, to: agent.id }]);
    }
    const ticket = await this.ticket(done.code);
    this.changed(ticket);
    return { code: done.code, outcome: done.outcome.kind, message: phoneOutcomeText(this.deps.texts, asLanguage(form.lang), done) };
  }
}

/**
 * When a finished complaint's part of the chat ended: the last message naming its code (the Step
 * 4 confirmation names it) — the transcript's own times, whatever clock the tickets used.
 */
function lastMention(transcript: TranscriptEntry[], code: string): Date | undefined {
  for (let i = transcript.length - 1; i >= 0; i -= 1) if (transcript[i].text?.includes(code)) return transcript[i].at;
  return undefined;
}

function cleanText(value: unknown): string {
  const text = typeof value === 'string' ? value.normalize('NFC').trim() : '';
  if (!text) throw new ApiError(400, 'empty_text');
  if (text.length > MAX_TEXT) throw new ApiError(400, 'text_too_long');
  return text;
}
