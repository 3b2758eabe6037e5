import type { Request, Server } from 'restify';
import { BodyError, MAX_BODY_BYTES, readCapped, refuse } from '../http/body';

const RAW_BODY = Symbol('rawBody');

/**
 * Webhook signatures are computed over the exact bytes the platform sent, so for the webhook
 * paths this pre-handler reads the body itself into one Buffer (a multi-byte Vietnamese character
 * split across chunks stays intact), capped before anything parses it, and tells the JSON body
 * reader the body is already read. The handlers parse the bytes after verifying them.
 */
export function captureRawBody(server: Server, paths: readonly string[], maxBytes = MAX_BODY_BYTES): void {
  server.pre((req, res, next) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !paths.includes(path)) return next();
    readCapped(req, maxBytes).then(
      (raw) => {
        (req as unknown as Record<symbol, Buffer>)[RAW_BODY] = raw;
        const flags = req as unknown as { _readBody: boolean; _parsedBody: boolean; body: unknown };
        flags._readBody = true;
        flags._parsedBody = true;
        flags.body = undefined;
        next();
      },
      (err: Error) => {
        if (!(err instanceof BodyError)) return next(err);
        refuse(req, res, err);
        return next(false);
      },
    );
  });
}

/** The bytes of a request whose path was given to `captureRawBody`. */
export function rawBodyOf(req: Request): Buffer | undefined {
  return (req as unknown as Record<symbol, Buffer | undefined>)[RAW_BODY];
}
