// Card denominations as customers write them: "20k", "20.000đ", "hai mươi nghìn", "500 cành",
// "1 lít" (slang for 100 nghìn), "1 củ" (1 triệu). A bare number of at most 1000 means thousands
// ("thẻ 50"), because no card is worth 50 đồng.

import { fold } from '../../machines/text/fold';
import { normalizeInput } from './normalize';
import { readNumberWords } from './numbers';
import { Fail, Ok, fail, ok } from './result';

export const DEFAULT_DENOMINATIONS: readonly number[] = [
  10000, 20000, 30000, 50000, 100000, 200000, 300000, 500000, 1000000,
];

export const DENOMINATION_REASONS = ['not_a_number', 'not_allowed', 'ambiguous'] as const;
export type DenominationReason = (typeof DENOMINATION_REASONS)[number];

export type DenominationResult =
  | Ok<number>
  | Fail<'not_a_number'>
  | Fail<'not_allowed', { value: number }>
  | Fail<'ambiguous', { values: number[] }>;

const MULTIPLIERS: Record<string, number> = {
  k: 1e3, nghin: 1e3, ngan: 1e3, canh: 1e3, lit: 1e5, tr: 1e6, trieu: 1e6, cu: 1e6,
  d: 1, dong: 1, vnd: 1,
};
const CURRENCY = new Set(['d', 'dong', 'vnd']);
// A number next to these is a count, a time or a date, not money: "2 thẻ 50k", "lúc 8h".
const NOT_MONEY_AFTER = new Set(['the', 'cai', 'lan', 'to', 'h', 'g', 'gio', 'phut', 'p', 'ngay', 'thang', 'nam', 'tieng', 'seri', 'serial']);
const NOT_MONEY_BEFORE = new Set(['luc', 'ngay', 'thang', 'nam', 'seri', 'serial', 'so']);
const MAX_DIGITS = 7;

function tokenize(text: string): string[] {
  const folded = fold(normalizeInput(text).replace(/₫/g, ' d '));
  return folded.match(/\d+(?:[.,]\d+)*|\p{L}+/gu) ?? [];
}

function numericValue(token: string): number | null {
  if (/^\d{1,3}(?:[.,]\d{3})+$/.test(token)) return Number(token.replace(/[.,]/g, ''));
  if (/^\d+$/.test(token)) return token.length > MAX_DIGITS ? null : Number(token);
  if (/^\d+[.,]\d{1,2}$/.test(token)) return Number(token.replace(',', '.'));
  return null;
}

function scale(value: number, unit: string | undefined): number {
  if (unit === undefined || CURRENCY.has(unit)) return value <= 1000 ? value * 1000 : value;
  return Math.round(value * MULTIPLIERS[unit]);
}

interface NumberAt {
  /** Index of the number's first token, and of the token after it (before any unit). */
  start: number;
  next: number;
  value: number;
  /** The unit right after it ("k", "nghìn", "đồng"), if any. */
  unit?: string;
  /** Written in words ("năm mươi"), and whether those words were structured like a number. */
  words: boolean;
  structured: boolean;
}

/** Every number in the tokens, in words or digits, with the unit after it: the one reading both parsers share. */
function* numbers(tokens: string[]): Generator<NumberAt, void, number> {
  for (let i = 0; i < tokens.length; ) {
    const read = readNumberWords(tokens, i);
    const numeric = read ? null : numericValue(tokens[i]);
    if (!read && numeric === null) {
      i += 1;
      continue;
    }
    const next = read ? read.next : i + 1;
    const unit = tokens[next] !== undefined && tokens[next] in MULTIPLIERS ? tokens[next] : undefined;
    // The caller answers with where reading goes on.
    i = yield { start: i, next, value: read ? read.value : (numeric as number), unit, words: read !== null, structured: read?.structured ?? false };
  }
}

function amounts(tokens: string[]): number[] {
  const found: number[] = [];
  const it = numbers(tokens);
  for (let r = it.next(); !r.done; ) {
    const { start, next, value, unit } = r.value;
    let end = unit ? next + 1 : next;
    if (unit && !CURRENCY.has(unit) && CURRENCY.has(tokens[end] ?? '')) end += 1;
    const isWordOnly = r.value.words && !r.value.structured && unit === undefined;
    const context = NOT_MONEY_AFTER.has(tokens[next] ?? '') || NOT_MONEY_BEFORE.has(tokens[start - 1] ?? '');
    if (!isWordOnly && !(unit === undefined && context) && value > 0) found.push(scale(value, unit));
    r = it.next(end);
  }
  return found;
}

export function parseDenomination(
  text: string,
  allowed: readonly number[] = DEFAULT_DENOMINATIONS,
): DenominationResult {
  const values = [...new Set(amounts(tokenize(text)))];
  if (values.length === 0) return fail('not_a_number');
  if (values.length > 1) return { ok: false, reason: 'ambiguous', values };
  const [value] = values;
  if (!allowed.includes(value)) return { ok: false, reason: 'not_allowed', value };
  return ok(value);
}

// Words right before a bare number that make it a card value in a sentence: "thẻ 50", "mệnh giá 100".
const VALUE_BEFORE = new Set(['the', 'gia', 'loai', 'nap', 'card', 'menh']);

/**
 * The allowed card values a whole message mentions, for reading several fields from one message:
 * only amounts with a unit ("200k", "50 nghìn", "1 lít") or right after a value word ("thẻ 50"),
 * so that counts, hours, serial and phone digits are never read as money.
 */
export function mentionedDenominations(text: string, allowed: readonly number[] = DEFAULT_DENOMINATIONS): number[] {
  const tokens = tokenize(text);
  const found = new Set<number>();
  const it = numbers(tokens);
  for (let r = it.next(); !r.done; ) {
    const { start, next, value, unit } = r.value;
    const after = tokens[unit ? next + 1 : next];
    const valueWord = VALUE_BEFORE.has(tokens[start - 1] ?? '') && !NOT_MONEY_AFTER.has(after ?? '');
    if (value > 0 && (unit !== undefined || (valueWord && !r.value.words)) && !NOT_MONEY_AFTER.has(unit ? '' : (tokens[next] ?? ''))) {
      const amount = scale(value, unit);
      if (allowed.includes(amount)) found.add(amount);
    }
    r = it.next(unit ? next + 1 : next);
  }
  return [...found];
}
