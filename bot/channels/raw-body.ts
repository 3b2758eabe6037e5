import type { Request, Server } from 'restify';

const RAW_BODY = Symbol('rawBody');

/**
 * Webhook signatures are computed over the exact bytes the platform sent. restify's bodyParser
 * (installed for every route) would decode them to a string and parse them first, so for the
 * webhook paths this pre-handler reads the body itself into one Buffer (Buffer.concat: a
 * multi-byte Vietnamese character split across chunks stays intact) and tells bodyParser the body
 * is already read and parsed. The handlers parse the bytes after verifying them.
 */
export function captureRawBody(server: Server, paths: readonly string[], maxBytes = 1024 * 1024): void {
  server.pre((req, res, next) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !paths.includes(path)) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      if (err) return next(err);
      if (size > maxBytes) {
        res.sendRaw(413, 'payload too large', { 'content-type': 'text/plain' });
        return next(false);
      }
      (req as unknown as Record<symbol, Buffer>)[RAW_BODY] = Buffer.concat(chunks);
      const flags = req as unknown as { _readBody: boolean; _parsedBody: boolean; body: unknown };
      flags._readBody = true;
      flags._parsedBody = true;
      flags.body = undefined;
      next();
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.once('end', () => finish());
    req.once('error', (err) => finish(err));
  });
}

/** The bytes of a request whose path was given to `captureRawBody`. */
export function rawBodyOf(req: Request): Buffer | undefined {
  return (req as unknown as Record<symbol, Buffer | undefined>)[RAW_BODY];
}
