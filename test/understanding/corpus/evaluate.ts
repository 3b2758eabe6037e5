// The evaluation corpus (issue 12): real-style customer messages with the reading a careful agent
// would make, measured through the same functions the bot's dialogs use (dialogs/interpret.ts,
// dialogs/parse-answer.ts). Every message that has diacritics is also measured typed without
// them. `npm run eval:nlu` prints the figures; corpus.test.ts holds the thresholds.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startLocales } from '../../../bot/locales/i18n';
import { fold } from '../../../machines/text/fold';
import { ASK_FIELDS, type AskField, type ComplaintContext } from '../../../machines/complaint/types';
import { initialContext } from '../../../machines/complaint/machine';
import { commandDuring, readOpening, type InterpretEnv } from '../../../dialogs/interpret';
import { parseAnswer, type ParseEnv } from '../../../dialogs/parse-answer';
import { extractFields } from '../../../dialogs/understanding/extract';
import { editTarget } from '../../../dialogs/edit-target';
import { DEFAULT_DENOMINATIONS } from '../../../dialogs/understanding/money';
import { vocabularyFor } from '../../../dialogs/understanding/vocabulary';
import { TEST_CONFIG } from '../../machines/fixtures';

export const CORPUS_DIR = __dirname;
/** Every evaluation runs at this instant (Wednesday 25 Nov 2026, 10:00 in Vietnam). */
export const NOW = new Date('2026-11-25T10:00:00+07:00');

export interface Item {
  category: string;
  file: string;
  line: number;
  field?: AskField;
  text: string;
  expected: string;
  variant: 'as written' | 'without diacritics';
}

export interface Outcome extends Item {
  got: string;
  ok: boolean;
}

function parseLine(category: string, file: string, line: number, raw: string): Item | undefined {
  const trimmed = raw.trim();
  if (!trimmed || trimmed.startsWith('#')) return undefined;
  const arrow = trimmed.lastIndexOf(' => ');
  if (arrow < 0) throw new Error(`${file}:${line}: no " => " in "${trimmed}"`);
  let text = trimmed.slice(0, arrow).trim();
  const expected = trimmed.slice(arrow + 4).trim();
  let field: AskField | undefined;
  const bar = /^([A-Za-z]+) \| (.*)$/.exec(text);
  if (bar && (ASK_FIELDS as readonly string[]).includes(bar[1])) {
    field = bar[1] as AskField;
    text = bar[2];
  }
  return { category, file, line, field, text, expected, variant: 'as written' };
}

export function loadCorpus(dir = CORPUS_DIR): Item[] {
  const items: Item[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const category = file.replace(/\.txt$/, '');
    readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((raw, i) => {
      const item = parseLine(category, file, i + 1, raw);
      if (!item) return;
      items.push(item);
      const folded = fold(item.text);
      if (folded !== item.text.toLowerCase().replace(/\s+/g, ' ').trim()) {
        items.push({ ...item, text: folded, expected: item.expected, variant: 'without diacritics' });
      }
    });
  }
  return items;
}

const locales = startLocales({ watch: false });
const t = locales.i18n.getFixedT('vi');
const vocab = vocabularyFor(t);
const interpretEnv: InterpretEnv = { now: NOW, denominations: DEFAULT_DENOMINATIONS, vocab };

function parseEnvFor(): ParseEnv {
  const context: ComplaintContext = {
    ...initialContext('eval', TEST_CONFIG),
    situation: 'success_not_credited',
  };
  context.fields = { service: { id: 'naruto-dai-chien', name: 'Naruto Đại Chiến', hotline: '1900 0001' }, email: 'a@b.vn' };
  return {
    t,
    context,
    denominations: DEFAULT_DENOMINATIONS,
    statusPrefill: t('ask:statusText.prefill.success_not_credited'),
    now: NOW,
    attachments: [],
    vocab,
  };
}

function answerOf(field: AskField, text: string, env: ParseEnv): string {
  const command = commandDuring(text, field, env);
  // What the dialog does with a command at these questions (complaint-dialog.ts onCommand).
  if (command === 'agent' && field === 'offerAgent') return 'yes';
  if (command === 'edit' && field === 'confirm') return editTarget(text) ?? 'reask';
  if (command) return `command:${command}`;
  const r = parseAnswer(field, text, env);
  if (!r.ok) return 'reask';
  const v = r.value;
  if (typeof v === 'boolean') return field === 'confirm' ? 'ok' : v ? 'yes' : 'no';
  if (field === 'statusText') return v === env.statusPrefill ? 'keep' : 'add';
  if (field === 'email') return v === null ? 'skip' : String(v);
  return String(v);
}

const sameText = (a: string, b: string): boolean => fold(a) === fold(b);

function checkExtract(item: Item): { got: string; ok: boolean } {
  const found = extractFields(item.text, interpretEnv) as Record<string, unknown>;
  const got: string[] = [];
  let ok = true;
  for (const part of item.expected.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [key, want] = [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)];
    const value = found[key];
    let shown = value === undefined ? '-' : key === 'service' ? String((value as { id?: string }).id) : String(value);
    let good: boolean;
    if (want === '-') good = value === undefined;
    else if (key === 'transactionAt') good = typeof value === 'string' && value.startsWith(want);
    else if (key === 'purchasePlace') good = typeof value === 'string' && fold(value).includes(fold(want));
    else good = shown === want;
    if (!good) {
      ok = false;
      shown = `${key}=${shown}`;
      got.push(shown);
    }
  }
  return { got: ok ? item.expected : got.join('; '), ok };
}

export function interpret(item: Item): { got: string; ok: boolean } {
  const env = parseEnvFor();
  switch (item.category) {
    case 'extract':
      return checkExtract(item);
    case 'issuers': {
      const got = extractFields(item.text, interpretEnv).issuer ?? 'none';
      return { got, ok: sameText(got, item.expected) };
    }
    case 'situations': {
      const r = parseAnswer('situation', item.text, env);
      const got = r.ok ? String(r.value) : 'none';
      return { got, ok: got === item.expected };
    }
    default: {
      let got: string;
      if (item.field) {
        got = item.category === 'commands' ? (commandDuring(item.text, item.field, env) ?? 'none') : answerOf(item.field, item.text, env);
      } else {
        const o = readOpening(item.text, interpretEnv);
        if (item.category === 'commands') got = o.kind === 'command' ? o.command : 'none';
        else if (item.category === 'faq') got = o.kind === 'faq' ? o.topic : 'none';
        else if (item.category === 'smalltalk') got = o.kind === 'smalltalk' ? o.smalltalk : 'none';
        else got = o.kind === 'complaint' && !o.describesProblem ? 'none' : o.kind;
      }
      return { got, ok: got === item.expected || (item.field === 'email' && sameText(got, item.expected)) };
    }
  }
}

export interface Report {
  total: number;
  correct: number;
  byCategory: Record<string, { total: number; correct: number }>;
  misses: Outcome[];
}

export function evaluate(items = loadCorpus()): Report {
  const report: Report = { total: 0, correct: 0, byCategory: {}, misses: [] };
  for (const item of items) {
    const { got, ok } = interpret(item);
    const c = (report.byCategory[item.category] ??= { total: 0, correct: 0 });
    c.total += 1;
    report.total += 1;
    if (ok) {
      c.correct += 1;
      report.correct += 1;
    } else report.misses.push({ ...item, got, ok });
  }
  return report;
}

export function stopLocales(): void {
  locales.close();
}
