// Customers tell their story in one go ("Mình nạp thẻ 200k vào Naruto mà báo thẻ không tồn tại,
// serial 1000 2026 0000 01, sđt 0912345678"). This reads every field a message contains, with the
// same parsers the questions use, so the bot keeps what it understood and asks only the rest.
// Only what is clearly there is taken: a value needs its own cue (a unit for money, a label or
// a shape for numbers, a catalogue name for the game); the rest is left for its question.

import { fold } from '../../machines/text/fold';
import type { Service, Situation } from '../../machines/complaint/types';
import { classifySituation } from './situation';
import { mentionedDenominations, DEFAULT_DENOMINATIONS } from './money';
import { parsePhone } from './phone';
import { DEFAULT_SERIAL_PATTERN, serialLengthBounds } from './serial';
import { parseEmail } from './email';
import { findService, loadCatalogue, type CatalogueEntry } from './services';
import { parseTransactionTime } from './time';
import { normalizeInput, toWords } from './normalize';
import { isNegated, longestHit, tokensOf } from './phrases';
import type { Vocabulary } from './vocabulary';

export interface ExtractEnv {
  now: Date;
  denominations?: readonly number[];
  serialPattern?: RegExp;
  vocab: Vocabulary;
}

export interface Extracted {
  situation?: Situation;
  /** The customer said it is a BIT card. */
  isBitCard?: true;
  /** Another issuer's card the customer named, as the vocabulary spells it. */
  issuer?: string;
  service?: Service;
  denomination?: number;
  serial?: string;
  transactionAt?: string;
  /** False when the time gave only a day (its value is then noon). */
  hourKnown?: boolean;
  purchasePlace?: string;
  phone?: string;
  email?: string;
  /** A number was introduced as the scratch code: never kept, the customer is warned. */
  codeSeen?: boolean;
}

// A story told in one message fits in this; the whole text is still stored, and a field said
// past it is asked for by its question.
const MAX_TEXT = 1000;
// Fuse score accepted for a game named in passing (the service question itself accepts 0.35).
const STRICT_FUZZY = 0.15;
const SERVICE_SCAN_WORDS = 28;

/** Folds one character at a time so that positions in the folded text are positions in the original. */
function foldKeepingPositions(text: string): string {
  return [...text].map((ch) => {
    const f = fold(ch);
    return f.length === 1 ? f : ch.length === 1 ? ' ' : ' '.repeat(ch.length);
  }).join('');
}

const SERIAL_LABEL = /(?:seri(?:al|es)?|sery|sr|sn|s\/n|so the|so seri)\s*(?:cua\s+\S+\s+)?(?:la|:|=|#)?\s*$/;
const CODE_LABEL = /(?:ma the|ma nap|ma cao|ma pin|pin|code|ma bi mat|mat ma|ma)\s*(?:la|:|=)?\s*$/;
const PHONE_LABEL = /(?:sdt|sđt|so dien thoai|dien thoai|so dt|dt|phone|tel|lien he|lh|zalo|goi|so em|so minh|so cua (?:em|minh|toi))\s*(?:la|:|=)?\s*(?:\+)?$/;
// Digits with single separators between them: "0912 345 678", "1000-2026-0000-01".
// A masked scratch code ("•" for each digit, see maskScratchCodes) still counts, so that the
// customer is still warned about a message masked at the edge.
const DIGIT_RUN = /\+?[\d•]+(?:[ .-][\d•]+)*/g;
export const CODE_MASK = '•';
const MAX_PHONE_DIGITS = 12;

interface NumberFinds {
  serial?: string;
  phone?: string;
  codeSeen: boolean;
  /** The text with the numbers taken out, so that the time and money readers do not see them. */
  rest: string;
}

// The shapes a Vietnamese mobile can take once its separators are gone (0…, 84…, +84…, 840…):
// a cheap test first, since the full parse runs for many stretches of a long digit run.
const MOBILE_SHAPE = /^\+?(?:84)?0?\d{9}$/;

function isMobile(digits: string): string | undefined {
  if (!MOBILE_SHAPE.test(digits)) return undefined;
  const r = parsePhone(digits);
  return r.ok ? r.value : undefined;
}

function findNumbers(original: string, folded: string, pattern: RegExp): NumberFinds {
  const out: NumberFinds = { codeSeen: false, rest: original };
  const blank: Array<[number, number]> = [];
  const serial = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  const serialOk = (s: string): boolean => serial.test(s);
  const maxDigits = Math.max(MAX_PHONE_DIGITS, serialLengthBounds(pattern).max);
  for (const m of folded.matchAll(DIGIT_RUN)) {
    const groups = m[0].split(/[ .-]/);
    if (groups.join('').replace(/[^\d•]/g, '').length < 8) continue;
    const before = folded.slice(Math.max(0, m.index - 24), m.index);
    if (CODE_LABEL.test(before) && !SERIAL_LABEL.test(before)) {
      out.codeSeen = true;
      blank.push([m.index, m.index + m[0].length]);
      continue;
    }
    const labelledSerial = SERIAL_LABEL.test(before);
    const labelledPhone = PHONE_LABEL.test(before);
    // Groups are joined greedily: the longest stretch that is a phone or a serial wins.
    let offset = m.index;
    const starts: number[] = [];
    for (const g of groups) {
      starts.push(offset);
      offset += g.length + 1;
    }
    // Digits before each group: a stretch longer than any phone or serial is skipped without being
    // built ("1 1 1 …" built and tested every stretch of every length: cubic).
    const digitsBefore: number[] = [0];
    for (const g of groups) digitsBefore.push(digitsBefore[digitsBefore.length - 1] + g.replace(/\D/g, '').length);
    for (let i = 0; i < groups.length; ) {
      let taken = 0;
      for (let j = Math.min(groups.length, i + maxDigits); j > i && !taken; j--) {
        const count = digitsBefore[j] - digitsBefore[i];
        if (count < 8) break;
        if (count > maxDigits) continue;
        const cand = groups.slice(i, j).join('');
        const digits = cand.replace(/\D/g, '');
        const phone = !labelledSerial && digits.length <= MAX_PHONE_DIGITS ? isMobile(cand) : undefined;
        if (phone && !out.phone && (labelledPhone || !serialOk(digits) || digits.length <= 11)) {
          out.phone = phone;
          taken = j - i;
        } else if (!labelledPhone && !out.serial && serialOk(digits)) {
          out.serial = digits;
          taken = j - i;
        }
      }
      if (taken) {
        const end = starts[i + taken - 1] + groups[i + taken - 1].length;
        blank.push([starts[i], end]);
        i += taken;
      } else i += 1;
    }
  }
  let rest = original;
  for (const [a, b] of blank.sort((x, y) => y[0] - x[0])) rest = rest.slice(0, a) + ' '.repeat(b - a) + rest.slice(b);
  out.rest = rest;
  return out;
}

// Where the card was bought: "mua ở/tại …", or a shop word ("đại lý", "tạp hóa", "cửa hàng") and
// what follows, up to the next clause.
const PLACE_TRIGGER =
  /(?:^|[^a-z])(?:(?:mua|lay)\s+(?:the\s+|card\s+|no\s+)?(?:o|tai|cua|ngoai|trong|tren|ben)\s+|(?=(?:dai ly|cua hang|tiem|tap hoa|sieu thi|circle ?k|vinmart|winmart|bach hoa xanh|ministop|family ?mart|7-?eleven|quan net|phong net|the gioi di dong|fpt shop|viettel store)\s))/;
const PLACE_END =
  /[;!?\n]|\.(?:\s|$)|,\s*(?=(?:ma|roi|nap|luc|hom|sang|toi|chieu|ngay|khi|nhung|sdt|so|serial|seri|menh|gia|the|em|minh|toi|bao)\b)|\s(?:ma|roi|nap|luc|hom|khi|nhung|sdt|serial|seri|menh gia|the bao|bao loi|bi loi|de nap)\s/;
const PLACE_MAX = 120;

function findPlace(original: string, folded: string): string | undefined {
  const m = PLACE_TRIGGER.exec(folded);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  const tail = folded.slice(start, start + PLACE_MAX);
  const end = PLACE_END.exec(tail);
  const place = normalizeInput(original.slice(start, start + (end ? end.index : tail.length))).replace(/[,\s]+$/, '');
  // "mua ở đâu" is a question, not a place.
  if (/^(?:dau|nao)\b|\b(?:dau|nao|gi)$/.test(fold(place))) return undefined;
  return (place.match(/\p{L}/gu) ?? []).length >= 3 ? place : undefined;
}

const withAliases = new WeakMap<Vocabulary, CatalogueEntry[]>();
const BASE_CATALOGUE = loadCatalogue();

/** The catalogue with the operator's extra aliases from the vocabulary. */
export function catalogueFor(vocab: Vocabulary): CatalogueEntry[] {
  let c = withAliases.get(vocab);
  if (!c) {
    c = BASE_CATALOGUE.map((e) => ({ ...e, aliases: [...e.aliases, ...(vocab.serviceAliases[e.id] ?? [])] }));
    withAliases.set(vocab, c);
  }
  return c;
}

const nameTokens = new WeakMap<Vocabulary, string[][]>();

/** Every game name and alias as words, once per vocabulary (tokenising them per message was 2 % of a turn). */
function gameNameTokens(vocab: Vocabulary): string[][] {
  let t = nameTokens.get(vocab);
  if (!t) {
    t = catalogueFor(vocab).flatMap((e) => [e.name, ...e.aliases]).map((a) => tokensOf(a));
    nameTokens.set(vocab, t);
  }
  return t;
}

const NOT_RECEIVED = [
  'khong thay', 'chua thay', 'khong co', 'chua co', 'khong nhan', 'chua nhan', 'khong len', 'chua len', 'khong vao',
  'chua vao', 'khong vo', 'chua vo', 'khong cong', 'chua cong', 'khong ve', 'chua ve', 'khong duoc cong',
  'chua duoc cong', 'khong thay dau', 'van khong', 'van chua',
].map((p) => p.split(' '));

/** Article 2 situation from a whole message: the built-in rules, then the operator's phrasings. */
export function situationOf(text: string, vocab: Vocabulary): Situation | undefined {
  const builtIn = classifySituation(text);
  if (builtIn.ok && builtIn.value !== 'other') return builtIn.value;
  const tokens = tokensOf(text);
  let best: { s: Situation; length: number } | undefined;
  for (const [s, phrases] of Object.entries(vocab.situations) as Array<[Situation, typeof vocab.situations.other]>) {
    const hit = longestHit(tokens, phrases, 1);
    if (hit && !isNegated(tokens, hit) && (!best || hit.length > best.length)) best = { s, length: hit.length };
  }
  if (best && best.s !== 'other') return best.s;
  // "nạp rồi mà chưa thấy kim cương": a game currency that did not arrive.
  // The currency must come after the "not received" words ("chưa thấy kim cương", "ko vô acc").
  const missing = longestHit(tokens, NOT_RECEIVED);
  if (missing && longestHit(tokens.slice(missing.index + missing.length), vocab.currencyWords)) return 'success_not_credited';
  if (best) return best.s;
  return builtIn.ok ? builtIn.value : undefined;
}

/** Another issuer named as the card's issuer, unless the customer also says the card is BIT. */
export function otherIssuerOf(text: string, vocab: Vocabulary): string | undefined {
  const tokens = tokensOf(text);
  if (longestHit(tokens, vocab.bitWords)) return undefined;
  // A game whose name holds an issuer's word ("Gunny Mobi", "Garena Free Fire") is not that issuer's card.
  let names: string[][] | undefined;
  for (const issuer of vocab.issuers) {
    const at = findExact(tokens, issuer.words);
    if (at < 0) continue;
    names ??= gameNameTokens(vocab).filter((a) => findExact(tokens, a) >= 0);
    if (names.some((n) => findExact(n, issuer.words) >= 0)) continue;
    if (issuer.kind === 'telecom') return issuer.name;
    // A game-card brand is also a publisher ("Bang Bang Zing"): only a card of that brand counts.
    const before = tokens.slice(Math.max(0, at - 3), at);
    const after = tokens.slice(at + issuer.words.length, at + issuer.words.length + 1);
    const namesCard = issuer.words.some((w) => vocab.issuerCardWords.some((p) => p.length === 1 && p[0] === w));
    if (namesCard || longestHit(before, vocab.issuerCardWords) || after[0] === 'card' || tokens.length <= issuer.words.length + 1) {
      return issuer.name;
    }
  }
  return undefined;
}

function findExact(tokens: readonly string[], words: readonly string[]): number {
  for (let i = 0; i + words.length <= tokens.length; i++) {
    if (words.every((w, k) => tokens[i + k] === w)) return i;
  }
  return -1;
}

export function isBitCardNamed(text: string, vocab: Vocabulary): boolean {
  const tokens = tokensOf(text);
  const hit = longestHit(tokens, vocab.bitWords);
  return hit !== undefined && !isNegated(tokens, hit);
}

/** Every field the message contains. */
export function extractFields(text: string, env: ExtractEnv): Extracted {
  const original = normalizeInput(text).slice(0, MAX_TEXT);
  const out: Extracted = {};
  if (!original) return out;
  const { vocab } = env;

  const email = parseEmail(original);
  let rest = original;
  if (email.ok && email.value) {
    out.email = email.value;
    const i = rest.toLowerCase().indexOf(email.value);
    if (i >= 0) rest = rest.slice(0, i) + ' '.repeat(email.value.length) + rest.slice(i + email.value.length);
  }
  const numbers = findNumbers(rest, foldKeepingPositions(rest.toLowerCase()), env.serialPattern ?? DEFAULT_SERIAL_PATTERN);
  if (numbers.phone) out.phone = numbers.phone;
  if (numbers.serial) out.serial = numbers.serial;
  if (numbers.codeSeen) out.codeSeen = true;
  rest = numbers.rest;

  const place = findPlace(rest, foldKeepingPositions(rest.toLowerCase()));
  if (place) out.purchasePlace = place;
  const situation = situationOf(rest, vocab);
  // "Vấn đề khác" from a shop word is the place the card was bought, not another kind of problem.
  if (situation && !(situation === 'other' && place)) out.situation = situation;
  const issuer = otherIssuerOf(rest, vocab);
  if (issuer) out.issuer = issuer;
  else if (isBitCardNamed(rest, vocab)) out.isBitCard = true;

  const values = mentionedDenominations(rest, env.denominations ?? DEFAULT_DENOMINATIONS);
  if (values.length === 1) out.denomination = values[0];

  // The place is cut out before looking for a game, so a shop name is not read as one.
  const serviceText = place ? rest.replace(place, ' ') : rest;
  const service = serviceOf(serviceText, vocab);
  if (service) out.service = service;

  const time = parseTransactionTime(place ? rest.replace(place, ' ') : rest, env.now.toISOString());
  if (time.ok) {
    out.transactionAt = time.value;
    out.hourKnown = time.hourKnown;
  }
  return out;
}

/** A catalogue game named anywhere in the message (read in overlapping stretches of words). */
export function serviceOf(text: string, vocab: Vocabulary): Service | undefined {
  // Each stretch is a fuzzy search of the catalogue (milliseconds): a game named in passing is
  // looked for in the first SERVICE_SCAN_WORDS words; its own question reads any answer.
  const words = toWords(text.slice(0, SERVICE_SCAN_WORDS * 20)).split(' ').filter(Boolean).slice(0, SERVICE_SCAN_WORDS);
  for (let i = 0; i < Math.max(1, words.length); i += 8) {
    const chunk = words.slice(i, i + 12).join(' ').slice(0, 100);
    if (!chunk) break;
    const r = findService(chunk, catalogueFor(vocab), STRICT_FUZZY);
    if (r.ok && r.value.id) return r.value;
  }
  return undefined;
}

/**
 * The text with every number that findNumbers takes for a scratch code replaced, digit by digit,
 * by CODE_MASK: the same detector, run once at the edge before anything stores or shows the text.
 */
export function maskScratchCodes(text: string): string {
  if (!/\d/.test(text)) return text;
  const folded = foldKeepingPositions(text);
  let out = text;
  for (const m of folded.matchAll(DIGIT_RUN)) {
    if (m[0].replace(/[^\d•]/g, '').length < 8) continue;
    const before = folded.slice(Math.max(0, m.index - 24), m.index);
    if (!CODE_LABEL.test(before) || SERIAL_LABEL.test(before)) continue;
    out = out.slice(0, m.index) + out.slice(m.index, m.index + m[0].length).replace(/\d/g, CODE_MASK) + out.slice(m.index + m[0].length);
  }
  return out;
}
