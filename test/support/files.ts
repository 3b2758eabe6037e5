import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A platform's media host on 127.0.0.1 (Messenger's and Zalo's CDN URLs, a Bot Framework
// channel's contentUrl): serves what a test put at a path, and counts the requests.

/** A 2×2 red PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==',
  'base64',
);

export interface FileHost {
  url: string;
  put(path: string, body: Buffer, contentType: string): void;
  /** The path answers after this many ms. */
  slow(path: string, ms: number): void;
  requests: string[];
  close(): Promise<void>;
}

export async function startFileHost(): Promise<FileHost> {
  const files = new Map<string, { body: Buffer; type: string; delay?: number }>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const f = files.get(req.url ?? '');
    if (!f) {
      res.writeHead(404);
      res.end();
      return;
    }
    setTimeout(() => {
      res.writeHead(200, { 'content-type': f.type });
      res.end(f.body);
    }, f.delay ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    put: (path, body, type) => void files.set(path, { body, type }),
    slow: (path, ms) => {
      const f = files.get(path);
      if (f) f.delay = ms;
    },
    requests,
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}
