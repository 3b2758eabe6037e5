import { createServer, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CardRecord, Topup } from '../../machines/complaint/types';

// The issuer's card system as docs/card-system.md describes it, on 127.0.0.1, holding exactly the
// cards a test puts in it. It is a peer we do not own, so tests run it instead of the real one.
// The shapes are the contract's own (card-system-api.md), as the procedure declares them.
export type IssuerCard = CardRecord;
export type IssuerTopup = Topup;

export type Outage = 'http500' | 'hang' | 'malformed';

export interface Issuer {
  url: string;
  put(card: IssuerCard, topups?: Omit<IssuerTopup, 'serial'>[]): void;
  /** Topups for a serial the issuer has no card for (e.g. attempts with a mistyped serial). */
  outage(serial: string, kind: Outage): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export async function startIssuer(): Promise<Issuer> {
  const cards = new Map<string, IssuerCard>();
  const topups = new Map<string, IssuerTopup[]>();
  const outages = new Map<string, Outage>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
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
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}
