import type { Server } from 'restify';
import type { ChannelContext } from '../context';
import { parseJsonKeepingLargeIds } from '../json';
import { rawBodyOf } from '../raw-body';
import type { ChannelTurns } from '../turns';
import type { ZaloAdapter } from './adapter';
import { checkZaloSignature, ZaloSignatureFormula } from './signature';
import { isTooOld, zaloShapeError } from '../webhook-checks';
import { ZALO, oaIdOf, toActivity, type ZaloEvent } from './translate';

export const ZALO_WEBHOOK = '/webhooks/zalo';

export interface ZaloWebhookDeps {
  ctx: ChannelContext;
  adapter: ZaloAdapter;
  turns: ChannelTurns;
  appId: string;
  oaSecretKey: string;
  formula: ZaloSignatureFormula;
  serviceUrl: string;
}

/**
 * POST: OA events, signed with X-ZEvent-Signature (formula in ZALO_SIGNATURE_FORMULA) over the raw
 * bytes. Each msg_id is processed once; Zalo gets its 200 at once (it allows about 2 s) and the
 * bot's turn runs after. There is no GET handshake: Zalo verifies the domain instead.
 */
export function registerZaloWebhook(server: Server, deps: ZaloWebhookDeps): void {
  const { ctx } = deps;
  const log = ctx.log.child({ channel: ZALO });

  server.post(ZALO_WEBHOOK, async (req, res) => {
    const raw = rawBodyOf(req) ?? Buffer.alloc(0);
    const header = req.header('x-zevent-signature') || undefined;
    if (!header) {
      log.warn('delivery refused: X-ZEvent-Signature missing');
      res.sendRaw(401, 'signature missing', { 'content-type': 'text/plain' });
      return;
    }
    let event: ZaloEvent;
    try {
      event = parseJsonKeepingLargeIds(raw.toString('utf8')) as ZaloEvent;
      if (!event || typeof event !== 'object') throw new Error('not an object');
    } catch {
      res.sendRaw(400, 'invalid JSON', { 'content-type': 'text/plain' });
      return;
    }
    const shape = zaloShapeError(event);
    if (shape) {
      log.warn({ shape }, 'delivery refused: unexpected field type');
      res.sendRaw(400, 'unexpected field type', { 'content-type': 'text/plain' });
      return;
    }
    const check = checkZaloSignature(header, deps.formula, {
      raw,
      appId: deps.appId,
      oaId: oaIdOf(event),
      timestamp: event.timestamp === undefined ? '' : String(event.timestamp),
      headerTimestamp: req.header('x-zevent-timestamp') || '',
      oaSecretKey: deps.oaSecretKey,
    });
    if (check !== 'ok') {
      // Never the secret; enough to compare with a real delivery when the formula is in doubt.
      log.warn({ event: event.event_name, appId: event.app_id, timestamp: event.timestamp }, 'delivery refused: X-ZEvent-Signature invalid');
      res.sendRaw(403, 'signature invalid', { 'content-type': 'text/plain' });
      return;
    }
    if (isTooOld(event.timestamp, ctx.clock(), ctx.config.WEBHOOK_MAX_AGE_MINUTES)) {
      ctx.metrics.webhookStale.inc({ channel: ZALO });
      log.warn({ event: event.event_name, timestamp: event.timestamp }, 'stale event dropped (older than WEBHOOK_MAX_AGE_MINUTES)');
      res.sendRaw(200, 'ok', { 'content-type': 'text/plain' });
      return;
    }
    const t = toActivity(event, deps.serviceUrl);
    if (t.kind === 'ignore') {
      log.debug({ event: event.event_name, why: t.why }, 'event ignored');
      res.sendRaw(200, 'ok', { 'content-type': 'text/plain' });
      return;
    }
    let fresh;
    try {
      fresh = await deps.turns.accept(ZALO, [t]);
    } catch (err) {
      log.error({ err }, 'could not record a delivery');
      res.sendRaw(503, 'try again', { 'content-type': 'text/plain' });
      return;
    }
    res.sendRaw(200, 'ok', { 'content-type': 'text/plain' });
    if (fresh.length) deps.turns.start(deps.adapter, t.activity);
    else log.info('duplicate delivery dropped');
  });
}
