import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import { startLocales } from '../../bot/locales/i18n';
import { maskText, maskValue } from '../../bot/logging/mask';
import { ASK_FIELDS, type ComplaintContext } from '../../machines/complaint/types';
import { initialContext } from '../../machines/complaint/machine';
import { commandDuring, readOpening, type InterpretEnv } from '../../dialogs/interpret';
import { parseAnswer, type ParseEnv } from '../../dialogs/parse-answer';
import { choicesFor, matchChoice } from '../../dialogs/field-choices';
import { editTarget } from '../../dialogs/edit-target';
import { parseRating, isNoComment } from '../../dialogs/csat';
import * as u from '../../dialogs/understanding';
import { extractFields, otherIssuerOf, serviceOf, situationOf } from '../../dialogs/understanding/extract';
import { faqTopicOf, smalltalkOf } from '../../dialogs/understanding/conversation';
import { tokensOf } from '../../dialogs/understanding/phrases';
import { vocabularyFor } from '../../dialogs/understanding/vocabulary';
import { TEST_CONFIG } from '../machines/fixtures';

// Issue 11, point 3: every parser that sees customer text, the command detector and the log
// masker must stay fast on hostile text (a catastrophic regex blocks every customer of the process).

const LIMIT_MS = 50;
const NOW = new Date('2026-11-25T10:00:00+07:00');

const rep = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);

/** Inputs known to make backtracking regexes and per-token loops blow up. */
function adversarialInputs(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  // 1,999: just under the longest answer a question reads (parse-answer.ts MAX_MESSAGE).
  for (const n of [1999, 5000, 20000]) {
    const runs: Array<[string, string]> = [
      ['spaces', ' '],
      ['digits', '1'],
      ['letters', 'a'],
      ['dots', '.'],
      ['dashes', '-'],
      ['slashes', '/'],
      ['commas', ','],
      ['mixed separators', '.-/ ,'],
      ['digit space', '1 '],
      ['digit dot', '1.'],
      ['digit dash', '9-'],
      ['at signs', 'a@a.a@'],
      ['dotted labels', 'a.'],
      ['plus zero', '+0'],
      ['84', '84 '],
      ['words', 'thẻ không tồn tại '],
      ['no diacritics', 'the khong ton tai '],
      ['NFD Vietnamese', 'thẻ đã được sử dụng '.normalize('NFD')],
      ['emoji', '😀👍🏽🇻🇳'],
      ['alternating letters digits', 'a1'],
      ['time-like', '12h 25/10 '],
      ['money-like', '50k 100 nghìn '],
      ['serial label', 'seri '],
      ['code label', 'mã thẻ '],
      ['phone label', 'sdt '],
      ['colons', ':'],
      ['parentheses', '('],
      ['hash', '#'],
    ];
    for (const [name, unit] of runs) out.push([`${n} × ${name}`, rep(unit, n)]);
    out.push([`${n}: "1" + spaces + "x"`, `1${' '.repeat(n - 2)}x`]);
    out.push([`${n}: "1 1 1 …x"`, `${rep('1 ', n - 1)}x`]);
    out.push([`${n}: letters + "@"`, `${rep('a', n - 1)}@`]);
    out.push([`${n}: "a@" then dots`, `a@${rep('a.', n - 3)}!`]);
    out.push([`${n}: digits then "!"`, `${rep('1', n - 1)}!`]);
    out.push([`${n}: letters + digits + "x"`, `${rep('A', n / 2)}${rep('1', n / 2 - 1)}x`]);
  }
  return out;
}

const locales = startLocales({ watch: false });
const t = locales.i18n.getFixedT('vi');
const vocab = vocabularyFor(t);
const interpretEnv: InterpretEnv = { now: NOW, denominations: u.DEFAULT_DENOMINATIONS, vocab };
const context: ComplaintContext = { ...initialContext('adversarial', TEST_CONFIG), situation: 'success_not_credited' };
const parseEnv: ParseEnv = {
  t,
  context,
  denominations: u.DEFAULT_DENOMINATIONS,
  statusPrefill: 'Nạp thành công nhưng không nhận được',
  now: NOW,
  attachments: [],
  vocab,
};

/** Each parser that reads text a customer (or a request) sent. */
const parsers: Array<[string, (text: string) => unknown]> = [
  ['normalizeInput', u.normalizeInput],
  ['isEmptyOrNoise', u.isEmptyOrNoise],
  ['toWords', u.toWords],
  ['tokensOf', tokensOf],
  ['detectCommand (built-in)', (s) => u.detectCommand(s)],
  ['detectCommand (vocabulary)', (s) => u.detectCommand(s, vocab)],
  ['parseTicketCode', u.parseTicketCode],
  ['parseYesNo', u.parseYesNo],
  ['classifySituation', u.classifySituation],
  ['parseDenomination', (s) => u.parseDenomination(s)],
  ['mentionedDenominations', (s) => u.mentionedDenominations(s)],
  ['parseTransactionTime', (s) => u.parseTransactionTime(s, NOW.toISOString())],
  ['parsePhone', u.parsePhone],
  ['parseSerial', (s) => u.parseSerial(s)],
  ['parseEmail', u.parseEmail],
  ['findService', (s) => u.findService(s)],
  ['parsePurchasePlace', u.parsePurchasePlace],
  ['parseStatusText', u.parseStatusText],
  ['extractFields', (s) => extractFields(s, interpretEnv)],
  ['situationOf', (s) => situationOf(s, vocab)],
  ['otherIssuerOf', (s) => otherIssuerOf(s, vocab)],
  ['serviceOf', (s) => serviceOf(s, vocab)],
  ['faqTopicOf', (s) => faqTopicOf(s, vocab)],
  ['smalltalkOf', (s) => smalltalkOf(s, vocab)],
  ['readOpening', (s) => readOpening(s, interpretEnv)],
  ['editTarget', editTarget],
  ['parseRating', parseRating],
  ['isNoComment', isNoComment],
  ['maskText', maskText],
  ['maskValue', (s) => maskValue({ text: s, nested: { note: s } })],
  ...ASK_FIELDS.flatMap((field): Array<[string, (text: string) => unknown]> => [
    [`matchChoice(${field})`, (s) => matchChoice(s, choicesFor(field, parseEnv))],
    [`parseAnswer(${field})`, (s) => parseAnswer(field, s, parseEnv)],
    [`commandDuring(${field})`, (s) => commandDuring(s, field, parseEnv)],
  ]),
];

/**
 * Best of up to seven runs: a collection or another process on a loaded machine inflates some runs,
 * not all seven (one run under the limit is enough); a super-linear parser is slow on every run.
 */
function bestOf(fn: (text: string) => unknown, text: string): number {
  let best = Infinity;
  for (let i = 0; i < 7 && best >= LIMIT_MS / 2; i += 1) {
    const start = performance.now();
    fn(text);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('security: every parser runs in linear time on hostile text', function () {
  this.timeout(120000);
  const inputs = adversarialInputs();

  for (const [name, fn] of parsers) {
    it(`${name}: no adversarial input takes over ${LIMIT_MS} ms`, () => {
      const slow: string[] = [];
      for (const [label, text] of inputs) {
        const ms = bestOf(fn, text);
        if (ms > LIMIT_MS) slow.push(`${label}: ${ms.toFixed(1)} ms`);
      }
      expect(slow).to.deep.equal([]);
    });
  }

  it('the inputs really are hostile: the old cubic phone pattern is slow on one of them', () => {
    // The pattern issue 11 replaced, kept here so the test shows it can fail.
    // The same shape at 1,000 characters (at 5,000 it would run for minutes).
    const OLD_CANDIDATE = /\+?\s*\(?\s*\+?\d[\d\s.()-]*\d/g;
    const ms = bestOf((s) => s.match(OLD_CANDIDATE), `1${' '.repeat(998)}x`);
    expect(ms).to.be.greaterThan(LIMIT_MS);
  });
});
