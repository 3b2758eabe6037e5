import { timingSafeEqual, createHash } from 'node:crypto';
import type { Server } from 'restify';
import type { ChannelContext } from '../context';
import { parseJsonKeepingLargeIds } from '../json';
import { rawBodyOf } from '../raw-body';
import type { ChannelTurns } from '../turns';
import type { MessengerAdapter } from './adapter';
import { checkHubSignature } from './signature';
import { isTooOld, messengerShapeError } from '../webhook-checks';
import { MESSENGER, eventsOf, toActivity, type MessengerEnvelope } from './translate';

export const MESSENGER_WEBHOOK = '/webhooks/messenger';

export interface MessengerWebhookDeps {
  ctx: ChannelContext;
  adapter: MessengerAdapter;
  turns: ChannelTurns;
  appSecret: string;
  verifyToken: string;
  serviceUrl: string;
}

const sameText = (a: string, b: string) => {
  // Hash first: timingSafeEqual needs equal lengths, and the length itself should not leak.
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
};

/**
 * GET: the verification handshake Meta runs when the callback URL is saved.
 * POST: deliveries, signed with the App Secret. Verified on the raw bytes, each message recorded
 * once, answered 200 at once; the bot's turns run after the answer.
 */
export function registerMessengerWebhook(server: Server, deps: MessengerWebhookDeps): void {
  const { ctx } = deps;
  const log = ctx.log.child({ channel: MESSENGER });

  server.get(MESSENGER_WEBHOOK, async (req, res) => {
    const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const challenge = q.get('hub.challenge') ?? '';
    if (q.get('hub.mode') === 'subscribe' && sameText(q.get('hub.verify_token') ?? '', deps.verifyToken)) {
      res.sendRaw(200, challenge, { 'content-type': 'text/plain; charset=utf-8' });
      return;
    }
    log.warn('webhook verification refused: wrong hub.mode or hub.verify_token');
    res.sendRaw(403, 'forbidden', { 'content-type': 'text/plain' });
  });

  server.post(MESSENGER_WEBHOOK, async (req, res) => {
    const raw = rawBodyOf(req) ?? Buffer.alloc(0);
    const check = checkHubSignature(raw, req.header('x-hub-signature-256') || undefined, deps.appSecret);
    if (check !== 'ok') {
      log.warn({ check }, 'delivery refused: X-Hub-Signature-256 %s', check);
      res.sendRaw(check === 'missing' ? 401 : 403, `signature ${check}`, { 'content-type': 'text/plain' });
      return;
    }
    let body: MessengerEnvelope;
    try {
      body = parseJsonKeepingLargeIds(raw.toString('utf8')) as MessengerEnvelope;
    } catch {
      res.sendRaw(400, 'invalid JSON', { 'content-type': 'text/plain' });
      return;
    }
    const shape = messengerShapeError(body);
    if (shape) {
      log.warn({ shape }, 'delivery refused: unexpected field type');
      res.sendRaw(400, 'unexpected field type', { 'content-type': 'text/plain' });
      return;
    }
    if (body?.object !== 'page') {
      // Signed by our app but not a Page messaging delivery (e.g. Instagram): acknowledge, skip.
      res.sendRaw(200, 'EVENT_RECEIVED', { 'content-type': 'text/plain' });
      return;
    }
    const turns = [];
    for (const { pageId, event } of eventsOf(body)) {
      if (isTooOld(event.timestamp, ctx.clock(), ctx.config.WEBHOOK_MAX_AGE_MINUTES)) {
        ctx.metrics.webhookStale.inc({ channel: MESSENGER });
        log.warn({ timestamp: event.timestamp }, 'stale event dropped (older than WEBHOOK_MAX_AGE_MINUTES)');
        continue;
      }
      const t = toActivity(pageId, event, deps.serviceUrl);
      if (t.kind === 'turn') turns.push(t);
      else log.debug({ why: t.why }, 'event ignored');
    }
    let fresh;
    try {
      fresh = await deps.turns.accept(MESSENGER, turns);
    } catch (err) {
      // Not recorded, not answered: Meta delivers again.
      log.error({ err }, 'could not record a delivery');
      res.sendRaw(503, 'try again', { 'content-type': 'text/plain' });
      return;
    }
    if (fresh.length < turns.length) log.info({ dropped: turns.length - fresh.length }, 'duplicate delivery dropped');
    res.sendRaw(200, 'EVENT_RECEIVED', { 'content-type': 'text/plain' });
    // Out-of-order delivery happens: within a batch, older messages first.
    fresh.sort((a, b) => Number(a.activity.timestamp) - Number(b.activity.timestamp));
    for (const t of fresh) deps.turns.start(deps.adapter, t.activity);
  });
}
