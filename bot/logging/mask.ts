// Personal data (phones, serials, e-mails, game accounts) must never reach the logs unmasked, and
// customers paste them inside free sentences, so masking works on text, not on known field paths.

// The lookbehind lets a match start only where a run of local-part characters starts: without
// it every letter of a long word was a new start scanning to the word's end (quadratic).
const EMAIL = /(?<![\p{L}\p{N}._%+-])([\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]*@([\p{L}\p{N}-]+\.)+[\p{L}]{2,}/gu;
// Vietnamese phone numbers in the shapes customers type: 0912 345 678, +84 912.345.678, 84912345678.
const PHONE = /(?<![\p{L}\p{N}])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\p{N}])/gu;
// Serials and other long codes: 8+ letters/digits with at least 6 digits, spaces or dashes allowed.
const SERIAL = /(?<![\p{L}\p{N}])(?=(?:[A-Za-z]*[\s-]?\d){6})[A-Za-z0-9](?:[\s-]?[A-Za-z0-9]){7,23}(?![\p{L}\p{N}])/gu;

function keepEnds(s: string, head: number, tail: number): string {
  const compact = s.replace(/[\s.-]/g, '');
  if (compact.length <= head + tail) return '*'.repeat(compact.length);
  return compact.slice(0, head) + '*'.repeat(compact.length - head - tail) + compact.slice(-tail);
}

/** Longer strings are cut before masking: a log line never needs a whole hostile body. */
export const MAX_LOGGED_TEXT = 4000;

export function maskText(text: string): string {
  const cut = text.length > MAX_LOGGED_TEXT ? `${text.slice(0, MAX_LOGGED_TEXT)}…[${text.length - MAX_LOGGED_TEXT} more]` : text;
  return cut
    .replace(EMAIL, (_m, first: string) => `${first}***@***`)
    .replace(PHONE, (m) => keepEnds(m, 0, 3))
    .replace(SERIAL, (m) => keepEnds(m, 2, 2));
}

/** Field names whose whole value is personal data, whatever it looks like (e.g. a game account). */
const PERSONAL_KEYS = new Set(['account', 'phone', 'email', 'serial', 'text', 'password', 'token', 'authorization']);

export function maskValue(value: unknown, key = '', depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') {
    if (PERSONAL_KEYS.has(key.toLowerCase()) && key.toLowerCase() !== 'text') return keepEnds(value, 1, 1);
    return maskText(value);
  }
  if (Array.isArray(value)) return value.map((v) => maskValue(v, key, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    if (value instanceof Error) {
      return { type: value.name, message: maskText(value.message), stack: value.stack && maskText(value.stack) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(v, k, depth + 1);
    return out;
  }
  return value;
}
