import type { IncomingMessage } from 'node:http';
import type { Request, Response, Next } from 'restify';

/** The largest body any route accepts (a Bot Framework activity, a webhook batch, a console form). */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyError extends Error {
  constructor(readonly status: 400 | 413 | 415, readonly code: string) {
    super(code);
  }
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A compressed body would be inflated past any cap that counts the bytes on the wire: refused, as
 * is every encoding the bot never asked for.
 */
function checkEncoding(req: IncomingMessage): void {
  const enc = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (enc !== '' && enc !== 'identity') throw new BodyError(415, 'unsupported_encoding');
}

/**
 * Reads the whole body into memory, stopping at `maxBytes`: a declared Content-Length above the
 * cap is refused before a byte is read, a stream that grows past it is cut off there. Nothing is
 * written to disk.
 */
export function readCapped(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  try {
    checkEncoding(req);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new BodyError(413, 'payload_too_large'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (err: Error | undefined, body?: Buffer) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      if (err) reject(err);
      else resolve(body!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading; the socket is closed after the 413 is written (see refuse()).
        req.pause();
        settle(new BodyError(413, 'payload_too_large'));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle(undefined, Buffer.concat(chunks, size)));
    req.once('error', (err) => settle(err));
    req.once('aborted', () => settle(new BodyError(400, 'aborted')));
  });
}

/**
 * Answers a refused body as JSON and closes the connection: the rest of the body was not read and
 * must not be taken for the next request.
 */
export function refuse(req: Request, res: Response, err: BodyError): void {
  res.setHeader('Connection', 'close');
  res.send(err.status, { error: err.code });
  res.once('finish', () => req.socket.destroy());
}

function isJson(contentType: string): boolean {
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * The body reader of every route (replaces restify's bodyParser, which inflates gzip past its cap
 * and spools multipart uploads to temporary files): JSON only, at most MAX_BODY_BYTES, parsed into
 * req.body. Routes that verify signatures over raw bytes read their body earlier (raw-body.ts).
 */
export function jsonBody(maxBytes = MAX_BODY_BYTES) {
  return (req: Request, res: Response, next: Next): void => {
    const flags = req as unknown as { _readBody?: boolean; body?: unknown };
    const fail = (err: unknown) => {
      if (!(err instanceof BodyError)) return next(err as Error);
      refuse(req, res, err);
      return next(false);
    };
    if (flags._readBody || !METHODS_WITH_BODY.has(req.method ?? '')) return next();
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    try {
      checkEncoding(req);
      if (!hasBody) {
        flags.body = undefined;
        return next();
      }
      if (!isJson(String(req.headers['content-type'] ?? ''))) throw new BodyError(415, 'json_only');
    } catch (err) {
      return fail(err);
    }
    readCapped(req, maxBytes).then((raw) => {
      flags._readBody = true;
      const text = raw.toString('utf8');
      if (text.trim() === '') flags.body = undefined;
      else {
        try {
          flags.body = JSON.parse(text);
        } catch {
          return fail(new BodyError(400, 'invalid_json'));
        }
      }
      return next();
    }, fail);
  };
}
