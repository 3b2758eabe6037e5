// The card serial is printed on the card and is safe to share; the scratch code under the foil is
// the money and must never be typed into the chat. A number introduced as "mã thẻ"/"mã nạp"/"pin"/
// "code" is therefore refused with its own reason so the bot can warn the customer.

import { fold } from '../../machines/text/fold';
import { normalizeInput } from './normalize';
import { Fail, Ok, fail, ok } from './result';

export const SERIAL_REASONS = ['not_a_serial', 'too_short', 'too_long', 'bad_characters', 'looks_like_code'] as const;
export type SerialReason = (typeof SERIAL_REASONS)[number];

/** 10 to 16 letters or digits, at least 8 of them digits. Overridable (env SERIAL_PATTERN in the bot). */
export const DEFAULT_SERIAL_PATTERN = /^(?=(?:[A-Z]*\d){8})[A-Z0-9]{10,16}$/;

// A code word before a number, or a bare "mã" right before digits ("mã: 0123..."). The digit is
// looked for after the first code word only (a digit after a later one is also after the first):
// ".*\d" retried from every code word was quadratic on "mã thẻ mã thẻ …".
const CODE_WORD = /(?:^|[^a-z])(?:ma the|ma nap|ma cao|ma pin|pin|code|ma bi mat|mat ma)(?![a-z])/;
const BARE_CODE = /(?:^|[^a-z])ma\s*(?:[:=]\s*)?\d/;

function codeBeforeNumber(folded: string): boolean {
  const word = CODE_WORD.exec(folded);
  return (word !== null && /\d/.test(folded.slice(word.index + word[0].length))) || BARE_CODE.test(folded);
}
const LABELS = /\b(?:so\s+)?(?:seri(?:al|es)?|sn|s\/n|so\s+the)(?:\b|(?=\d))\s*(?:cua\s+\S+\s+)?(?:la\b|[:=])?/g;
const SEPARATORS = /[.\-_]/g;
// "50k", "8h" next to the serial are an amount or a time, not part of it.
const NOT_SERIAL_TOKEN = /^\d{1,4}(?:k|d|tr|vnd|h|g)$/;

function matches(pattern: RegExp, text: string): boolean {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test(text);
}

/** Shortest and longest all-digit strings the pattern accepts, to tell "too short" from "not a serial". */
export function serialLengthBounds(pattern: RegExp): { min: number; max: number } {
  const accepted: number[] = [];
  for (let n = 1; n <= 40; n++) if (matches(pattern, '1'.repeat(n))) accepted.push(n);
  return accepted.length ? { min: accepted[0], max: accepted[accepted.length - 1] } : { min: 10, max: 16 };
}

/** Longest run of whitespace-separated tokens that each contain a digit. */
function longestDigitRun(tokens: string[]): string[] {
  // Digit counts are kept as the run grows: recounting the run at every token was quadratic.
  let best = { start: 0, end: 0, digits: 0 };
  let start = 0;
  let digits = 0;
  tokens.forEach((token, i) => {
    if (/\d/.test(token) && !NOT_SERIAL_TOKEN.test(token)) {
      digits += token.replace(/\D/g, '').length;
      if (digits > best.digits) best = { start, end: i + 1, digits };
    } else {
      start = i + 1;
      digits = 0;
    }
  });
  return tokens.slice(best.start, best.end);
}

export function parseSerial(
  text: string,
  pattern: RegExp | string = DEFAULT_SERIAL_PATTERN,
): Ok<string> | Fail<SerialReason> {
  const format = typeof pattern === 'string' ? new RegExp(pattern) : pattern;
  const folded = fold(normalizeInput(text));
  if (codeBeforeNumber(folded)) return fail('looks_like_code');

  const tokens = folded
    .replace(LABELS, ' ')
    .replace(/[,;()[\]"'“”‘’]/g, ' ')
    .split(' ')
    .map((t) => t.replace(/^[.:=]+|[.:=]+$/g, ''))
    .filter(Boolean);
  const run = longestDigitRun(tokens);
  if (run.length === 0) return fail('not_a_serial');
  const serial = run.join('').replace(SEPARATORS, '').toUpperCase();
  if (/[^A-Z0-9]/.test(serial)) return fail('bad_characters');
  if (matches(format, serial)) return ok(serial);

  const { min, max } = serialLengthBounds(format);
  if (serial.length < min) return fail('too_short');
  if (serial.length > max) return fail('too_long');
  return fail('not_a_serial');
}
