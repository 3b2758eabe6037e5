// Every message the machine can emit, with the variables each one carries. The locale test checks
// this list against locales/{vi,en}/outcome.json, and the path tests check that nothing outside it
// is ever emitted, so a sentence can neither be missing nor silently lose a placeholder.
import { HANDOFF_REASONS, RESOLUTIONS, type SayEvent } from './types';

export const OUTCOME_NS = 'outcome';

const fixedMessages = {
  greeting: [],
  outOfScope: [],
  outOfScopeNamed: ['issuer'],
  expired: ['transactionAt', 'limit'],
  serialNotFound: ['serial'],
  checkDelayed: [],
  topupFound: ['service', 'at', 'account'],
  providerHotline: ['service', 'hotline'],
  providerNoHotline: ['service'],
  usedAfterPurchase: ['usedAt', 'service'],
  exchangePoints: ['points'],
  cancelled: [],
  cancelledWithTicket: ['ticketCode'],
  restarted: [],
  botBack: [],
  agentsAway: ['backAt'],
} as const satisfies Record<string, readonly string[]>;

// Step 4 confirmations and handoff notices exist once per resolution / reason, all with the same
// variables; generating them from types.ts means a new code cannot lack its sentence.
function keyed<P extends string, C extends string, V extends readonly string[]>(prefix: P, codes: readonly C[], vars: V) {
  const out: Partial<Record<`${P}.${C}`, V>> = {};
  for (const code of codes) out[`${prefix}.${code}`] = vars;
  return out as Record<`${P}.${C}`, V>;
}

const closedMessages = keyed('closed', RESOLUTIONS, ['ticketCode'] as const);
const handoffMessages = keyed('handoff', HANDOFF_REASONS, ['ticketCode', 'deadline'] as const);

/** Key (inside the `outcome` namespace) → the variable names its sentence uses. */
export const MESSAGES = { ...fixedMessages, ...closedMessages, ...handoffMessages };

export type MessageKey = keyof typeof MESSAGES;
export type MessageVars<K extends MessageKey> = { [V in (typeof MESSAGES)[K][number]]: string | number };

export function say<K extends MessageKey>(key: K, ...vars: keyof MessageVars<K> extends never ? [] : [MessageVars<K>]): SayEvent {
  return vars.length ? { type: 'say', key: `${OUTCOME_NS}:${key}`, vars: vars[0] } : { type: 'say', key: `${OUTCOME_NS}:${key}` };
}
