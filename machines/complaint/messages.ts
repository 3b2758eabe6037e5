// Every message the machine can emit, with the variables each one carries. The locale test checks
// this list against locales/{vi,en}/outcome.json, and the path tests check that nothing outside it
// is ever emitted, so a sentence can neither be missing nor silently lose a placeholder.
import { HANDOFF_REASONS, RESOLUTIONS, type HandoffReason, type Resolution, type SayEvent } from './types';

export const OUTCOME_NS = 'outcome';

const fixedMessages = {
  greeting: [],
  outOfScope: [],
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
} as const satisfies Record<string, readonly string[]>;

type ClosedKey = `closed.${Resolution}`;
type HandoffKey = `handoff.${HandoffReason}`;

const closedMessages = Object.fromEntries(RESOLUTIONS.map((r) => [`closed.${r}`, ['ticketCode']])) as Record<
  ClosedKey,
  readonly ['ticketCode']
>;
const handoffMessages = Object.fromEntries(
  HANDOFF_REASONS.map((r) => [`handoff.${r}`, ['ticketCode', 'deadline']]),
) as Record<HandoffKey, readonly ['ticketCode', 'deadline']>;

/** Key (inside the `outcome` namespace) → the variable names its sentence uses. */
export const MESSAGES = { ...fixedMessages, ...closedMessages, ...handoffMessages };

export type MessageKey = keyof typeof MESSAGES;
export type MessageVars<K extends MessageKey> = { [V in (typeof MESSAGES)[K][number]]: string | number };

export function say<K extends MessageKey>(key: K, ...vars: keyof MessageVars<K> extends never ? [] : [MessageVars<K>]): SayEvent {
  return vars.length ? { type: 'say', key: `${OUTCOME_NS}:${key}`, vars: vars[0] } : { type: 'say', key: `${OUTCOME_NS}:${key}` };
}
