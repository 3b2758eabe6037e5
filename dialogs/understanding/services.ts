// Which game/service the card was topped up to. Customers write a sentence ("nạp game liên quân
// cho em"), a nickname ("lqm", "nro") or a misspelling ("nauto"). Fuse alone matches nothing on a
// whole sentence (research/libs.md §4), so: exact alias lookup over word windows first, then Fuse
// over windows of the content words. An unknown name is still accepted as written: the catalogue
// only adds the provider hotline.

import Fuse, { type FuseResult } from 'fuse.js';
import catalogueJson from '../../config/services.json';
import { fold } from '../../machines/text/fold';
import type { Service } from '../../machines/complaint/types';
import { isEmptyOrNoise, normalizeInput } from './normalize';
import { Fail, Ok, fail, ok } from './result';

export const SERVICE_REASONS = ['empty', 'too_long', 'not_a_name'] as const;
export type ServiceReason = (typeof SERVICE_REASONS)[number];

export interface CatalogueEntry {
  id: string;
  name: string;
  aliases: string[];
  hotline: string;
}

function isEntry(value: unknown): value is CatalogueEntry {
  const e = value as Partial<CatalogueEntry> | null;
  return (
    typeof e === 'object' && e !== null &&
    typeof e.id === 'string' && typeof e.name === 'string' && typeof e.hotline === 'string' &&
    Array.isArray(e.aliases) && e.aliases.every((a) => typeof a === 'string')
  );
}

/** The catalogue in config/services.json, checked once, shared by the bot and the tests. */
export function loadCatalogue(): CatalogueEntry[] {
  const entries: unknown = (catalogueJson as { services?: unknown }).services;
  if (!Array.isArray(entries) || !entries.every(isEntry)) {
    throw new Error('config/services.json: services must be a list of { id, name, aliases[], hotline }');
  }
  return entries.map((e) => ({ ...e, aliases: [...e.aliases] }));
}

const MAX_LENGTH = 100;
const MAX_NAME_WORDS = 8;
const THRESHOLD = 0.35;
// A window much shorter than the name it hits is a shared word ("kiếm" in "Tiên Kiếm"), not that name.
const MIN_COVERAGE = 0.6;
const MIN_FUZZY_CHARS = 4;
const STOP_WORDS = new Set(
  ('nap the game cho em anh chi minh toi a o vao trong tai khoan tk choi dich vu ban oi la cua do nay roi ' +
    'con ma va voi hay nhe nha tro app ung dung dang bi ko khong duoc dc loi bao voi muon can giup ak ah nao gi')
    .split(' '),
);

type Doc = { entry: CatalogueEntry; name: string; aliases: string[] };

const squash = (s: string): string => fold(s).replace(/[^a-z0-9]/g, '');
const words = (s: string): string[] => fold(s).replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);

interface Matcher {
  byKey: Map<string, CatalogueEntry>;
  /** The whole catalogue in one index: the reference the split search below must agree with. */
  fuse: Fuse<Doc>;
  /** One index per entry, with the two-letter pieces of each of its names (see mayMatch). */
  entries: Array<{ fuse: Fuse<Doc>; bigrams: Array<Set<string>> }>;
}

function bigramsOf(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i += 1) out.add(s.slice(i, i + 2));
  return out;
}

// Fuse's bitap accepts a name holding the query within e edits, e / (query length) ≤ THRESHOLD.
// Each edit spoils at most two of the query's m - 1 bigrams, so a name the query can match holds
// at least m - 1 - 2e of them. An entry none of whose names share that many cannot match, and is
// not searched: Fuse's search was most of the time spent understanding a long message.
/** The query's bigrams and how many of them a name must hold; undefined: any entry may match. */
function pairTest(query: string): { pairs: string[]; need: number } | undefined {
  const m = query.length;
  if (m > 32) return undefined; // Fuse searches longer queries in pieces
  let e = 0;
  while ((e + 1) / m <= THRESHOLD) e += 1;
  const need = m - 1 - 2 * e;
  if (need <= 0) return undefined;
  return { pairs: Array.from({ length: m - 1 }, (_, i) => query.slice(i, i + 2)), need };
}

function mayMatch(test: ReturnType<typeof pairTest>, bigrams: Array<Set<string>>): boolean {
  if (!test) return true;
  return bigrams.some((grams) => {
    let shared = 0;
    for (const p of test.pairs) if (grams.has(p) && ++shared >= test.need) return true;
    return false;
  });
}

const FUSE_OPTIONS = {
  keys: [{ name: 'name', weight: 2 }, 'aliases'],
  ignoreDiacritics: true,
  ignoreLocation: true,
  includeScore: true,
  includeMatches: true,
  threshold: THRESHOLD,
};

function buildMatcher(catalogue: CatalogueEntry[]): Matcher {
  const byKey = new Map<string, CatalogueEntry>();
  for (const entry of catalogue) {
    for (const key of [entry.name, ...entry.aliases]) byKey.set(squash(key), entry);
  }
  const docs = catalogue.map((entry) => ({
    entry,
    name: words(entry.name).join(' '),
    aliases: entry.aliases.map((a) => words(a).join(' ')),
  }));
  return {
    byKey,
    fuse: new Fuse(docs, FUSE_OPTIONS),
    entries: docs.map((d) => ({ fuse: new Fuse([d], FUSE_OPTIONS), bigrams: [d.name, ...d.aliases].map(bigramsOf) })),
  };
}

const matchers = new WeakMap<CatalogueEntry[], Matcher>();
const DEFAULT_CATALOGUE = loadCatalogue();

function windows(tokens: string[]): string[][] {
  const out: string[][] = [];
  for (let size = Math.min(4, tokens.length); size >= 1; size--) {
    for (let i = 0; i + size <= tokens.length; i++) out.push(tokens.slice(i, i + size));
  }
  return out;
}

/**
 * The best three entries for one window of words. A document's score in Fuse depends on that
 * document alone, so searching each entry that may match on its own and sorting as Fuse does
 * (score, then catalogue order) gives what one search of the whole catalogue gives.
 */
function fuzzySearch(query: string, matcher: Matcher, opts = { split: true }): Array<FuseResult<Doc>> {
  if (!opts.split) return matcher.fuse.search(query, { limit: 3 });
  const test = pairTest(query);
  const hits: Array<FuseResult<Doc> & { at: number }> = [];
  matcher.entries.forEach((e, at) => {
    if (mayMatch(test, e.bigrams)) for (const r of e.fuse.search(query, { limit: 1 })) hits.push({ ...r, refIndex: at, at });
  });
  return hits.sort((a, b) => (a.score === b.score ? a.at - b.at : (a.score ?? 1) - (b.score ?? 1))).slice(0, 3);
}

function matcherFor(catalogue: CatalogueEntry[]): Matcher {
  let matcher = matchers.get(catalogue);
  if (!matcher) {
    matcher = buildMatcher(catalogue);
    matchers.set(catalogue, matcher);
  }
  return matcher;
}

/** For its test: the hits for one window (ids, scores, matched text), split or not, and how many entries were searched. */
export function fuzzyHits(query: string, opts: { split: boolean }, catalogue: CatalogueEntry[] = DEFAULT_CATALOGUE): { searched: number; hits: Array<[string, number, string[]]> } {
  const matcher = matcherFor(catalogue);
  const hits = fuzzySearch(query, matcher, opts).map((r): [string, number, string[]] => [r.item.entry.id, r.score ?? 1, (r.matches ?? []).map((m) => `${m.key}:${m.value}`)]);
  const test = pairTest(query);
  return { searched: opts.split ? matcher.entries.filter((e) => mayMatch(test, e.bigrams)).length : matcher.entries.length, hits };
}

function lookup(text: string, matcher: Matcher, threshold = THRESHOLD): CatalogueEntry | undefined {
  const tokens = words(text);
  for (const window of windows(tokens)) {
    const hit = matcher.byKey.get(window.join(''));
    if (hit) return hit;
  }
  let best: { entry: CatalogueEntry; score: number } | undefined;
  // A repeated window ("sdt sdt sdt …") is searched once.
  const searched = new Set<string>();
  for (const window of windows(tokens.filter((t) => !STOP_WORDS.has(t)))) {
    const query = window.join(' ');
    if (query.replace(/ /g, '').length < MIN_FUZZY_CHARS || searched.has(query)) continue;
    searched.add(query);
    for (const result of fuzzySearch(query, matcher)) {
      const score = result.score ?? 1;
      const coverage = Math.max(
        0,
        ...(result.matches ?? []).map((m) => (m.value ? Math.min(query.length, m.value.length) / Math.max(query.length, m.value.length) : 0)),
      );
      if (score > threshold || coverage < MIN_COVERAGE) continue;
      if (!best || score < best.score) best = { entry: result.item.entry, score };
    }
  }
  return best?.entry;
}

export function findService(
  text: string,
  catalogue: CatalogueEntry[] = DEFAULT_CATALOGUE,
  /** Fuzzy score to accept (lower is stricter); a message not asked about the game uses a strict one. */
  threshold = THRESHOLD,
): Ok<Service> | Fail<ServiceReason> {
  const name = normalizeInput(text);
  if (isEmptyOrNoise(name)) return fail('empty');
  if (name.length > MAX_LENGTH) return fail('too_long');
  const entry = lookup(name, matcherFor(catalogue), threshold);
  if (entry) return ok({ id: entry.id, name: entry.name, hotline: entry.hotline });
  if (name.split(' ').length > MAX_NAME_WORDS) return fail('not_a_name');
  return ok({ name });
}
