// The phrasings the bot recognises, read from the `vocabulary` locale file (locales/<lng>/
// vocabulary.json) so that operators can teach the bot a new way of saying something without a
// release: the file is validated and reloaded live with the other locale files (bot/locales/i18n.ts).
// Each entry is one line of phrasings separated by ";"; they are compiled once per version of the
// file. The code's own rules (situation.ts, commands.ts…) stay the baseline; these add to them.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { i18n as I18n, TFunction } from 'i18next';
import { SITUATIONS, type Situation } from '../../machines/complaint/types';
import { compilePhrases, type Phrase } from './phrases';
import { COMMANDS, type Command } from './commands';

export const VOCABULARY_NS = 'vocabulary';

export const ANSWER_KINDS = ['yes', 'no', 'providerCall', 'providerInvestigate', 'confirmOk', 'statusKeep', 'emailSkip'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];
export const FAQ_TOPICS = ['where_to_buy', 'torn_card', 'which_games', 'card_expiry', 'how_to_topup', 'hours'] as const;
export type FaqTopic = (typeof FAQ_TOPICS)[number];
export const SMALLTALK_KINDS = ['thanks', 'bye', 'ack', 'hello'] as const;
export type SmalltalkKind = (typeof SMALLTALK_KINDS)[number];

export interface IssuerName {
  /** As the operator wrote it, to be named back to the customer. */
  name: string;
  words: Phrase;
  kind: 'telecom' | 'game';
}

export interface Vocabulary {
  commands: Record<Command, Phrase[]>;
  agentNouns: Phrase[];
  agentVerbs: Phrase[];
  answers: Record<AnswerKind, Phrase[]>;
  situations: Record<Situation, Phrase[]>;
  currencyWords: Phrase[];
  bitWords: Phrase[];
  issuers: IssuerName[];
  issuerCardWords: Phrase[];
  /** Catalogue id → extra aliases (folded words). */
  serviceAliases: Record<string, string[]>;
  faq: Record<FaqTopic, Phrase[]>;
  smalltalk: Record<SmalltalkKind, Phrase[]>;
}

/** The raw file: nested objects of strings. */
export type VocabularyFile = Record<string, unknown>;

/** Every key the code reads (the locale checker refuses a file without them). */
export const VOCABULARY_KEYS: readonly string[] = [
  ...COMMANDS.map((c) => `commands.${c}`),
  'commands.agentNouns',
  'commands.agentVerbs',
  ...ANSWER_KINDS.map((k) => `answers.${k}`),
  ...SITUATIONS.map((s) => `situations.${s}`),
  'currencyWords',
  'bitWords',
  'issuers.telecom',
  'issuers.game',
  'issuers.cardWords',
  ...FAQ_TOPICS.map((f) => `faq.${f}`),
  ...SMALLTALK_KINDS.map((k) => `smalltalk.${k}`),
];

function get(file: VocabularyFile, key: string): string {
  let v: unknown = file;
  for (const part of key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'string' ? v : '';
}

function record<K extends string>(file: VocabularyFile, prefix: string, keys: readonly K[]): Record<K, Phrase[]> {
  return Object.fromEntries(keys.map((k) => [k, compilePhrases(get(file, `${prefix}.${k}`))])) as Record<K, Phrase[]>;
}

function issuers(file: VocabularyFile): IssuerName[] {
  const out: IssuerName[] = [];
  for (const kind of ['telecom', 'game'] as const) {
    for (const name of get(file, `issuers.${kind}`).split(';').map((s) => s.trim()).filter(Boolean)) {
      const [words] = compilePhrases(name);
      if (words) out.push({ name, words, kind });
    }
  }
  // Longest first, so "Zing Card" is named rather than "Zing".
  return out.sort((a, b) => b.words.length - a.words.length);
}

export function compileVocabulary(file: VocabularyFile): Vocabulary {
  const aliases = (file.serviceAliases ?? {}) as Record<string, unknown>;
  return {
    commands: record(file, 'commands', COMMANDS),
    agentNouns: compilePhrases(get(file, 'commands.agentNouns')),
    agentVerbs: compilePhrases(get(file, 'commands.agentVerbs')),
    answers: record(file, 'answers', ANSWER_KINDS),
    situations: record(file, 'situations', SITUATIONS),
    currencyWords: compilePhrases(get(file, 'currencyWords')),
    bitWords: compilePhrases(get(file, 'bitWords')),
    issuers: issuers(file),
    issuerCardWords: compilePhrases(get(file, 'issuers.cardWords')),
    serviceAliases: Object.fromEntries(
      Object.entries(aliases)
        .filter(([, v]) => typeof v === 'string')
        .map(([id, v]) => [id, compilePhrases(v as string).map((p) => p.join(' '))]),
    ),
    faq: record(file, 'faq', FAQ_TOPICS),
    smalltalk: record(file, 'smalltalk', SMALLTALK_KINDS),
  };
}

const GROUPS = ['commands', 'answers', 'situations', 'currencyWords', 'bitWords', 'issuers', 'serviceAliases', 'faq', 'smalltalk'];

/** The vocabulary as `t` reads it, compiled at each call: the bot goes through vocabularySource. */
export function vocabularyFor(t: TFunction): Vocabulary {
  const file: VocabularyFile = {};
  for (const g of GROUPS) {
    const v: unknown = t(`${VOCABULARY_NS}:${g}`, { returnObjects: true, defaultValue: '' });
    if (v && (typeof v === 'object' || typeof v === 'string')) file[g] = v;
  }
  if (!file.commands || typeof file.commands !== 'object') return defaultVocabulary();
  return compileVocabulary(file);
}

const byBundles = new WeakMap<object, WeakMap<object, Vocabulary>>();
const NO_BUNDLE = {};

/**
 * The vocabulary of a language for a turn, compiled once per loaded version of its file, so a live
 * reload is used from the next message on: reading it through `t` costs a deep copy of every
 * phrasing (measured: 7.5 % of the bot's CPU at 200 conversations at once when done for every
 * parse). A reload replaces the bundle object, which is the cache key; the reference language's
 * bundle is part of it because a missing group falls back to it.
 */
export function vocabularySource(i18n: I18n, reference: string): (lng: string) => Vocabulary {
  return (lng) => {
    const own = (i18n.getResourceBundle(lng, VOCABULARY_NS) as object | undefined) ?? NO_BUNDLE;
    const ref = (i18n.getResourceBundle(reference, VOCABULARY_NS) as object | undefined) ?? NO_BUNDLE;
    let inner = byBundles.get(own);
    if (!inner) byBundles.set(own, (inner = new WeakMap()));
    let vocabulary = inner.get(ref);
    if (!vocabulary) inner.set(ref, (vocabulary = vocabularyFor(i18n.getFixedT(lng))));
    return vocabulary;
  };
}

let fallback: Vocabulary | undefined;

/** The vocabulary shipped in locales/vi (parsers' default, tests, the evaluation script). */
export function defaultVocabulary(): Vocabulary {
  if (!fallback) {
    const file = path.resolve(__dirname, '..', '..', 'locales', 'vi', `${VOCABULARY_NS}.json`);
    fallback = compileVocabulary(JSON.parse(readFileSync(file, 'utf8')) as VocabularyFile);
  }
  return fallback;
}
