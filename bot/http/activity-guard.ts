import type { IncomingMessage } from 'node:http';
import { isDirectLoopbackClient, isLoopbackUrl } from './client-address';

/** Channels that reach the bot only through their own signed webhooks, never /api/messages. */
export const DIRECT_CHANNELS = new Set(['messenger', 'zalo']);

export type UnauthenticatedPolicy = 'loopback' | 'any' | 'off';

export interface GuardOptions {
  /** True when MicrosoftAppId is set: the adapter checks the Bot Framework token of every request. */
  authenticated: boolean;
  /** Without a token check: who may post (BOT_UNAUTHENTICATED). */
  unauthenticated: UnauthenticatedPolicy;
}

export type GuardResult = { ok: true } | { ok: false; status: 400 | 401 | 403; code: string };

const MAX_ID = 512;
const MAX_TEXT = 20_000;

const isText = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || v === null || check(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasId = (v: unknown) => isObject(v) && optional(v.id, (id) => isText(id, MAX_ID));

/** The shape the bot relies on; anything else is a 400 before the adapter sees it. */
function wellFormed(a: unknown): a is Record<string, unknown> {
  if (!isObject(a)) return false;
  if (!isText(a.type, 64)) return false;
  if (!isObject(a.conversation) || !isText(a.conversation.id, MAX_ID)) return false;
  if (!optional(a.channelId, (v) => isText(v, 64))) return false;
  if (!optional(a.serviceUrl, (v) => isText(v, 2048))) return false;
  if (!optional(a.from, hasId) || !optional(a.recipient, hasId)) return false;
  if (!optional(a.text, (v) => typeof v === 'string' && v.length <= MAX_TEXT)) return false;
  if (!optional(a.id, (v) => isText(v, MAX_ID))) return false;
  if (!optional(a.locale, (v) => isText(v, 32))) return false;
  if (!optional(a.deliveryMode, (v) => isText(v, 32))) return false;
  if (!optional(a.value, (v) => typeof v !== 'function')) return false;
  if (!optional(a.attachments, Array.isArray) || !optional(a.entities, Array.isArray)) return false;
  return true;
}

/**
 * Decides whether /api/messages may run this activity. Without MicrosoftAppId nobody proves who
 * they are, so the activity must come from this machine (or the development switch must say
 * otherwise) and may only make the bot call back a serviceUrl on this machine. Messenger and Zalo
 * ids are refused in every case: a forged one would land in a real customer's conversation.
 */
export function guardActivity(req: IncomingMessage, body: unknown, opts: GuardOptions): GuardResult {
  if (!wellFormed(body)) return { ok: false, status: 400, code: 'malformed_activity' };
  const channelId = String(body.channelId ?? '').toLowerCase();
  if (DIRECT_CHANNELS.has(channelId)) return { ok: false, status: 403, code: 'channel_not_accepted_here' };
  if (opts.authenticated) return { ok: true };
  if (opts.unauthenticated === 'off') return { ok: false, status: 401, code: 'authentication_required' };
  if (opts.unauthenticated === 'loopback' && !isDirectLoopbackClient(req)) return { ok: false, status: 401, code: 'authentication_required' };
  if (typeof body.serviceUrl === 'string' && !isLoopbackUrl(body.serviceUrl)) return { ok: false, status: 403, code: 'service_url_not_allowed' };
  return { ok: true };
}
