import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startWorld, type World, nextPhone, nextSerial } from '../conversations/harness';
import type { IssuerCard, IssuerTopup } from '../support/issuer';
import { messageActivity } from '../../scripts/bot-client';
import { mulberry32 } from '../../scripts/bench/load';

// Issue 11: a seeded fuzz of customer messages at every question of the procedure, over HTTP
// against a running bot with its database and a card system. Whatever a customer sends, the bot
// answers 200, stays up, never shows a template or an internal value, and answers quickly.

const SEED = 20261201;
const CONVERSATIONS_PER_QUESTION = 6;
const FUZZ_PER_CONVERSATION = 11;
const PARALLEL = 3;
// 156 ms measured on a quiet 2-core machine, up to 775 ms with four other test suites running at
// once; the stalls this guards against were seconds per message (the cubic phone pattern: 3 s).
// Each parser's own 50 ms limit is in adversarial.test.ts.
const P99_LIMIT_MS = 1000;

/** mulberry32 (the bench's): small, fast, and the same sequence on every machine. */
const prng = mulberry32;

const LOCALES = path.join(__dirname, '../../locales/vi');
const NAMESPACES = readdirSync(LOCALES).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
const ask = JSON.parse(readFileSync(path.join(LOCALES, 'ask.json'), 'utf8')) as Record<string, { prompt: string }>;
/** The fixed start of a question's prompt (before any {{value}} it shows). */
const promptOf = (field: string) => ask[field].prompt.split('{{')[0].slice(0, 30);

// What must never reach a customer: an unfilled template, a JavaScript value, a raw locale key.
const RAW_KEY = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${NAMESPACES.join('|')}):[A-Za-z_][\\w.-]*`, 'u');
function leak(text: string): string | undefined {
  if (text.includes('undefined')) return 'undefined';
  if (text.includes('NaN')) return 'NaN';
  if (text.includes('[object')) return '[object';
  if (text.includes('{{')) return '{{';
  return RAW_KEY.exec(text)?.[0];
}

const RANGES: Array<[number, number]> = [
  [0x20, 0x7e], // ASCII
  [0xc0, 0x1b0], // Latin with diacritics
  [0x1ea0, 0x1ef9], // Vietnamese precomposed
  [0x300, 0x36f], // combining marks (NFD)
  [0x4e00, 0x4fff], // CJK
  [0x590, 0x5ff], // Hebrew (RTL)
  [0x600, 0x6ff], // Arabic (RTL)
  [0x1f300, 0x1faff], // emoji
  [0x0, 0x1f], // control characters
  [0x7f, 0x9f], // C1 controls
  [0x200b, 0x200f], // zero-width, LRM/RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2066, 0x2069], // bidi isolates
  [0xfe00, 0xfe0f], // variation selectors
  [0xd800, 0xdfff], // lone surrogates
  [0xfff0, 0xffff], // specials
];

/** Answers that move a conversation, reused with noise so the fuzz also walks the procedure. */
const ANSWERS = [
  'thẻ không tồn tại', 'Thẻ đã được sử dụng', 'nạp thẻ thành công mà không thấy tiền', 'có', 'không', 'không phải',
  'naruto', 'Cửu Âm', '50k', '100 nghìn', '1000 2026 0000 01', 'Đại lý Minh Anh 12 Lê Lợi', '8 giờ tối hôm qua',
  '12h30 ngày 1/3/2026', 'Đúng như vậy', '0912 345 678', '+84 912.345.678', 'bỏ qua', 'a@b.vn', 'Gửi khiếu nại',
  'còn giữ', 'mất rồi', 'Tự gọi nhà cung cấp', 'Nhờ Qpal tra soát', 'gặp nhân viên', 'hủy', 'làm lại từ đầu',
  'sửa số điện thoại', 'tra cứu KN-2511-0001', 'mã thẻ là 1234 5678 9012', 'cảm ơn', 'thẻ bit mua ở đâu', '1', '2', '7',
];

function generator(seed: number) {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const char = (): string => {
    const [lo, hi] = pick(RANGES);
    const cp = int(lo, hi);
    return cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
  };
  const chars = (n: number) => Array.from({ length: n }, char).join('');
  const mixed = (n: number): string => {
    let s = '';
    while (s.length < n) s += rnd() < 0.5 ? chars(int(1, 12)) : ` ${pick(ANSWERS)} `;
    return s.slice(0, n);
  };
  const json = (): string => {
    const shapes = [
      () => JSON.stringify({ type: 'message', text: mixed(int(0, 30)), value: { a: [1, null, true] } }),
      () => JSON.stringify([int(-9, 9), mixed(5), { k: { k: { k: {} } } }]),
      () => `{"${chars(3)}": ${int(0, 1e9)}, "x": [`,
      () => '{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}',
      () => `[${'['.repeat(int(1, 200))}`,
      () => JSON.stringify({ text: pick(ANSWERS), channelData: { message: { text: 1 } } }),
    ];
    return pick(shapes)();
  };
  const kinds: Array<() => string> = [
    () => '',
    () => pick([' ', '\n', '\t', '\u00a0', '\u200b', '\ufeff', '\u0000', '\r\n']).repeat(int(1, 50)),
    () => chars(int(1, 40)),
    () => chars(int(40, 400)),
    () => mixed(5000),
    () => chars(5000),
    json,
    () => {
      const a = pick(ANSWERS);
      return pick([a, a.normalize('NFD'), a.toUpperCase(), `${a} ${chars(int(1, 8))}`, `${chars(int(1, 5))}${a}`, `${a}${'!'.repeat(int(1, 30))}`]);
    },
    () => Array.from({ length: int(1, 30) }, () => pick(['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇻🇳', '❤️', '🙏', '\u{1f600}\u200d\u{1f525}'])).join(''),
    () => `\u202e${pick(ANSWERS)}\u202c ${pick(['مرحبا بكم', 'שלום עולם', 'سلام'])}`,
    () => pick(['1 ', '.', '-', '/', ' ,', 'a@', '9.', '+0', 'seri ', 'sdt ', ' ']).repeat(int(100, 2500)).slice(0, 5000),
    () => Array.from({ length: int(1, 6) }, () => String(int(0, 99999))).join(pick([' ', '.', '-', '/', ''])),
  ];
  /** A customer message that does not itself contain what the checks look for in replies. */
  return (): string => {
    for (;;) {
      const text = pick(kinds)();
      if (!leak(text) && !/nan/i.test(text)) return text;
    }
  };
}

const SOLD_AT = '2026-11-20T09:15:00+07:00';
const MINH_ANH = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };
const NARUTO = { service: 'Naruto Đại Chiến', account: 'ninja_2010' };
type Card = { card: Omit<IssuerCard, 'serial'>; topups: Array<Omit<IssuerTopup, 'serial' | 'id'>> };
const CARDS: Record<'wrongCode' | 'usedBeforeSale' | 'creditedElsewhere', Card> = {
  wrongCode: {
    card: { denomination: 50000, status: 'active', soldAt: SOLD_AT, soldBy: MINH_ANH },
    topups: [{ at: '2026-11-24T20:00:00+07:00', ...NARUTO, result: 'failed', error: 'wrong_code' }],
  },
  usedBeforeSale: {
    card: { denomination: 50000, status: 'used', activatedAt: '2026-10-01T08:00:00+07:00', soldAt: SOLD_AT, soldBy: MINH_ANH, usedAt: '2026-11-19T10:02:00+07:00', usedBy: NARUTO },
    topups: [{ at: '2026-11-24T20:00:00+07:00', ...NARUTO, result: 'failed', error: 'card_used' }],
  },
  creditedElsewhere: {
    card: { denomination: 50000, status: 'used', activatedAt: '2026-10-01T08:00:00+07:00', soldAt: SOLD_AT, soldBy: MINH_ANH, usedAt: '2026-11-24T20:00:00+07:00', usedBy: NARUTO },
    topups: [{ at: '2026-11-24T20:00:00+07:00', ...NARUTO, result: 'success', providerAck: true }],
  },
};

interface Question {
  field: string;
  card: keyof typeof CARDS;
  /** The answers that reach the question (the serial and phone are filled in per conversation). */
  reach: (serial: string, phone: string) => string[];
}

const story = (situation: string) => (serial: string, phone: string) =>
  [situation, 'có', 'naruto', '50k', serial, 'Đại lý Minh Anh 12 Lê Lợi', '8 giờ tối hôm qua', 'Đúng như vậy', phone, 'bỏ qua'];
const upTo = (n: number) => (serial: string, phone: string) => story('thẻ không tồn tại')(serial, phone).slice(0, n);

const QUESTIONS: Question[] = [
  { field: 'opening', card: 'wrongCode', reach: () => [] },
  { field: 'situation', card: 'wrongCode', reach: () => ['xin chào'] },
  { field: 'isBitCard', card: 'wrongCode', reach: upTo(1) },
  { field: 'service', card: 'wrongCode', reach: upTo(2) },
  { field: 'denomination', card: 'wrongCode', reach: upTo(3) },
  { field: 'serial', card: 'wrongCode', reach: upTo(4) },
  { field: 'purchasePlace', card: 'wrongCode', reach: upTo(5) },
  { field: 'transactionAt', card: 'wrongCode', reach: upTo(6) },
  { field: 'statusText', card: 'wrongCode', reach: upTo(7) },
  { field: 'phone', card: 'wrongCode', reach: upTo(8) },
  { field: 'email', card: 'wrongCode', reach: upTo(9) },
  { field: 'confirm', card: 'wrongCode', reach: upTo(10) },
  { field: 'offerAgent', card: 'wrongCode', reach: (s, p) => [...upTo(8)(s, p), 'abc', 'xyz', 'qwerty'] },
  { field: 'cardShell', card: 'usedBeforeSale', reach: (s, p) => [...story('Thẻ đã được sử dụng')(s, p), 'Gửi khiếu nại'] },
  { field: 'isOwnAccount', card: 'creditedElsewhere', reach: (s, p) => [...story('nạp thẻ thành công mà không thấy tiền')(s, p), 'Gửi khiếu nại'] },
  { field: 'providerChoice', card: 'creditedElsewhere', reach: (s, p) => [...story('nạp thẻ thành công mà không thấy tiền')(s, p), 'Gửi khiếu nại', 'có'] },
];

interface Sent {
  status: number;
  ms: number;
  texts: string[];
}

let seq = 0;
/** One customer message over /api/messages (expectReplies), keeping the status instead of throwing. */
async function send(world: World, conversation: string, text: string): Promise<Sent> {
  seq += 1;
  const activity = messageActivity(conversation, text, { id: `${conversation}-${seq}` });
  const start = performance.now();
  const res = await fetch(`${world.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const body = await res.text();
  const ms = performance.now() - start;
  const texts: string[] = [];
  if (res.status === 200) {
    for (const a of (JSON.parse(body) as { activities?: Array<Record<string, any>> }).activities ?? []) {
      if (a.type !== 'message') continue;
      texts.push(String(a.text ?? ''));
      for (const action of a.suggestedActions?.actions ?? []) texts.push(String(action.title ?? ''), String(action.value ?? ''));
    }
  }
  return { status: res.status, ms, texts };
}

async function inParallel<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

describe(`security: seeded fuzz of customer messages at every question (seed ${SEED})`, function () {
  this.timeout(240000);
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(() => world?.close());

  it('the reply checks catch what they look for (and not ordinary Vietnamese text)', () => {
    for (const bad of ['Quý khách {{name}}', 'ask:phone.prompt', 'common:error', 'reask:serial.too_short', 'Mệnh giá NaN đ', '[object Object]', 'số undefined']) {
      expect(leak(bad), bad).to.be.a('string');
    }
    for (const fine of ['Lưu ý: lúc 10:30 ngày 25/11/2026', 'https://qpal.vn/ho-tro', 'Email: a@b.vn', 'KN-2511-0001']) expect(leak(fine), fine).to.equal(undefined);
  });

  it(`answers ${QUESTIONS.length * CONVERSATIONS_PER_QUESTION * FUZZ_PER_CONVERSATION} random messages with 200, no leaked template or value, p99 under ${P99_LIMIT_MS} ms`, async () => {
    const next = generator(SEED);
    const problems: string[] = [];
    const unreached: string[] = [];
    const times: number[] = [];
    const jobs = QUESTIONS.flatMap((q) =>
      Array.from({ length: CONVERSATIONS_PER_QUESTION }, (_, k) => {
        // Drawn now, in a fixed order, so the parallel schedule does not change the inputs.
        const fuzz = Array.from({ length: FUZZ_PER_CONVERSATION }, next);
        return async () => {
          const serial = nextSerial();
          world.issuer.put({ serial, ...CARDS[q.card].card }, CARDS[q.card].topups.map((t, i) => ({ id: `TP-${serial}-${i}`, ...t })));
          const conv = `fuzz-${q.field}-${k}-${serial}`;
          let last: Sent | undefined;
          for (const text of q.reach(serial, nextPhone())) {
            last = await send(world, conv, text);
            if (last.status !== 200) problems.push(`${q.field} reach "${text}": HTTP ${last.status}`);
          }
          if (q.field !== 'opening' && !last?.texts.join('\n').includes(promptOf(q.field))) unreached.push(`${q.field}: ${last?.texts.join(' | ')}`);
          for (const text of fuzz) {
            const r = await send(world, conv, text);
            times.push(r.ms);
            const shown = JSON.stringify(text.slice(0, 60));
            if (r.status !== 200) problems.push(`${q.field} ${shown}: HTTP ${r.status}`);
            for (const reply of r.texts) {
              const bad = leak(reply);
              if (bad) problems.push(`${q.field} ${shown}: reply shows ${JSON.stringify(bad)}: ${reply.slice(0, 120)}`);
            }
          }
        };
      }),
    );
    await inParallel(jobs, PARALLEL);

    expect(unreached, 'every conversation reached its question before the fuzz').to.deep.equal([]);
    expect(problems.slice(0, 20)).to.deep.equal([]);
    const health = await fetch(`${world.app.url}/healthz`);
    expect(health.status, 'the bot is still up').to.equal(200);
    const sorted = [...times].sort((a, b) => a - b);
    const p99 = sorted[Math.ceil(sorted.length * 0.99) - 1];
    expect(sorted.length).to.be.at.least(1000);
    expect(p99, `p99 of ${sorted.length} messages (p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms)`).to.be.below(P99_LIMIT_MS);
  });
});
