import type { Logger } from '../../logging/logger';
import { ChannelSendError, UndeliverableError } from '../errors';
import { backoff } from '../retry';
import type { ZaloTokens } from './tokens';
import { ZALO, type ZaloMessage } from './translate';

// Zalo answers HTTP 200 with {"error": <negative code>, "message": …} (channels.md §2.5, §2.7).
const TOKEN_ERRORS = new Set([-216, -220, -124]);
const WINDOW_ERRORS = new Set([-230, -232]);
const UNREACHABLE = new Set([-213, -217, -227, -234, -244]);
const RETRYABLE = new Set([-32, -100]);

export interface ZaloApiOptions {
  /** e.g. https://openapi.zalo.me */
  apiUrl: string;
  tokens: ZaloTokens;
  log: Logger;
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

class Retryable extends Error {}
class TokenRefused extends Error {}

/** The OA customer-service message API (POST /v3.0/oa/message/cs). */
export class ZaloApi {
  private readonly retryDelaysMs: readonly number[];

  constructor(private readonly opts: ZaloApiOptions) {
    this.retryDelaysMs = opts.retryDelaysMs ?? [300, 1200, 4000];
  }

  /**
   * Sends one message to a user; returns Zalo's message id. A refused token is refreshed and the
   * send retried once; rate limits, 5xx and network failures are retried with back-off.
   */
  async sendCs(userId: string, message: ZaloMessage): Promise<string> {
    const body = JSON.stringify({ recipient: { user_id: userId }, message });
    let token = await this.opts.tokens.accessToken();
    let refreshed = false;
    for (let attempt = 0; ; ) {
      try {
        return await this.post(token.token, body);
      } catch (err) {
        if (err instanceof TokenRefused && !refreshed) {
          refreshed = true;
          this.opts.log.info({ reason: err.message }, 'zalo token refused, refreshing and retrying once');
          token = await this.opts.tokens.afterTokenError(token.generation);
          continue;
        }
        if (err instanceof Retryable && attempt < this.retryDelaysMs.length) {
          this.opts.log.warn({ attempt: attempt + 1, reason: err.message }, 'zalo send failed, retrying');
          await backoff(this.retryDelaysMs, attempt);
          attempt += 1;
          continue;
        }
        if (err instanceof TokenRefused || err instanceof Retryable) throw new ChannelSendError(ZALO, err.message);
        throw err;
      }
    }
  }

  private async post(accessToken: string, body: string): Promise<string> {
    let res: Response;
    try {
      res = await fetch(`${this.opts.apiUrl}/v3.0/oa/message/cs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', access_token: accessToken },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (err) {
      throw new Retryable(`network: ${(err as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    let json: { error?: number; message?: string; data?: { message_id?: string | number } } = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = {};
    }
    const code = Number(json.error ?? (res.ok ? 0 : NaN));
    const what = `HTTP ${res.status} error ${json.error ?? '-'}: ${json.message ?? text.slice(0, 200)}`;
    if (res.ok && code === 0) return String(json.data?.message_id ?? '');
    if (TOKEN_ERRORS.has(code)) throw new TokenRefused(what);
    if (WINDOW_ERRORS.has(code)) throw new UndeliverableError(ZALO, 'outside_window', what, code);
    if (UNREACHABLE.has(code)) throw new UndeliverableError(ZALO, 'recipient_unavailable', what, code);
    if (RETRYABLE.has(code) || res.status >= 500 || res.status === 429) throw new Retryable(what);
    throw new ChannelSendError(ZALO, what, code, res.status);
  }
}
