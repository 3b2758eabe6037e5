import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// The Bot Framework channel service a bot posts to outside a turn
// (POST {serviceUrl}/v3/conversations/{id}/activities), on 127.0.0.1.
export interface Connector {
  url: string;
  received: Array<{ conversationId: string; activity: Record<string, any> }>;
  /** Answers the next `times` posts with `status` (the client retries 5xx on its own). */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

export async function startConnector(): Promise<Connector> {
  const received: Connector['received'] = [];
  let fail = 0;
  let failures = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) {
        res.writeHead(404);
        res.end();
        return;
      }
      if (fail) {
        res.writeHead(fail, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"ServiceError"}}');
        failures -= 1;
        if (failures <= 0) fail = 0;
        return;
      }
      received.push({ conversationId: decodeURIComponent(m[1]), activity: JSON.parse(body) });
      // Not chained: restify, loaded in the same process, patches writeHead to return nothing.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `act-${received.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    failNext(status, times = 1) {
      fail = status;
      failures = times;
    },
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}
