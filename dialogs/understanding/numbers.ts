// Vietnamese number words below one thousand, on folded tokens. Money and relative times
// ("hai mươi nghìn", "ba ngày trước") share it. Folding merges một/mốt, mười/mươi and năm/lăm
// spellings, which is what customers type anyway.

const UNITS: Record<string, number> = {
  mot: 1, hai: 2, ba: 3, bon: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9,
};
// Only after a tens word: alone they are other words ("làm", "tư vấn").
const UNITS_AFTER_TENS: Record<string, number> = { ...UNITS, tu: 4, lam: 5, nham: 5 };

export interface NumberRead {
  value: number;
  next: number;
  /** True when hundreds or tens words were used, i.e. it is clearly a number, not a stray "năm". */
  structured: boolean;
}

function unitAt(tokens: string[], i: number, afterTens: boolean): number | undefined {
  const token = tokens[i];
  if (token === undefined) return undefined;
  return (afterTens ? UNITS_AFTER_TENS : UNITS)[token];
}

/** Reads a number spoken in words from tokens[start]; a single digit is accepted before "trăm" ("1 trăm"). */
export function readNumberWords(tokens: string[], start: number): NumberRead | null {
  let i = start;
  let total = 0;
  let structured = false;

  const hundreds = /^\d$/.test(tokens[i] ?? '') ? Number(tokens[i]) : unitAt(tokens, i, false);
  if (hundreds !== undefined && tokens[i + 1] === 'tram') {
    total += hundreds * 100;
    i += 2;
    structured = true;
  } else if (tokens[i] === 'tram') {
    total += 100;
    i += 1;
    structured = true;
  }

  let afterTens = false;
  const tens = unitAt(tokens, i, false);
  if (tokens[i] === 'muoi') {
    total += 10;
    i += 1;
    afterTens = structured = true;
  } else if (tens !== undefined && (tokens[i + 1] === 'muoi' || tokens[i + 1] === 'chuc')) {
    total += tens * 10;
    i += 2;
    afterTens = structured = true;
  } else if (structured && (tokens[i] === 'le' || tokens[i] === 'linh')) {
    i += 1;
  }

  const unit = unitAt(tokens, i, afterTens);
  if (unit !== undefined) {
    total += unit;
    i += 1;
  }
  return i === start ? null : { value: total, next: i, structured };
}
