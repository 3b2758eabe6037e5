import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'ok' | 'missing' | 'invalid';

/**
 * X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body with the App Secret. Computed
 * over the bytes as received (Meta escapes non-ASCII, "/" and sometimes "@"; re-serialised JSON
 * would differ), compared in constant time.
 */
export function checkHubSignature(raw: Buffer, header: string | undefined, appSecret: string): SignatureCheck {
  if (!header) return 'missing';
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return 'invalid';
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex')) ? 'ok' : 'invalid';
}
