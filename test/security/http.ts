import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { messageActivity } from '../../scripts/bot-client';

export interface RawResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One raw HTTP request (fetch cannot send a forged Content-Encoding body or stream past a cap). */
export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string; chunks?: AsyncIterable<Buffer> },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'POST', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.chunks) {
      void (async () => {
        try {
          for await (const c of opts.chunks!) {
            if (req.destroyed) return;
            if (!req.write(c)) await new Promise((r) => req.once('drain', r));
          }
          req.end();
        } catch {
          /* the server closed the connection: the answer has arrived */
        }
      })();
    } else req.end(opts.body);
  });
}

/** A peer that accepts connections and records requests, answering never (hang) or 200. */
export async function startPeer(mode: 'hang' | 'ok', host = '127.0.0.1') {
  const received: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    if (mode === 'ok') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"x"}');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    received,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export function activity(conversationId: string, text: string, extra: Record<string, unknown> = {}) {
  return { ...messageActivity(conversationId, text), ...extra };
}
