import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Connection } from 'mongoose';
import { cardModel, CardDoc } from '../../models/card';
import { topupModel, TopupAttempt, TopupsDoc } from '../../models/topup';
import { OUTAGE_SERIALS } from '../../models/demo-cards';
import { formatVnInstant } from '../../machines/rules/vn-time';

// The card-system contract served from MongoDB, for machines without CARD_SYSTEM_URL. The bot
// reaches it through the same HTTP client as the issuer's service, so the demo exercises the real
// path. Loopback only: card records hold customers' game accounts.

export interface BuiltInCardSystem {
  /** http://127.0.0.1:<port> — give it to createCardSystemClient. */
  url: string;
  stop(): Promise<void>;
}

/** An instant as ISO 8601 in Vietnam's offset, e.g. 2026-11-20T10:02:00+07:00. */
export function vietnamIso(d: Date): string {
  return formatVnInstant(d.getTime());
}

export function renderCard(c: CardDoc): Record<string, unknown> {
  const out: Record<string, unknown> = { serial: c._id, denomination: c.denomination, status: c.status };
  if (c.activatedAt) out.activatedAt = vietnamIso(c.activatedAt);
  if (c.soldAt) out.soldAt = vietnamIso(c.soldAt);
  if (c.soldBy?.name) out.soldBy = c.soldBy.address ? { name: c.soldBy.name, address: c.soldBy.address } : { name: c.soldBy.name };
  if (c.usedAt) out.usedAt = vietnamIso(c.usedAt);
  if (c.usedBy) out.usedBy = { service: c.usedBy.service, account: c.usedBy.account };
  return out;
}

export function renderTopup(serial: string, t: TopupAttempt): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.id,
    at: vietnamIso(t.at),
    service: t.service,
    account: t.account,
    serial,
    result: t.result,
  };
  if (t.result === 'failed' && t.error) out.error = t.error;
  if (typeof t.providerAck === 'boolean') out.providerAck = t.providerAck;
  return out;
}

export async function startBuiltInCardSystem(conn: Connection, opts: { token?: string } = {}): Promise<BuiltInCardSystem> {
  const Card = cardModel(conn);
  const Topup = topupModel(conn);
  const expected = opts.token ? Buffer.from(`Bearer ${opts.token}`) : undefined;

  const authorised = (req: IncomingMessage) => {
    if (!expected) return true;
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return send(res, 405, { error: 'method_not_allowed' });
    if (!authorised(req)) return send(res, 401, { error: 'unauthorized' });

    const cardPath = /^\/cards\/([^/]+)$/.exec(url.pathname);
    let serial: string | null;
    if (cardPath) serial = safeDecode(cardPath[1]);
    else if (url.pathname === '/topups') serial = url.searchParams.get('serial');
    // Any other path is not "no such card": a 404 of that shape would read as one to the client.
    else return send(res, 404, { error: 'unknown_route' });
    if (!serial) return send(res, 400, { error: 'bad_request' });

    if (serial === OUTAGE_SERIALS.serverError) return send(res, 500, { error: 'simulated_outage' });
    if (serial === OUTAGE_SERIALS.hang) return; // never answered; stop() closes the socket

    if (cardPath) {
      const card = await Card.findById(serial).lean<CardDoc>();
      return card ? send(res, 200, renderCard(card)) : send(res, 404, { error: 'not_found' });
    }
    const doc = await Topup.findById(serial).lean<TopupsDoc>();
    const attempts = [...(doc?.attempts ?? [])].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id));
    return send(res, 200, attempts.map((t) => renderTopup(serial as string, t)));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'internal' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}
