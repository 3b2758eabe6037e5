// Zalo's user and OA ids are 18-19 digit numbers. They arrive as JSON strings in every sample, but
// one delivered as a JSON number would silently lose digits in JSON.parse (beyond 2^53) and the
// reply would go to nobody. This parser turns integer literals too large for a double into
// strings before parsing; everything else parses as usual.

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function quoteLargeIntegers(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      // Skip a string literal, escapes included.
      i += 1;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i += 1;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const start = i;
      i += 1;
      while (i < n && /[0-9eE.+-]/.test(text[i])) i += 1;
      const literal = text.slice(start, i);
      if (/^-?\d{16,}$/.test(literal)) {
        const big = BigInt(literal);
        if (big > MAX_SAFE || big < -MAX_SAFE) {
          out += `${text.slice(last, start)}"${literal}"`;
          last = i;
        }
      }
      continue;
    }
    i += 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** JSON.parse that keeps integers beyond Number.MAX_SAFE_INTEGER exact, as strings. */
export function parseJsonKeepingLargeIds(text: string): unknown {
  return JSON.parse(quoteLargeIntegers(text));
}
