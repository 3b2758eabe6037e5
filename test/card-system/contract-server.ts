import { createServer, IncomingMessage, ServerResponse, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for the issuer's card system, on 127.0.0.1: each test decides what it answers.
export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export interface FakeIssuer {
  url: string;
  requests: { path: string; authorization?: string }[];
  handle(h: Handler): void;
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export async function startFakeIssuer(): Promise<FakeIssuer> {
  let handler: Handler = (_req, res) => json(res, 500, { error: 'no handler' });
  const requests: FakeIssuer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ path: url.pathname + url.search, authorization: req.headers.authorization });
    handler(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
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
