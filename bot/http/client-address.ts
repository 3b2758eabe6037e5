import type { IncomingMessage } from 'node:http';

/** An IPv4-mapped IPv6 address (::ffff:1.2.3.4) as its IPv4 form. */
const plain = (a: string): string => (a.startsWith('::ffff:') ? a.slice(7) : a);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = plain(address);
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/**
 * A client on this machine, talking to the bot directly. A reverse proxy on the same host also
 * connects from 127.0.0.1, so a request carrying forwarding headers counts as remote.
 */
export function isDirectLoopbackClient(req: IncomingMessage): boolean {
  const h = req.headers;
  if (h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined) return false;
  return isLoopbackAddress(req.socket.remoteAddress);
}

/** http(s)://localhost, 127.x.x.x or [::1]: a serviceUrl that stays on this machine. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && (LOOPBACK_HOSTS.has(u.hostname) || isLoopbackAddress(u.hostname));
  } catch {
    return false;
  }
}

/** Past this, a forwarding header is not read at all (it is attacker-sized text). */
const MAX_FORWARDED_FOR = 1024;
const MAX_HOPS = 16;

/**
 * The address throttles count by: the socket's peer, since forwarding headers can be forged. Only
 * when that peer is one of our own reverse proxies (TRUSTED_PROXIES) is X-Forwarded-For read, from
 * the right: the first hop that is not one of our proxies is the client, whatever a client wrote
 * further left. Without it every client behind a proxy would share the proxy's address.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string> = new Set()): string {
  const peer = plain(req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text || text.length > MAX_FORWARDED_FOR) return peer;
  const hops = text.split(',').slice(-MAX_HOPS).map((h) => plain(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!hops[i]) break;
    if (!trustedProxies.has(hops[i])) return hops[i];
  }
  return peer;
}
