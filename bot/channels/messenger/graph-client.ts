import { createHmac } from 'node:crypto';
import type { Logger } from '../../logging/logger';
import { ChannelSendError, UndeliverableError } from '../errors';
import { backoff } from '../retry';
import { MESSENGER, type GraphMessage } from './translate';

export type MessagingType = 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';

export interface SendEnvelope {
  messaging_type: MessagingType;
  tag?: 'HUMAN_AGENT';
}

export interface GraphClientOptions {
  /** e.g. https://graph.facebook.com/v24.0 */
  baseUrl: string;
  pageAccessToken: string;
  appSecret: string;
  log: Logger;
  /** Waits before each retry of a failed send (5xx, rate limits, network). */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

interface GraphErrorBody {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number; fbtrace_id?: string };
}

// Graph error codes (channels.md §1.5): transient or throttling, retried with back-off.
const RETRYABLE_CODES = new Set([1, 2, 4, 17, 32, 613]);
const OUTSIDE_WINDOW = new Set([2018278, 2534022]);

class RetryableGraphError extends Error {}

/** The Messenger Send API (POST {graph}/me/messages) for one Page. */
export class GraphClient {
  private readonly url: string;
  private readonly retryDelaysMs: readonly number[];

  constructor(private readonly opts: GraphClientOptions) {
    // appsecret_proof: required when the app has "Require App Secret" on, harmless otherwise.
    const proof = createHmac('sha256', opts.appSecret).update(opts.pageAccessToken).digest('hex');
    const query = new URLSearchParams({ access_token: opts.pageAccessToken, appsecret_proof: proof });
    this.url = `${opts.baseUrl}/me/messages?${query}`;
    this.retryDelaysMs = opts.retryDelaysMs ?? [300, 1200, 4000];
  }

  /** Sends one message; returns its message id. Retries 5xx, rate limits and network failures. */
  async sendMessage(psid: string, envelope: SendEnvelope, message: GraphMessage): Promise<string> {
    const body = { recipient: { id: psid }, ...envelope, message };
    for (let attempt = 0; ; attempt += 1) {
      try {
        const r = await this.post(body);
        return String((r as { message_id?: string }).message_id ?? '');
      } catch (err) {
        if (!(err instanceof RetryableGraphError) || attempt >= this.retryDelaysMs.length) {
          throw err instanceof RetryableGraphError ? new ChannelSendError(MESSENGER, err.message) : err;
        }
        this.opts.log.warn({ attempt: attempt + 1, reason: err.message }, 'messenger send failed, retrying');
        await backoff(this.retryDelaysMs, attempt);
      }
    }
  }

  /** typing_on / typing_off / mark_seen: a request of its own (it cannot carry a message). One try. */
  async senderAction(psid: string, action: 'typing_on' | 'typing_off' | 'mark_seen'): Promise<void> {
    await this.post({ recipient: { id: psid }, sender_action: action });
  }

  private async post(body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15000),
      });
    } catch (err) {
      throw new RetryableGraphError(`network: ${(err as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = {};
    }
    if (res.ok) return json;
    const e = (json as GraphErrorBody).error ?? {};
    const what = `HTTP ${res.status} code ${e.code ?? '-'}/${e.error_subcode ?? '-'}: ${e.message ?? text.slice(0, 200)}`;
    if (e.code === 10 && OUTSIDE_WINDOW.has(e.error_subcode ?? 0)) {
      throw new UndeliverableError(MESSENGER, 'outside_window', what, `${e.code}/${e.error_subcode}`);
    }
    if (e.code === 551 || e.error_subcode === 1545041 || (e.code === 100 && e.error_subcode === 2018001)) {
      throw new UndeliverableError(MESSENGER, 'recipient_unavailable', what, e.error_subcode ?? e.code);
    }
    if (res.status >= 500 || res.status === 429 || RETRYABLE_CODES.has(e.code ?? -1)) throw new RetryableGraphError(what);
    throw new ChannelSendError(MESSENGER, what, e.code, res.status);
  }
}
