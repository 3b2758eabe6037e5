// Phrase matching on customer text, tolerant of what real typing does to it: no diacritics,
// teen-code (already expanded by toWords), doubled letters and one-letter typos in longer words.
// Matching is token by token, so "gửi" never matches inside "gửi gắm"-like longer words by
// accident, and every comparison is linear in the message length.

import { toWords } from './normalize';

export type Phrase = readonly string[];

/** "hủy; hủy bỏ" → [["huy"], ["huy","bo"]], the form every list in the vocabulary is stored in. */
export function compilePhrases(list: string | readonly string[] | undefined): Phrase[] {
  const items = typeof list === 'string' ? list.split(/[;\n]/) : (list ?? []);
  const out: Phrase[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const words = toWords(item);
    if (!words || seen.has(words)) continue;
    seen.add(words);
    out.push(words.split(' '));
  }
  return out;
}

// Phrase matching costs tokens × phrases × word comparisons: a hostile 5,000-character message
// blocked the process for a fifth of a second per matcher. A request, a situation or a question is
// said in its first sentences; later words are still stored, just not searched for phrasings.
export const MAX_MATCHED_TOKENS = 80;
const MAX_MATCHED_CHARS = MAX_MATCHED_TOKENS * 20;

/** Tokens of a message in the same form as compiled phrases (its first MAX_MATCHED_TOKENS). */
export function tokensOf(text: string): string[] {
  const words = toWords(text.slice(0, MAX_MATCHED_CHARS));
  return words ? words.split(' ', MAX_MATCHED_TOKENS) : [];
}

const squeeze = (w: string): string => w.replace(/(.)\1+/g, '$1');

/** Edit distance with adjacent swaps, stopping early once it exceeds `max`. */
function withinDistance(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  const n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return false;
    prev2 = prev;
    prev = cur;
  }
  return prev[n] <= max;
}

/**
 * One token against one phrase word: equal, equal once doubled letters are squeezed ("guiii"), or
 * one edit away for words of five letters or more (short Vietnamese words differ by one letter
 * and mean something else: "gui"/"goi", "huy"/"hay").
 */
export function sameWord(token: string, word: string): boolean {
  if (token === word) return true;
  if (squeeze(token) === squeeze(word)) return true;
  if (word.length >= 5 && token.length >= 4 && /^[a-z]+$/.test(word)) return withinDistance(token, word, 1);
  return false;
}

/**
 * Index where `phrase` occurs, or -1. With `gap`, up to that many other words may sit between its
 * words ("thẻ bit nạp *được* game gì"), which is how questions are really phrased.
 */
export function findPhrase(tokens: readonly string[], phrase: Phrase, from = 0, gap = 0): number {
  return matchAt(tokens, phrase, from, gap)?.index ?? -1;
}

function matchAt(tokens: readonly string[], phrase: Phrase, from: number, gap: number): { index: number; end: number } | undefined {
  if (phrase.length === 0) return undefined;
  for (let i = from; i + phrase.length <= tokens.length; i++) {
    if (!sameWord(tokens[i], phrase[0])) continue;
    let j = i + 1;
    let skipped = 0;
    let k = 1;
    while (k < phrase.length && j < tokens.length) {
      if (sameWord(tokens[j], phrase[k])) {
        k++;
        j++;
      } else if (skipped < gap) {
        skipped++;
        j++;
      } else break;
    }
    if (k === phrase.length) return { index: i, end: j };
  }
  return undefined;
}

export interface PhraseHit {
  index: number;
  length: number;
}

/** The longest of `phrases` found in the tokens (ties: the earliest). */
export function longestHit(tokens: readonly string[], phrases: readonly Phrase[], gap = 0): PhraseHit | undefined {
  let best: PhraseHit | undefined;
  for (const p of phrases) {
    const index = findPhrase(tokens, p, 0, gap);
    if (index < 0) continue;
    if (!best || p.length > best.length || (p.length === best.length && index < best.index)) best = { index, length: p.length };
  }
  return best;
}

// "không", "chưa", "chả" right before a phrase turn it around ("không tự gọi được"). "đừng" folds
// to the same letters as "đúng", so it cannot be told apart and is left out.
const NEGATORS = new Set(['khong', 'chua', 'cha', 'deo']);

/** A hit whose phrase is negated by the word before it. */
export function isNegated(tokens: readonly string[], hit: PhraseHit): boolean {
  const before = tokens[hit.index - 1];
  return before !== undefined && NEGATORS.has(before);
}

/** Politeness, address and filler words that never change what a short answer means. */
export const POLITE = new Set(
  (
    'a ak ah ha nhe nha nhen nhau oi em anh chi minh toi ban ad admin shop bot qpal vay voi giup ho dum dum ' +
    'luon di nay nao the thi la roi lam on vui long xin cam on cho ca cai'
  ).split(' '),
);

/** The message without polite words, for whole-message comparisons ("gửi giúp em nhé ạ" → "gui"). */
export function coreTokens(tokens: readonly string[], keep: ReadonlySet<string> = new Set()): string[] {
  return tokens.filter((t) => keep.has(t) || !POLITE.has(t));
}

/** True when, polite words aside, the message is exactly one of the phrases. */
export function isWholeMessage(tokens: readonly string[], phrases: readonly Phrase[]): boolean {
  for (const p of phrases) {
    const keep = new Set(p);
    const core = coreTokens(tokens, keep);
    if (core.length === p.length && findPhrase(core, p) === 0) return true;
  }
  return false;
}
