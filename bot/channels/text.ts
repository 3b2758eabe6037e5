// Text as the platforms count it. Both Messenger and Zalo cap a text message at 2,000
// "characters"; JS string length (UTF-16 units) is never smaller than the number of characters, so
// staying within it is safe for emoji too. Vietnamese typed as decomposed Unicode (some keyboards,
// macOS) is composed to NFC first: shorter, and what the bot's parsers expect.

const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

export function nfc(text: string): string {
  return text.normalize('NFC');
}

/** The longest prefix of `text` within `limit` UTF-16 units that ends on a character boundary. */
function hardCut(text: string, limit: number): number {
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    if (index + segment.length > limit) break;
    end = index + segment.length;
  }
  return end || Math.min(text.length, limit);
}

/** Where to end a piece of at most `limit` units: a paragraph, line, sentence or word boundary. */
function breakPoint(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  for (const sep of ['\n\n', '\n', '. ', ' ']) {
    const at = window.lastIndexOf(sep, limit - sep.length);
    if (at >= limit * 0.5) return at + sep.length;
  }
  return hardCut(text, limit);
}

/** Splits a long text into pieces of at most `limit` UTF-16 units, never inside a character. */
export function splitText(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = breakPoint(rest, limit);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** `text` shortened to `limit` characters, ending with "…" when something was cut. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, hardCut(text, limit - 1)).trimEnd()}…`;
}
