// Qpal's complaint procedure (spec/quy-trinh-cskh.txt, Articles 2–5) as one event-driven machine.
// It never performs I/O: the bot completes every `await:*` state with an event, the dialog answers
// every `ask:*` state, and time arrives as each event's `now`. That keeps the machine pure, so the
// graph tests can walk every path without a network, a database or a clock.
import { and, assign, emit, enqueueActions, raise, setup } from 'xstate';
import { addCalendarMonth, isWithinComplaintWindow } from '../rules/validity';
import { isWorkingTime, nextOpening } from '../rules/business-calendar';
import { handoffDeadlines } from './handoff-deadlines';
import { decideBranch, type Branch, type BranchDecision } from './branch';
import { maskAccount } from './mask';
import { say } from './messages';
import {
  EDITABLE_FIELDS,
  PREFILL_FIELDS,
  type AnswerEvent,
  type Prefill,
  type PrefillField,
  type AskField,
  type ComplaintContext,
  type ComplaintEvent,
  type ComplaintInput,
  type ComplaintTag,
  type EditableField,
  type ExchangePoint,
  type HandoffReason,
  type ProcedureConfig,
  type Resolution,
  type SayEvent,
} from './types';

/** Bump when a change makes stored snapshots unreadable (renamed/removed states, context shape). */
export const MACHINE_VERSION = 2;

export function initialContext(complaintId: string, config: ProcedureConfig): ComplaintContext {
  return { complaintId, config, fields: {}, misses: 0, serialReentered: false, fraudSignals: [], status: 'open' };
}

/**
 * `assign` merges into the context, so starting over must clear every key explicitly, including
 * keys added to the context after this was written.
 */
function freshContext(context: ComplaintContext, complaintId: string): ComplaintContext {
  const cleared = Object.fromEntries(Object.keys(context).map((key) => [key, undefined]));
  return { ...cleared, ...initialContext(complaintId, context.config) };
}

/** An `other` complaint only records a description and contact details, so only those can be corrected. */
const OTHER_SITUATION_FIELDS: readonly EditableField[] = ['statusText', 'phone', 'email'];

function canEdit(context: ComplaintContext, field: EditableField): boolean {
  return context.situation !== 'other' || OTHER_SITUATION_FIELDS.includes(field);
}

/** The field a summary correction asks for, whether said as EDIT or as the answer to "confirm?". */
function editRequest(event: ComplaintEvent): EditableField | undefined {
  if (event.type === 'EDIT') return event.field;
  if (event.type === 'ANSWER' && event.field === 'confirm' && event.value !== true) return event.value;
  return undefined;
}

function branchOf(context: ComplaintContext, event: ComplaintEvent): Branch | undefined {
  return event.type === 'CARD_CHECKED' ? decideBranch(context, event.findings) : undefined;
}

/** Article 3 and the deadline both count from the moment the complaint was made. */
function complaintTime(context: ComplaintContext, event: ComplaintEvent): string {
  return context.complaintAt ?? event.now;
}

function handoffUpdate(context: ComplaintContext, reason: HandoffReason, now: string): Partial<ComplaintContext> {
  const complaintAt = context.complaintAt ?? now;
  const { firstResponseDue, deadline } = handoffDeadlines(reason, { complaintAt, handedOffAt: now }, context.config);
  return {
    complaintAt,
    misses: 0,
    handoffReason: reason,
    handedOffAt: now,
    firstResponseDue,
    deadline,
    // Only the provider check has a known outcome already; otherwise the agent decides.
    resolution: reason === 'provider_investigation' ? 'provider_investigation' : undefined,
  };
}

function storedAnswer(context: ComplaintContext, event: AnswerEvent): Partial<ComplaintContext> {
  const base: Partial<ComplaintContext> = { misses: 0, complaintAt: complaintTime(context, event) };
  switch (event.field) {
    case 'situation':
      return { ...base, situation: event.value };
    case 'isBitCard':
      return { ...base, isBitCard: event.value };
    case 'isOwnAccount':
      return { ...base, isOwnAccount: event.value };
    case 'providerChoice':
      return { ...base, providerChoice: event.value };
    case 'cardShell':
      return { ...base, cardShell: event.value };
    case 'confirm':
    case 'offerAgent':
      return base;
    default:
      // An Article 4 field: answering it also finishes a correction started from the summary.
      return { ...base, editing: undefined, fields: { ...context.fields, [event.field]: event.value } };
  }
}

/** Whether the field already has an answer in the context (a prefill never overwrites one). */
function isAnswered(context: ComplaintContext, field: PrefillField): boolean {
  if (field === 'situation') return context.situation !== undefined;
  if (field === 'isBitCard') return context.isBitCard !== undefined;
  return context.fields[field] !== undefined;
}

function mergedPrefill(context: ComplaintContext, answers: Prefill | undefined): Prefill {
  const next: Record<string, unknown> = { ...(context.prefill ?? {}) };
  for (const field of PREFILL_FIELDS) {
    const value = answers?.[field];
    if (value !== undefined && !isAnswered(context, field)) next[field] = value;
  }
  return next as Prefill;
}

function withoutPrefill(context: ComplaintContext, field: AskField): Prefill | undefined {
  if (!context.prefill || !(field in context.prefill)) return context.prefill;
  const next = { ...context.prefill } as Record<string, unknown>;
  delete next[field];
  return next as Prefill;
}

function formatExchangePoints(points: readonly ExchangePoint[]): string {
  return points.map((p) => `• ${p.name}: ${p.address}`).join('\n');
}

const EXCHANGE_RESOLUTIONS: readonly Resolution[] = ['used_before_purchase', 'issuer_error'];

/** Step 4 in the chat for a resolution: what the customer is told (the console previews it). */
export function closureSays(resolution: Resolution, ticketCode: string, config: Pick<ProcedureConfig, 'exchangePoints'>): SayEvent[] {
  const out = [say(`closed.${resolution}`, { ticketCode })];
  if (EXCHANGE_RESOLUTIONS.includes(resolution)) out.push(say('exchangePoints', { points: formatExchangePoints(config.exchangePoints) }));
  return out;
}

const machineSetup = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
    input: {} as ComplaintInput,
    emitted: {} as SayEvent,
    tags: {} as ComplaintTag,
  },
  guards: {
    isForOtherField: ({ event }, params: { field: AskField }) => event.type === 'ANSWER' && event.field !== params.field,
    isInvalidFor: ({ event }, params: { field: AskField }) => event.type === 'INVALID' && event.field === params.field,
    missLimitReached: ({ context, event }, params: { field: AskField }) =>
      event.type === 'INVALID' && event.field === params.field && context.misses + 1 >= context.config.maxMisses,
    answerIs: ({ event }, params: { value: boolean | string }) => event.type === 'ANSWER' && event.value === params.value,
    isEditing: ({ context }) => context.editing !== undefined,
    hasPrefill: ({ context }, params: { field: AskField }) =>
      context.editing === undefined && context.prefill !== undefined && (context.prefill as Record<string, unknown>)[params.field] !== undefined,
    namesOtherIssuer: ({ context, event }) =>
      event.type === 'PREFILL' && !!event.issuer && context.isBitCard !== true && context.ticketCode === undefined,
    hasTicket: ({ context }) => context.ticketCode !== undefined,
    isOtherSituation: ({ context }) => context.situation === 'other',
    transactionExpired: ({ context, event }) =>
      event.type === 'ANSWER' &&
      event.field === 'transactionAt' &&
      !isWithinComplaintWindow(event.value, complaintTime(context, event)),
    editsField: ({ context, event }, params: { field: EditableField }) =>
      editRequest(event) === params.field && canEdit(context, params.field),
    branchIs: ({ context, event }, params: { next: BranchDecision['next'] }) =>
      branchOf(context, event)?.decision.next === params.next,
  },
  actions: {
    storeAnswer: assign(({ context, event }) =>
      event.type === 'ANSWER' ? { ...storedAnswer(context, event), prefill: withoutPrefill(context, event.field) } : {},
    ),
    storePrefill: assign(({ context, event }) =>
      event.type === 'PREFILL'
        ? { prefill: mergedPrefill(context, event.answers), prefillAt: event.now, complaintAt: complaintTime(context, event) }
        : {},
    ),
    rememberIssuer: assign(({ event }) =>
      event.type === 'PREFILL' ? { otherIssuer: event.issuer, isBitCard: false, resolution: 'out_of_scope' as const } : {},
    ),
    // The prefilled answer goes through the question's own transitions, as if typed now.
    answerFromPrefill: raise(({ context }, params: { field: AskField }) => ({
      type: 'ANSWER',
      field: params.field,
      value: (context.prefill as Record<string, unknown>)[params.field],
      now: context.prefillAt ?? context.complaintAt ?? '',
    }) as ComplaintEvent),
    consumePrefill: assign(({ context }, params: { field: AskField }) => ({ prefill: withoutPrefill(context, params.field) })),
    countMiss: assign(({ context, event }) => ({ misses: context.misses + 1, complaintAt: complaintTime(context, event) })),
    resetMisses: assign({ misses: 0 }),
    startEditing: assign(({ event }) => ({ editing: editRequest(event), misses: 0 })),
    recordTicket: assign(({ event }) => (event.type === 'TICKET_CREATED' ? { ticketCode: event.code } : {})),
    recordCardSystemError: assign(({ event }) =>
      event.type === 'CARD_SYSTEM_FAILED' ? { cardSystemError: event.error } : {},
    ),
    beginHandoff: assign(({ context, event }, params: { reason: HandoffReason }) =>
      handoffUpdate(context, params.reason, event.now),
    ),
    resolve: assign((_, params: { resolution: Resolution }) => ({ resolution: params.resolution })),
    resolveExchange: assign(({ context }) => ({ resolution: context.exchangeCase })),
    applyBranch: assign(({ context, event }) => {
      const branch = branchOf(context, event);
      if (!branch || event.type !== 'CARD_CHECKED') return {};
      const update: Partial<ComplaintContext> = {
        findings: event.findings,
        fraudSignals: branch.fraudSignals,
        cardSystemError: undefined,
      };
      const d = branch.decision;
      if (d.next === 'reenterSerial') return { ...update, serialReentered: true };
      if (d.next === 'handoff') return { ...update, ...handoffUpdate(context, d.reason, event.now) };
      if (d.next === 'close') return { ...update, resolution: d.resolution };
      if (d.next === 'askCardShell') return { ...update, exchangeCase: d.exchangeCase };
      return update;
    }),
    markWaitingAgent: assign({ status: 'waiting_agent' }),
    markClosed: assign({ status: 'closed' }),
    markCancelled: assign({ status: 'cancelled' }),
    acceptAgentResolution: assign(({ event }) => (event.type === 'AGENT_RESOLVED' ? { resolution: event.resolution } : {})),
    restartComplaint: assign(({ context, event }) =>
      event.type === 'RESTART' ? freshContext(context, event.complaintId) : {},
    ),
    // The agent's ticket keeps the agent's decision; the bot starts over on the same conversation.
    resumeAfterAgent: assign(({ context, event }) =>
      freshContext(context, event.type === 'HAND_BACK' ? event.complaintId : context.complaintId),
    ),

    greet: emit(say('greeting')),
    announceOutOfScope: emit(say('outOfScope')),
    announceOutOfScopeNamed: emit(({ context }) => say('outOfScopeNamed', { issuer: context.otherIssuer ?? '' })),
    announceRestart: emit(say('restarted')),
    announceBotBack: emit(say('botBack')),
    announceCheckDelayed: emit(say('checkDelayed')),
    announceExpired: emit(({ event }) => {
      const at = event.type === 'ANSWER' && event.field === 'transactionAt' ? event.value : event.now;
      return say('expired', { transactionAt: at, limit: addCalendarMonth(at) });
    }),
    announceProviderContact: emit(({ context }) => {
      const service = context.fields.service;
      const name = service?.name ?? '';
      return service?.hotline
        ? say('providerHotline', { service: name, hotline: service.hotline })
        : say('providerNoHotline', { service: name });
    }),
    announceBranch: enqueueActions(({ context, event, enqueue }) => {
      const branch = branchOf(context, event);
      if (!branch) return;
      const d = branch.decision;
      if (d.next === 'reenterSerial') {
        enqueue.emit(say('serialNotFound', { serial: context.fields.serial ?? '' }));
      } else if (d.next === 'askOwnAccount') {
        enqueue.emit(
          say('topupFound', { service: d.topup.service, at: d.topup.at, account: maskAccount(d.topup.account) }),
        );
      } else if (d.next === 'close' && d.resolution === 'used_after_purchase' && event.type === 'CARD_CHECKED') {
        const card = event.findings.card;
        enqueue.emit(
          say('usedAfterPurchase', {
            usedAt: card?.usedAt ?? '',
            service: card?.usedBy?.service ?? context.fields.service?.name ?? '',
          }),
        );
      }
    }),
    announceHandoff: enqueueActions(({ context, enqueue }) => {
      enqueue.emit(
        say(`handoff.${context.handoffReason ?? 'customer_request'}`, {
          ticketCode: context.ticketCode ?? '',
          // A live handoff promises the first answer; a check promises its outcome.
          deadline: context.deadline ?? context.firstResponseDue ?? '',
        }),
      );
      const at = context.handedOffAt;
      if (at && !isWorkingTime(at, context.config.calendar)) {
        enqueue.emit(say('agentsAway', { backAt: nextOpening(at, context.config.calendar) }));
      }
    }),
    announceClosure: enqueueActions(({ context, enqueue }) => {
      const resolution = context.resolution ?? 'agent_resolved';
      for (const s of closureSays(resolution, context.ticketCode ?? '', context.config)) enqueue.emit(s);
    }),
    announceCancel: emit(({ context }) =>
      context.ticketCode ? say('cancelledWithTicket', { ticketCode: context.ticketCode }) : say('cancelled'),
    ),
  },
});

const bot = (state: string) => `#complaint.bot.${state}`;

/**
 * A state that waits for one field. Answers to another field are ignored (the dialog may be a turn
 * behind); after `maxMisses` invalid answers the customer is offered a human agent, and declining
 * returns to the same question with a fresh count.
 */
function ask<const F extends AskField, const A extends readonly object[]>(field: F, onAnswer: A) {
  return {
    initial: 'asking',
    states: {
      asking: {
        tags: [`ask:${field}`],
        always: [
          {
            guard: { type: 'hasPrefill', params: { field } },
            actions: [
              { type: 'answerFromPrefill', params: { field } },
              { type: 'consumePrefill', params: { field } },
            ],
          },
        ],
        on: {
          ANSWER: [{ guard: { type: 'isForOtherField', params: { field } } }, ...onAnswer],
          INVALID: [
            { guard: { type: 'missLimitReached', params: { field } }, target: 'offerAgent', actions: 'countMiss' },
            { guard: { type: 'isInvalidFor', params: { field } }, actions: 'countMiss' },
          ],
        },
      },
      offerAgent: {
        tags: ['ask:offerAgent'],
        on: {
          ANSWER: [
            { guard: { type: 'isForOtherField', params: { field: 'offerAgent' } } },
            {
              guard: { type: 'answerIs', params: { value: true } },
              target: bot('handoff'),
              actions: ['resetMisses', { type: 'beginHandoff', params: { reason: 'repeated_misses' } }],
            },
            { target: 'asking', actions: 'resetMisses' },
          ],
        },
      },
    },
  } as const;
}

/** After an Article 4 field: back to the summary when correcting it, else on to the next question. */
function then<const S extends string>(nextState: S) {
  return [
    { guard: 'isEditing', target: bot('confirm'), actions: 'storeAnswer' },
    { target: bot(nextState), actions: 'storeAnswer' },
  ] as const;
}

const editTransitions = EDITABLE_FIELDS.map(
  (field) => ({ guard: { type: 'editsField', params: { field } }, target: bot(field), actions: 'startEditing' }) as const,
);

export const complaintMachine = machineSetup.createMachine({
  id: 'complaint',
  context: ({ input }) => initialContext(input.complaintId, input.config),
  // Root entry runs once per actor: a restored snapshot does not greet again.
  entry: 'greet',
  initial: 'bot',
  states: {
    bot: {
      initial: 'situation',
      on: {
        CANCEL: { target: 'cancelled' },
        RESTART: { target: '.situation', reenter: true, actions: ['restartComplaint', 'announceRestart'] },
        ASK_AGENT: { target: '.handoff', actions: { type: 'beginHandoff', params: { reason: 'customer_request' } } },
        PREFILL: [
          {
            guard: 'namesOtherIssuer',
            target: '.close',
            actions: ['storePrefill', 'rememberIssuer', 'announceOutOfScopeNamed'],
          },
          { actions: 'storePrefill' },
        ],
      },
      states: {
        situation: ask('situation', [{ target: bot('isBitCard'), actions: 'storeAnswer' }]),
        isBitCard: ask('isBitCard', [
          {
            guard: { type: 'answerIs', params: { value: false } },
            target: bot('close'),
            actions: ['storeAnswer', { type: 'resolve', params: { resolution: 'out_of_scope' } }, 'announceOutOfScope'],
          },
          { guard: 'isOtherSituation', target: bot('statusText'), actions: 'storeAnswer' },
          { target: bot('service'), actions: 'storeAnswer' },
        ]),
        // Article 4 order.
        service: ask('service', then('denomination')),
        denomination: ask('denomination', then('serial')),
        serial: ask('serial', then('purchasePlace')),
        purchasePlace: ask('purchasePlace', then('transactionAt')),
        transactionAt: ask('transactionAt', [
          {
            // Article 3: checked as soon as the time is known, and again when it is corrected.
            guard: 'transactionExpired',
            target: bot('close'),
            actions: ['storeAnswer', { type: 'resolve', params: { resolution: 'expired' } }, 'announceExpired'],
          },
          ...then('statusText'),
        ]),
        statusText: ask('statusText', then('phone')),
        phone: ask('phone', then('email')),
        email: ask('email', then('confirm')),
        confirm: {
          ...ask('confirm', [
            ...editTransitions,
            {
              guard: and([{ type: 'answerIs', params: { value: true } }, 'isOtherSituation']),
              target: bot('handoff'),
              actions: ['storeAnswer', { type: 'beginHandoff', params: { reason: 'other_situation' } }],
            },
            {
              guard: and([{ type: 'answerIs', params: { value: true } }, 'hasTicket']),
              target: bot('checkCard'),
              actions: 'storeAnswer',
            },
            { guard: { type: 'answerIs', params: { value: true } }, target: bot('ticketForCheck'), actions: 'storeAnswer' },
          ]),
          on: { EDIT: editTransitions },
        },
        ticketForCheck: {
          tags: ['await:createTicket', 'then:checkCard'],
          on: { TICKET_CREATED: { target: 'checkCard', actions: 'recordTicket' } },
        },
        checkCard: {
          tags: 'await:checkCard',
          // announceBranch runs before applyBranch: both re-derive the decision from the context,
          // which applyBranch changes (serialReentered).
          on: {
            CARD_CHECKED: [
              {
                guard: { type: 'branchIs', params: { next: 'reenterSerial' } },
                target: 'reenterSerial',
                actions: ['announceBranch', 'applyBranch'],
              },
              {
                guard: { type: 'branchIs', params: { next: 'handoff' } },
                target: 'handoff',
                actions: ['announceBranch', 'applyBranch'],
              },
              {
                guard: { type: 'branchIs', params: { next: 'askOwnAccount' } },
                target: 'isOwnAccount',
                actions: ['announceBranch', 'applyBranch'],
              },
              {
                guard: { type: 'branchIs', params: { next: 'close' } },
                target: 'close',
                actions: ['announceBranch', 'applyBranch'],
              },
              {
                guard: { type: 'branchIs', params: { next: 'askCardShell' } },
                target: 'cardShell',
                actions: ['announceBranch', 'applyBranch'],
              },
            ],
            CARD_SYSTEM_FAILED: {
              target: 'handoff',
              actions: [
                'recordCardSystemError',
                'announceCheckDelayed',
                { type: 'beginHandoff', params: { reason: 'card_system_unavailable' } },
              ],
            },
          },
        },
        // After a 404: one more try at the serial, straight back to the check (no summary).
        reenterSerial: ask('serial', [{ target: bot('checkCard'), actions: 'storeAnswer' }]),
        // Branch A.
        isOwnAccount: ask('isOwnAccount', [
          {
            guard: { type: 'answerIs', params: { value: false } },
            target: bot('close'),
            actions: ['storeAnswer', { type: 'resolve', params: { resolution: 'wrong_account' } }],
          },
          { target: bot('providerChoice'), actions: 'storeAnswer' },
        ]),
        providerChoice: ask('providerChoice', [
          {
            guard: { type: 'answerIs', params: { value: 'call' } },
            target: bot('close'),
            actions: [
              'storeAnswer',
              'announceProviderContact',
              { type: 'resolve', params: { resolution: 'provider_contact' } },
            ],
          },
          {
            target: bot('handoff'),
            actions: ['storeAnswer', { type: 'beginHandoff', params: { reason: 'provider_investigation' } }],
          },
        ]),
        // Article 3: no exchange without the card shell.
        cardShell: ask('cardShell', [
          {
            guard: { type: 'answerIs', params: { value: true } },
            target: bot('close'),
            actions: ['storeAnswer', 'resolveExchange'],
          },
          {
            target: bot('close'),
            actions: ['storeAnswer', { type: 'resolve', params: { resolution: 'card_shell_invalid' } }],
          },
        ]),
        // Routing only: a ticket is recorded once per complaint, before it is closed or handed off.
        close: {
          always: [{ guard: 'hasTicket', target: '#complaint.closed' }, { target: 'ticketForClose' }],
        },
        ticketForClose: {
          tags: 'await:createTicket',
          on: { TICKET_CREATED: { target: '#complaint.closed', actions: 'recordTicket' } },
        },
        handoff: {
          always: [{ guard: 'hasTicket', target: '#complaint.handedOff' }, { target: 'ticketForHandoff' }],
        },
        ticketForHandoff: {
          tags: 'await:createTicket',
          // Already on the way to a person: asking for one again changes nothing.
          on: { TICKET_CREATED: { target: '#complaint.handedOff', actions: 'recordTicket' }, ASK_AGENT: { actions: [] } },
        },
      },
    },
    handedOff: {
      tags: 'owner:queue',
      entry: ['markWaitingAgent', 'announceHandoff'],
      on: {
        AGENT_RESOLVED: { target: 'closed', actions: 'acceptAgentResolution' },
        HAND_BACK: { target: 'bot', actions: ['resumeAfterAgent', 'announceBotBack'] },
      },
    },
    closed: { type: 'final', entry: ['markClosed', 'announceClosure'] },
    cancelled: { type: 'final', entry: ['markCancelled', 'announceCancel'] },
  },
});

export type ComplaintMachine = typeof complaintMachine;
