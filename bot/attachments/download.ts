import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Connection } from 'mongoose';
import { attachmentModel, MAX_ATTACHMENT_BYTES } from '../../models/attachment';

/** What the transcript keeps of one attachment of a customer's message. */
export interface StoredFile {
  /** The attachment's _id when it was kept. */
  id?: string;
  /** Sniffed type of what was kept, or the type the channel announced when nothing was. */
  contentType: string;
  size?: number;
  /** Why nothing was kept: no_url, too_large, type_not_allowed, unreachable, timeout, bad_url. */
  error?: string;
}

const TIMEOUT_MS = 10_000;
const MAX_PER_MESSAGE = 5;
const MAX_REDIRECTS = 3;

// Only what an agent can look at safely in the page: photos and PDFs, told by their first bytes.
function sniff(b: Buffer): string | undefined {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return undefined;
}

function isPrivate(ip: string): boolean {
  if (isIP(ip) === 6) {
    const v = ip.toLowerCase();
    if (v.startsWith('::ffff:')) return isPrivate(v.slice(7));
    return v === '::1' || v === '::' || v.startsWith('fc') || v.startsWith('fd') || v.startsWith('fe80');
  }
  const [a, b] = ip.split('.').map(Number);
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

class Refused extends Error {}

/**
 * Downloads attachments of inbound messages: http(s) only, public hosts only (unless allowed),
 * a timeout over the whole download, at most MAX_ATTACHMENT_BYTES, photos and PDFs only.
 */
export class AttachmentFetcher {
  constructor(private readonly conn: Connection, private readonly opts: { allowPrivateHosts: boolean; timeoutMs?: number }) {}

  async keep(conversation: string, attachments: Array<{ contentType?: string; contentUrl?: string }>, at: Date): Promise<StoredFile[] | undefined> {
    // Stickers are not evidence of anything: their kind is noted (transcript.attachments), no copy.
    const wanted = attachments.filter((a) => a.contentType !== 'image/sticker').slice(0, MAX_PER_MESSAGE);
    return wanted.length ? Promise.all(wanted.map((a) => this.one(conversation, a, at))) : undefined;
  }

  private async one(conversation: string, a: { contentType?: string; contentUrl?: string }, at: Date): Promise<StoredFile> {
    const announced = String(a.contentType ?? 'application/octet-stream').slice(0, 100);
    if (!a.contentUrl) return { contentType: announced, error: 'no_url' };
    let data: Buffer;
    try {
      data = await this.download(a.contentUrl);
    } catch (err) {
      const reason = err instanceof Refused ? err.message : (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError' ? 'timeout' : 'unreachable';
      return { contentType: announced, error: reason };
    }
    const contentType = sniff(data);
    if (!contentType) return { contentType: announced, size: data.length, error: 'type_not_allowed' };
    const id = randomUUID();
    await attachmentModel(this.conn).create({ _id: id, conversation, contentType, size: data.length, data, at });
    return { id, contentType, size: data.length };
  }

  private async download(url: string): Promise<Buffer> {
    const signal = AbortSignal.timeout(this.opts.timeoutMs ?? TIMEOUT_MS);
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      await this.checkUrl(current, signal);
      const res = await fetch(current, { redirect: 'manual', signal });
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        current = new URL(res.headers.get('location')!, current).toString();
        continue;
      }
      if (!res.ok || !res.body) throw new Refused('unreachable');
      if (Number(res.headers.get('content-length') ?? 0) > MAX_ATTACHMENT_BYTES) {
        await res.body.cancel();
        throw new Refused('too_large');
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > MAX_ATTACHMENT_BYTES) throw new Refused('too_large');
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks);
    }
    throw new Refused('unreachable');
  }

  private async checkUrl(raw: string, signal: AbortSignal): Promise<void> {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new Refused('bad_url');
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Refused('bad_url');
    if (this.opts.allowPrivateHosts) return;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    // The resolver has no timeout of its own: the download's deadline bounds it too.
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => {}); // settles after the race too: not an unhandled rejection
    const addresses = isIP(host) ? [host] : (await Promise.race([lookup(host, { all: true }), aborted])).map((x) => x.address);
    // The check and the connection resolve separately: a host that changes its answer in between
    // could still reach a private address; the platforms' CDNs do not.
    if (!addresses.length || addresses.some(isPrivate)) throw new Refused('bad_url');
  }
}
