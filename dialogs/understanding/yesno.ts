// Yes/no answers come as a leading yes-word or no-word with politeness around it ("dạ không ạ",
// "ok em", "không phải tài khoản của em"). A hedge or a yes and a no together is not an answer the
// bot may act on: it asks again instead of guessing.

import { toWords } from './normalize';
import { Fail, Ok, fail, ok } from './result';

export const YES_NO_REASONS = ['not_yes_no', 'not_sure'] as const;
export type YesNoReason = (typeof YES_NO_REASONS)[number];

type Polarity = 'yes' | 'no' | 'unsure';

// Teen-code is already expanded: "ko/k/hok/hông/khum" arrive as "khong", "u/uk/oke" as "ok".
const PHRASES: Record<Polarity, string[]> = {
  yes: [
    'co', 'cos', 'coa', 'co chu', 'ok', 'vang', 'da', 'da co', 'da vang', 'dung', 'dung roi', 'dung vay',
    'dung the', 'chuan', 'chuan roi', 'chinh xac', 'phai', 'phai roi', 'con', 'con giu', 'van con',
    'van giu', 'van con giu', 'dong y', 'duoc', 'yes', 'yep', 'yeah', 'y', '1', 'chac chan',
    'khong sai', 'chua mat', 'khong mat', 'chua vut', 'co roi',
  ],
  no: [
    'khong', 'chua', 'sai', 'sai roi', 'khong phai', 'khong dung', 'khong co', 'khong con', 'chua co',
    'mat roi', 'mat', 'het roi', 'het', 'vut roi', 'vut', 'lam mat', 'lam mat roi', 'de mat', 'khong giu',
    'khong duoc', 'chua duoc', 'khong can', 'no', 'nope', 'n', '2',
  ],
  unsure: [
    'co le', 'khong biet', 'chua biet', 'khong bit', 'khong bik', 'chua bit', 'khong ro', 'chua ro', 'khong nho', 'hinh nhu', 'chac',
    'chac la', 'chac vay', 'khong chac', 'maybe', 'co the la', 'co the co', 'co the khong', 'de xem', 'de em xem', 'de minh xem', 'de toi xem',
  ],
};

// Politeness and address words that never change the answer.
const PARTICLES = new Set('a ak ah nhe nha nhen oi em anh chi minh toi ban ad shop ha'.split(' '));

const BY_LENGTH = (Object.keys(PHRASES) as Polarity[])
  .flatMap((polarity) => PHRASES[polarity].map((phrase) => ({ polarity, words: phrase.split(' ') })))
  .sort((a, b) => b.words.length - a.words.length);

function phraseAt(tokens: string[], index: number): { polarity: Polarity; length: number } | null {
  for (const { polarity, words } of BY_LENGTH) {
    if (words.every((w, k) => tokens[index + k] === w)) return { polarity, length: words.length };
  }
  return null;
}

const MAX_TOKENS = 8;
const BOUNDARY = '|';

export function parseYesNo(text: string): Ok<boolean> | Fail<YesNoReason> {
  // Phrases must not run across punctuation: "không, đúng rồi" is not "không đúng".
  const tokens = text
    .split(/[,.;!?\n]+/)
    .map((segment) => toWords(segment))
    .filter(Boolean)
    .join(` ${BOUNDARY} `)
    .split(' ')
    .filter((t) => t !== '' && !PARTICLES.has(t));
  // A leading "dạ" is politeness when an answer follows ("dạ không", "dạ vâng").
  if (tokens.length > 1 && tokens[0] === 'da') tokens.shift();
  while (tokens[0] === BOUNDARY) tokens.shift();
  if (tokens.length === 0) return fail('not_yes_no');

  const found: Polarity[] = [];
  for (let i = 0; i < tokens.length; ) {
    const hit = phraseAt(tokens, i);
    if (hit) {
      found.push(hit.polarity);
      i += hit.length;
    } else {
      i += 1;
    }
  }
  if (found.includes('unsure')) return fail('not_sure');
  // The answer word must lead; trailing words are what the answer is about ("còn giữ xác thẻ").
  const first = phraseAt(tokens, 0);
  if (!first || tokens.filter((t) => t !== BOUNDARY).length > MAX_TOKENS) return fail('not_yes_no');
  if (found.includes('yes') && found.includes('no')) return fail('not_sure');
  return ok(first.polarity === 'yes');
}
