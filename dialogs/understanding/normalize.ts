// Customer text arrives from Messenger/Zalo keyboards in NFC or NFD, with stray zero-width
// characters, and in teen-code. Parsers fold first (machines/text/fold.ts) and then expand
// teen-code so their rules can be written once, in plain unaccented Vietnamese.

import { fold } from '../../machines/text/fold';

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

export function normalizeInput(text: string): string {
  return text.normalize('NFC').replace(ZERO_WIDTH, '').replace(/\s+/g, ' ').trim();
}

/** True when there is nothing a parser could read: no letter and no digit. */
export function isEmptyOrNoise(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}

const TEENCODE: Record<string, string> = {
  k: 'khong',
  ko: 'khong',
  kg: 'khong',
  kh: 'khong',
  hk: 'khong',
  hok: 'khong',
  hong: 'khong',
  khum: 'khong',
  hem: 'khong',
  dc: 'duoc',
  dk: 'duoc',
  ntn: 'nhu the nao',
  j: 'gi',
  r: 'roi',
  vs: 'voi',
  mk: 'minh',
  mik: 'minh',
  mh: 'minh',
  e: 'em',
  a: 'anh',
  sdt: 'so dien thoai',
  nv: 'nhan vien',
  trc: 'truoc',
  hqua: 'hom qua',
  hnay: 'hom nay',
  hkia: 'hom kia',
  ms: 'moi',
  cx: 'cung',
  thui: 'thoi',
  wa: 'qua',
  tc: 'thanh cong',
  mun: 'muon',
  ng: 'nguoi',
  sd: 'su dung',
  gium: 'giup',
  dum: 'giup',
  tui: 'toi',
  bik: 'biet',
  lm: 'lam',
  z: 'vay',
  zay: 'vay',
  acc: 'tai khoan',
  kc: 'kim cuong',
  ok: 'ok',
  oke: 'ok',
  okie: 'ok',
  oki: 'ok',
  okay: 'ok',
  okela: 'ok',
  uk: 'ok',
  uh: 'ok',
  uhm: 'ok',
  um: 'ok',
  u: 'ok',
};

// "hỏng" (broken) folds to the same "hong" as teen-code "hông" (không); after these words it is "hỏng".
const BROKEN_AFTER = new Set(['bi', 'hu', 'da', 'lam', 'the']);

function expandWord(word: string, prev: string | undefined, next: string | undefined): string {
  // "20 k" is twenty thousand, not "không".
  if (word === 'k' && prev !== undefined && /^\d+$/.test(prev)) return word;
  if (word === 'hong' && prev !== undefined && BROKEN_AFTER.has(prev)) return word;
  // A lone "a" at the end is the polite particle "ạ", not "anh".
  if (word === 'a' && next === undefined) return word;
  if (word === 'tk') {
    // "vào tk", "cho tk" is the game account; otherwise customers mean the card.
    return prev !== undefined && ['vao', 'cho', 'trong', 'len', 've'].includes(prev) ? 'tai khoan' : 'the';
  }
  return TEENCODE[word] ?? word;
}

/**
 * Expands teen-code in already folded text, whole words only, keeping punctuation in place.
 * Context rules are needed because folding makes some teen-code collide with real words.
 */
export function expandTeencode(foldedText: string): string {
  const parts = foldedText.split(/([^\p{L}\p{N}]+)/u);
  const wordIndexes: number[] = [];
  parts.forEach((part, index) => {
    if (index % 2 === 0 && part !== '') wordIndexes.push(index);
  });
  const out = [...parts];
  wordIndexes.forEach((partIndex, n) => {
    const prev = n > 0 ? parts[wordIndexes[n - 1]] : undefined;
    const next = n + 1 < wordIndexes.length ? parts[wordIndexes[n + 1]] : undefined;
    out[partIndex] = expandWord(parts[partIndex], prev, next);
  });
  return out.join('');
}

// One message goes through a dozen parsers in a turn (opening, commands, situation, issuer,
// game, answer), each starting with toWords; the last few results are kept so that is done once.
const RECENT_WORDS = 32;
const recentWords = new Map<string, string>();

/** Folded, teen-code expanded, punctuation turned into single spaces: the form rules match on. */
export function toWords(text: string): string {
  const known = recentWords.get(text);
  if (known !== undefined) return known;
  const words = expandTeencode(fold(normalizeInput(text)))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (text.length <= 2000) {
    if (recentWords.size >= RECENT_WORDS) recentWords.delete(recentWords.keys().next().value as string);
    recentWords.set(text, words);
  }
  return words;
}

/** Whole-word phrase test on `toWords` output. */
export function hasPhrase(words: string, phrase: string): boolean {
  return ` ${words} `.includes(` ${phrase} `);
}
