import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureCheck } from '../messenger/signature';

// X-ZEvent-Signature. No official page documents the formula; the sources agree on
//   "mac=" + hex(SHA-256(app_id + raw body + timestamp + OA secret key))
// with the timestamp taken from the body (channels.md §2.3), and disagree on details, so the
// formula is a setting: ZALO_SIGNATURE_FORMULA = "<sha256|hmac-sha256>:<part>+<part>…".
// With hmac-sha256 the OA secret key is the HMAC key and the parts (other than "secret") are the
// message.

export type ZaloSignaturePart = 'app_id' | 'oa_id' | 'body' | 'timestamp' | 'header_timestamp' | 'secret';

export interface ZaloSignatureFormula {
  algorithm: 'sha256' | 'hmac-sha256';
  parts: ZaloSignaturePart[];
}

export const DEFAULT_ZALO_SIGNATURE_FORMULA = 'sha256:app_id+body+timestamp+secret';

export function parseZaloSignatureFormula(formula: string): ZaloSignatureFormula {
  const [algorithm, parts] = formula.split(':');
  if ((algorithm !== 'sha256' && algorithm !== 'hmac-sha256') || !parts) throw new Error(`bad Zalo signature formula "${formula}"`);
  return { algorithm, parts: parts.split('+') as ZaloSignaturePart[] };
}

export interface ZaloSignatureInput {
  raw: Buffer;
  appId: string;
  oaId: string;
  /** The `timestamp` field of the body, as written there. */
  timestamp: string;
  /** The X-ZEvent-Timestamp header, when sent. */
  headerTimestamp: string;
  oaSecretKey: string;
}

/** The expected signature (hex, without "mac="). */
export function zaloSignature(formula: ZaloSignatureFormula, input: ZaloSignatureInput): string {
  const value = (p: ZaloSignaturePart): Buffer => {
    switch (p) {
      case 'body':
        return input.raw;
      case 'app_id':
        return Buffer.from(input.appId, 'utf8');
      case 'oa_id':
        return Buffer.from(input.oaId, 'utf8');
      case 'timestamp':
        return Buffer.from(input.timestamp, 'utf8');
      case 'header_timestamp':
        return Buffer.from(input.headerTimestamp, 'utf8');
      case 'secret':
        return Buffer.from(input.oaSecretKey, 'utf8');
    }
  };
  if (formula.algorithm === 'sha256') {
    return createHash('sha256').update(Buffer.concat(formula.parts.map(value))).digest('hex');
  }
  const message = Buffer.concat(formula.parts.filter((p) => p !== 'secret').map(value));
  return createHmac('sha256', input.oaSecretKey).update(message).digest('hex');
}

/** Checks the header ("mac=<hex>", or the bare hex) in constant time. */
export function checkZaloSignature(header: string | undefined, formula: ZaloSignatureFormula, input: ZaloSignatureInput): SignatureCheck {
  if (!header) return 'missing';
  const m = /^(?:mac=)?([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return 'invalid';
  const expected = Buffer.from(zaloSignature(formula, input), 'hex');
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex')) ? 'ok' : 'invalid';
}
