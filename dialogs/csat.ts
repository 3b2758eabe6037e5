// After Step 4 the customer may rate the care 1–5 (buttons or free text, with or without
// diacritics) and leave a comment; both are optional. Only reading happens here — the survey's
// turn logic and storage are in bot/complaint/csat-survey.ts.
import { toWords } from './understanding';

export type RatingAnswer = { kind: 'rating'; value: 1 | 2 | 3 | 4 | 5 } | { kind: 'skip' } | { kind: 'other' };

/** Phrases (folded, teen-code expanded) → rating; longer phrases are tried first. */
const RATING_PHRASES: Array<[string, 1 | 2 | 3 | 4 | 5]> = [
  ['rat khong hai long', 1],
  ['qua te', 1],
  ['rat te', 1],
  ['rat tot', 5],
  ['rat hai long', 5],
  ['tuyet voi', 5],
  ['khong hai long', 2],
  ['chua hai long', 2],
  ['te', 2],
  ['binh thuong', 3],
  ['tam duoc', 3],
  ['hai long', 4],
  ['tot', 4],
];
const NUMBER_WORDS: Record<string, 1 | 2 | 3 | 4 | 5> = { mot: 1, hai: 2, ba: 3, bon: 4, nam: 5 };
const SKIP = ['bo qua', 'khong danh gia', 'khong', 'thoi', 'skip', 'ko', 'k', 'no'];
const MAX_LEN = 60;

function isSkip(words: string): boolean {
  return SKIP.some((p) => words === p || words === `${p} a` || (p.length > 2 && words.startsWith(`${p} `)));
}

/** Reads an answer to "how satisfied were you, 1–5?". Anything longer or unrelated is `other`. */
export function parseRating(text: string): RatingAnswer {
  if (text.length > MAX_LEN) return { kind: 'other' };
  const words = toWords(text);
  if (!words) return { kind: 'other' };
  // "5", "5 sao", "5/5", "4 điểm", "đánh giá 4"
  const digit = /^(?:danh gia |cho )?([1-5])(?: 5)?(?: sao| diem)?$/.exec(words);
  if (digit) return { kind: 'rating', value: Number(digit[1]) as 1 | 2 | 3 | 4 | 5 };
  const first = words.split(' ');
  if (first.length <= 3 && NUMBER_WORDS[first[0]] && (first.length === 1 || ['sao', 'diem'].includes(first[1]))) {
    return { kind: 'rating', value: NUMBER_WORDS[first[0]] };
  }
  for (const [phrase, value] of RATING_PHRASES) {
    if (words === phrase || words.startsWith(`${phrase} `) || words.endsWith(` ${phrase}`)) return { kind: 'rating', value };
  }
  return isSkip(words) ? { kind: 'skip' } : { kind: 'other' };
}

/** "Không", "bỏ qua" at the comment question: no comment. */
export function isNoComment(text: string): boolean {
  const words = toWords(text);
  return !words || isSkip(words) || words === 'het' || words === 'khong co';
}
