import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chars, readBody } from './peer-http';

// Zalo's OA OpenAPI (customer-service messages) and OAuth v4 as channels.md §2.5-§2.8/§2.10
// describe them, on 127.0.0.1: the access token in the `access_token` header, errors as HTTP 200
// with a negative `error`, text ≤ 2000 characters, buttons ≤ 5, user ids as strings; the OAuth
// server wants the App Secret in the `secret_key` header, issues expires_in "90000" and burns each
// refresh token on use. Plus an emitter that signs events with X-ZEvent-Signature.

export interface ZaloSent {
  seq: number;
  userId: string;
  message: Record<string, any>;
  token: string;
}

export interface ZaloServer {
  url: string;
  appId: string;
  appSecret: string;
  oaSecret: string;
  oaId: string;
  firstRefreshToken: string;
  sent: ZaloSent[];
  violations: string[];
  /** Sends answered with an error (token refused, injected failures). */
  refusedSends: number;
  refreshCalls: number;
  /** Refresh attempts with a refresh token that was spent or never issued. */
  refreshRejected: number;
  /** The refresh token a successful refresh issued last (the one the bot must have stored). */
  lastRefreshToken(): string;
  isRefreshTokenValid(token: string): boolean;
  /** Every access token issued so far stops working (Zalo answers -216). */
  expireAccessTokens(): void;
  /** The next sends answer these error codes, in order. */
  failNext(...codes: number[]): void;
  /** Lifetime (seconds, a string as Zalo sends it) of the access tokens issued from now on. */
  setExpiresIn(seconds: string): void;
  textsTo(userId: string): string[];
  messagesTo(userId: string): Array<Record<string, any>>;
  close(): Promise<void>;
}

const BUTTON_TYPES = new Set(['oa.open.url', 'oa.query.show', 'oa.query.hide', 'oa.open.phone', 'oa.open.sms']);

function reply(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function messageProblem(body: Record<string, any>): string | undefined {
  if (typeof body.recipient?.user_id !== 'string' || !/^\d+$/.test(body.recipient.user_id)) return 'recipient.user_id must be a numeric string';
  const m = body.message;
  if (!m || (typeof m.text !== 'string' && !m.attachment)) return 'message needs text or an attachment';
  if (typeof m.text === 'string' && (chars(m.text) === 0 || chars(m.text) > 2000)) return `text of ${chars(m.text)} characters (1-2000)`;
  const buttons = m.attachment?.payload?.buttons;
  if (buttons !== undefined) {
    if (m.attachment.type !== 'template') return 'buttons need a template attachment';
    if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > 5) return `buttons: ${buttons?.length} (1-5)`;
    for (const b of buttons) {
      if (!BUTTON_TYPES.has(b.type)) return `button type ${b.type}`;
      if (typeof b.title !== 'string' || !b.title) return 'button title';
      if (b.type.startsWith('oa.query') && typeof b.payload !== 'string') return 'oa.query payload must be a string';
    }
  }
  return undefined;
}

/** `lenientRefresh`: accept any refresh token (local trials, where the bot's database outlives this server). */
export async function startZaloServer(opts: { port?: number; lenientRefresh?: boolean } = {}): Promise<ZaloServer> {
  const appId = '2553928453557884079';
  const appSecret = 'zalo-app-secret-xyz';
  const oaSecret = 'zalo-oa-secret-key-abc';
  const oaId = '1732000000000000001';
  let tokenSeq = 0;
  const validAccess = new Set<string>();
  const validRefresh = new Set<string>();
  const firstRefreshToken = 'rt-initial-0';
  validRefresh.add(firstRefreshToken);
  let lastRefresh = firstRefreshToken;
  const failures: number[] = [];
  const sent: ZaloSent[] = [];
  const violations: string[] = [];
  const state = { refusedSends: 0, refreshCalls: 0, refreshRejected: 0 };
  let seq = 0;
  let expiresIn = '90000';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    if (req.method === 'POST' && url.pathname === '/v4/oa/access_token') {
      state.refreshCalls += 1;
      if (req.headers.secret_key !== appSecret) return reply(res, { error: -14002, error_name: 'Invalid secret key', error_description: 'secret_key header is wrong' });
      if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) violations.push('OAuth body must be form-encoded');
      const form = new URLSearchParams(raw.toString('utf8'));
      if (form.get('app_id') !== appId || form.get('grant_type') !== 'refresh_token') {
        return reply(res, { error: -14003, error_name: 'Invalid parameter', error_description: 'app_id / grant_type' });
      }
      const rt = form.get('refresh_token') ?? '';
      if (!validRefresh.delete(rt) && !opts.lenientRefresh) {
        state.refreshRejected += 1;
        return reply(res, { error: -14014, error_name: 'Invalid refresh token', error_description: 'Refresh token is invalid or used' });
      }
      tokenSeq += 1;
      const access = `at-${tokenSeq}`;
      const refresh = `rt-${tokenSeq}`;
      validAccess.add(access);
      validRefresh.add(refresh);
      lastRefresh = refresh;
      return reply(res, { access_token: access, refresh_token: refresh, expires_in: expiresIn });
    }
    if (req.method === 'POST' && url.pathname === '/v3.0/oa/message/cs') {
      const token = String(req.headers.access_token ?? '');
      if (!validAccess.has(token)) {
        state.refusedSends += 1;
        return reply(res, { error: -216, message: 'Access token is invalid' });
      }
      let body: Record<string, any>;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        violations.push('body is not JSON');
        return reply(res, { error: -201, message: 'Parameter is invalid' });
      }
      const problem = messageProblem(body);
      if (problem) {
        violations.push(problem);
        return reply(res, { error: -201, message: `Parameter is invalid: ${problem}` });
      }
      if (failures.length) {
        state.refusedSends += 1;
        const code = failures.shift()!;
        return reply(res, { error: code, message: `injected error ${code}` });
      }
      seq += 1;
      sent.push({ seq, userId: body.recipient.user_id, message: body.message, token });
      return reply(res, { error: 0, message: 'Success', data: { message_id: `zmsg${seq}`, user_id: body.recipient.user_id } });
    }
    reply(res, { error: -209, message: 'API not supported' }, 404);
  };

  const server: Server = createServer((req, res) => void handle(req, res).catch((err) => reply(res, { error: -100, message: String(err) }, 500)));
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    appId,
    appSecret,
    oaSecret,
    oaId,
    firstRefreshToken,
    sent,
    violations,
    get refusedSends() {
      return state.refusedSends;
    },
    get refreshCalls() {
      return state.refreshCalls;
    },
    get refreshRejected() {
      return state.refreshRejected;
    },
    lastRefreshToken: () => lastRefresh,
    isRefreshTokenValid: (t) => validRefresh.has(t),
    expireAccessTokens: () => validAccess.clear(),
    failNext: (...codes) => void failures.push(...codes),
    setExpiresIn: (seconds) => void (expiresIn = seconds),
    textsTo: (userId) => sent.filter((s) => s.userId === userId).map((s) => s.message.text as string),
    messagesTo: (userId) => sent.filter((s) => s.userId === userId).map((s) => s.message),
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  } as ZaloServer;
}

// ---- the emitter side: OA events as Zalo sends them (raw UTF-8, timestamp a string) ----

export function zaloMac(appId: string, raw: Buffer, timestamp: string, oaSecret: string): string {
  return createHash('sha256').update(Buffer.concat([Buffer.from(appId), raw, Buffer.from(timestamp), Buffer.from(oaSecret)])).digest('hex');
}

let msgSeq = 0;
export function nextMsgId(): string {
  msgSeq += 1;
  return `${Date.now().toString(16)}${String(msgSeq).padStart(6, '0')}cb31df`;
}

export function userText(z: Pick<ZaloServer, 'appId' | 'oaId'>, userId: string, text: string, o: { msgId?: string; timestamp?: number } = {}): Record<string, unknown> {
  return {
    app_id: z.appId,
    user_id_by_app: '979122185046046317',
    event_name: 'user_send_text',
    timestamp: String(o.timestamp ?? Date.now()),
    sender: { id: userId },
    recipient: { id: z.oaId },
    message: { msg_id: o.msgId ?? nextMsgId(), text },
  };
}

export type SignatureMode = 'valid' | 'invalid' | 'missing';

/** POSTs raw bytes to the bot's Zalo webhook, signed as asked (timestamp read from the body). */
export async function postToZalo(appUrl: string, z: Pick<ZaloServer, 'appId' | 'oaSecret'>, raw: Buffer, mode: SignatureMode = 'valid'): Promise<number> {
  const timestamp = String((JSON.parse(raw.toString('utf8')) as { timestamp?: unknown }).timestamp ?? '');
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-zevent-timestamp': timestamp };
  if (mode === 'valid') headers['x-zevent-signature'] = `mac=${zaloMac(z.appId, raw, timestamp, z.oaSecret)}`;
  if (mode === 'invalid') headers['x-zevent-signature'] = `mac=${zaloMac(z.appId, raw, timestamp, `${z.oaSecret}-wrong`)}`;
  const res = await fetch(`${appUrl}/webhooks/zalo`, { method: 'POST', headers, body: raw });
  await res.arrayBuffer();
  return res.status;
}
