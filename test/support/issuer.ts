import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { CardRecord, Topup } from '../../machines/complaint/types';
import { CardSystemError } from '../../bot/card-system/client';

// The issuer's card system as docs/card-system.md describes it, on 127.0.0.1, holding exactly the
// cards a test puts in it. It is a peer we do not own, so tests run it instead of the real one.
// The one test peer of the contract: a test that needs an answer the contract does not allow
// (garbage, a redirect, silence) replaces the answers with handle().
// The shapes are the contract's own (card-system-api.md), as the procedure declares them.
export type IssuerCard = CardRecord;
export type IssuerTopup = Topup;

export type Outage = 'http500' | 'hang' | 'malformed';

/** Answers every request instead of the cards put in; a handler that never answers is a hang. */
export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export interface Issuer {
  url: string;
  put(card: IssuerCard, topups?: Omit<IssuerTopup, 'serial'>[]): void;
  /** Topups for a serial the issuer has no card for (e.g. attempts with a mistyped serial). */
  outage(serial: string, kind: Outage): void;
  /** Every request received: path with query, and the Authorization header. */
  requests: { path: string; authorization?: string }[];
  handle(h: Handler): void;
  close(): Promise<void>;
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export async function startIssuer(): Promise<Issuer> {
  const cards = new Map<string, IssuerCard>();
  const topups = new Map<string, IssuerTopup[]>();
  const outages = new Map<string, Outage>();
  const requests: Issuer['requests'] = [];
  let handler: Handler | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname + url.search, authorization: req.headers.authorization });
    if (handler) return handler(req, res, url);
    const serial = decodeURIComponent(url.pathname.match(/^\/cards\/(.+)$/)?.[1] ?? url.searchParams.get('serial') ?? '');
    const outage = outages.get(serial);
    if (outage === 'hang') return; // never answers: the bot's time-out must fire
    if (outage === 'http500') return send(res, 500, { error: 'internal' });
    if (outage === 'malformed') return send(res, 200, '{"serial": 42, "status": "weird"');
    if (url.pathname.startsWith('/cards/')) {
      const card = cards.get(serial);
      return card ? send(res, 200, card) : send(res, 404, { error: 'not_found' });
    }
    if (url.pathname === '/topups') {
      const list = [...(topups.get(serial) ?? [])].sort((a, b) => b.at.localeCompare(a.at));
      return send(res, 200, list);
    }
    send(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    put(card, list = []) {
      cards.set(card.serial, card);
      topups.set(card.serial, list.map((t) => ({ ...t, serial: card.serial })));
    },
    outage(serial, kind) {
      outages.set(serial, kind);
    },
    requests,
    handle(h) {
      handler = h;
    },
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The CardSystemError a card check fails with; fails the test when the check succeeds. */
export async function failure(p: Promise<unknown>): Promise<CardSystemError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(CardSystemError);
    return err as CardSystemError;
  }
  expect.fail('the check should have failed');
}

/** A card sold by an agency and used on Naruto Đại Chiến at `usedAt`, the case most tests complain about. */
export function usedCard(serial: string, usedAt: string): IssuerCard {
  return {
    serial,
    denomination: 50000,
    status: 'used',
    activatedAt: '2026-10-01T08:00:00+07:00',
    soldAt: '2026-11-20T09:15:00+07:00',
    soldBy: { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' },
    usedAt,
    usedBy: { service: 'Naruto Đại Chiến', account: 'ninja_2010' },
  };
}

/** The customer's failed top-up with that card ("thẻ đã được sử dụng"). */
export function cardUsedTopup(serial: string): Omit<IssuerTopup, 'serial'> {
  return { id: `TP-${serial}`, at: '2026-11-24T20:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja_2010', result: 'failed', error: 'card_used' };
}
