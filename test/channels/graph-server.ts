import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chars, readBody } from './peer-http';

// Meta's Graph API Send endpoint as channels.md §1.5/§1.8 describes it, on 127.0.0.1: checks the
// Page token (and appsecret_proof), the sender_action-alone rule, text ≤ 2000 characters, quick
// replies ≤ 13 with non-empty titles ≤ 20 characters and payloads ≤ 1000, messaging_type/tag,
// and answers {recipient_id, message_id} or Graph's error envelope. Plus a Meta-like emitter that
// serialises deliveries with escaped non-ASCII and "\/" and signs those exact bytes.

export interface GraphRequest {
  seq: number;
  psid: string;
  kind: 'message' | 'action';
  body: Record<string, any>;
}

export interface Failure {
  status: number;
  code?: number;
  subcode?: number;
}

export interface GraphServer {
  /** Base URL with the version, as FB_GRAPH_URL. */
  url: string;
  pageId: string;
  token: string;
  appSecret: string;
  verifyToken: string;
  /** Accepted requests, in arrival order. */
  accepted: GraphRequest[];
  /** Message sends answered with an injected failure. */
  refused: GraphRequest[];
  /** Requests that broke the documented contract (answered 400). Must stay empty. */
  violations: string[];
  messagesTo(psid: string): Array<Record<string, any>>;
  textsTo(psid: string): string[];
  /** The next message sends (not sender actions) get these answers, in order. */
  failNext(...failures: Failure[]): void;
  /** Holds every answer until the returned function is called. */
  hold(): () => void;
  /** Requests received but not answered yet (while held). */
  heldCount(): number;
  close(): Promise<void>;
}


function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const graphError = (message: string, code: number, subcode?: number) => ({
  error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AbCdEf' },
});

/** What is wrong with a Send API body, or undefined. */
function contractProblem(body: Record<string, any>): string | undefined {
  if (typeof body.recipient?.id !== 'string' || !body.recipient.id) return 'recipient.id must be a PSID string';
  if (body.sender_action !== undefined) {
    const keys = Object.keys(body).sort().join(',');
    if (keys !== 'recipient,sender_action') return `sender_action must be sent alone (got ${keys})`;
    if (!['typing_on', 'typing_off', 'mark_seen'].includes(body.sender_action)) return 'unknown sender_action';
    return undefined;
  }
  if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(body.messaging_type)) return 'messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG';
  if (body.messaging_type === 'MESSAGE_TAG' && !body.tag) return 'MESSAGE_TAG needs a tag';
  if (body.messaging_type !== 'MESSAGE_TAG' && body.tag) return 'tag without MESSAGE_TAG';
  const m = body.message;
  if (!m || (typeof m.text !== 'string' && !m.attachment)) return 'message needs text or an attachment';
  if (typeof m.text === 'string' && (chars(m.text) > 2000 || chars(m.text) === 0)) return `text of ${chars(m.text)} characters (1-2000)`;
  if (m.quick_replies !== undefined) {
    if (!Array.isArray(m.quick_replies) || m.quick_replies.length > 13) return `quick_replies: ${m.quick_replies?.length} (max 13)`;
    for (const q of m.quick_replies) {
      if (q.content_type !== 'text') return `quick reply content_type ${q.content_type}`;
      if (typeof q.title !== 'string' || chars(q.title) === 0 || chars(q.title) > 20) return `quick reply title "${q.title}" (1-20 characters)`;
      if (typeof q.payload !== 'string' || chars(q.payload) > 1000) return 'quick reply payload (max 1000 characters)';
    }
  }
  return undefined;
}

export async function startGraphServer(opts: { port?: number } = {}): Promise<GraphServer> {
  const pageId = '105000000000001';
  const token = 'EAAG-test-page-token';
  const appSecret = 'test-app-secret-0123456789';
  const proof = createHmac('sha256', appSecret).update(token).digest('hex');
  const accepted: GraphRequest[] = [];
  const refused: GraphRequest[] = [];
  const violations: string[] = [];
  const failures: Failure[] = [];
  let held: Array<() => void> | undefined;
  let seq = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    if (req.method !== 'POST' || !/^\/v\d+\.\d+\/(me|\d+)\/messages$/.test(url.pathname)) return reply(res, 404, graphError('Unknown path', 803));
    if (url.searchParams.get('access_token') !== token) return reply(res, 400, graphError('Invalid OAuth access token.', 190));
    if (url.searchParams.has('appsecret_proof') && url.searchParams.get('appsecret_proof') !== proof) {
      return reply(res, 400, graphError('Invalid appsecret_proof provided in the API argument', 100));
    }
    if (!/^application\/json/.test(req.headers['content-type'] ?? '')) violations.push('content-type must be application/json');
    let body: Record<string, any>;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      violations.push('body is not JSON');
      return reply(res, 400, graphError('Invalid JSON', 100));
    }
    const problem = contractProblem(body);
    if (problem) {
      violations.push(problem);
      return reply(res, 400, graphError(`(#100) ${problem}`, 100));
    }
    seq += 1;
    const r: GraphRequest = { seq, psid: body.recipient.id, kind: body.sender_action ? 'action' : 'message', body };
    if (r.kind === 'message' && failures.length) {
      const f = failures.shift()!;
      refused.push(r);
      return reply(res, f.status, graphError('injected failure', f.code ?? 2, f.subcode));
    }
    accepted.push(r);
    reply(res, 200, r.kind === 'message' ? { recipient_id: r.psid, message_id: `m_${seq}` } : { recipient_id: r.psid });
  };

  const server: Server = createServer((req, res) => {
    const go = () => void handle(req, res).catch((err) => reply(res, 500, graphError(String(err), 1)));
    if (held) held.push(go);
    else go();
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v24.0`,
    pageId,
    token,
    appSecret,
    verifyToken: 'qpal-verify-token',
    accepted,
    refused,
    violations,
    messagesTo: (psid) => accepted.filter((r) => r.kind === 'message' && r.psid === psid).map((r) => r.body),
    textsTo: (psid) => accepted.filter((r) => r.kind === 'message' && r.psid === psid).map((r) => r.body.message.text as string),
    failNext: (...f) => void failures.push(...f),
    hold() {
      held = [];
      return () => {
        const list = held ?? [];
        held = undefined;
        for (const go of list) go();
      };
    },
    heldCount: () => held?.length ?? 0,
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}

// ---- the emitter side: deliveries as Meta sends them ----

/** JSON as Meta writes it: non-ASCII as \uXXXX (lowercase hex), "/" as "\/". */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

export function hubSignatures(raw: Buffer, secret: string): Record<string, string> {
  return {
    'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
    'x-hub-signature': `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`,
  };
}

export type SignatureMode = 'valid' | 'invalid' | 'missing';

/** POSTs raw bytes to the bot's Messenger webhook, signed as asked; returns the HTTP status. */
export async function postToMessenger(appUrl: string, raw: Buffer, secret: string, mode: SignatureMode = 'valid'): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (mode === 'valid') Object.assign(headers, hubSignatures(raw, secret));
  if (mode === 'invalid') Object.assign(headers, hubSignatures(raw, `${secret}-wrong`));
  const res = await fetch(`${appUrl}/webhooks/messenger`, { method: 'POST', headers, body: raw });
  await res.arrayBuffer();
  return res.status;
}

let midSeq = 0;
export function nextMid(): string {
  midSeq += 1;
  return `m_${Date.now().toString(36)}${midSeq}AbC-_dEf`;
}

export function envelope(pageId: string, events: Array<Record<string, unknown>>, time = Date.now()): Record<string, unknown> {
  return { object: 'page', entry: [{ id: pageId, time, messaging: events }] };
}

export function textEvent(
  pageId: string,
  psid: string,
  text: string,
  o: { mid?: string; timestamp?: number; quickReplyPayload?: string } = {},
): Record<string, unknown> {
  return {
    sender: { id: psid },
    recipient: { id: pageId },
    timestamp: o.timestamp ?? Date.now(),
    message: { mid: o.mid ?? nextMid(), text, ...(o.quickReplyPayload ? { quick_reply: { payload: o.quickReplyPayload } } : {}) },
  };
}
