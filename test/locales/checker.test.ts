// `npm run locales:check` on temp copies of locales/ with one mistake each: it must exit non-zero
// and name the file, the key and the reason; on the real files it passes.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyLocales, editJson, removeDir, setAt, writeRaw, at } from './support';

const ROOT = path.join(__dirname, '..', '..');

function runChecker(dir?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/locales-check.ts', ...(dir ? [dir] : [])],
      { cwd: ROOT, env: { ...process.env, LOCALES_DIR: '' } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

interface Mistake {
  name: string;
  make(dir: string): void;
  /** file, key and problem code the checker must print on one line */
  expect: Array<[file: string, key: string, code: string]>;
}

const MISTAKES: Mistake[] = [
  {
    name: 'invalid JSON (trailing comma)',
    make: (d) => writeRaw(d, 'vi/common.json', '{\n  "error": "Xin lỗi",\n}\n'),
    expect: [['vi/common.json', '*', 'invalid_json']],
  },
  {
    name: 'a key the bot needs removed from both languages',
    make: (d) => ['vi', 'en'].forEach((l) => editJson(d, `${l}/ask.json`, (j) => setAt(j, 'phone.prompt', undefined))),
    expect: [
      ['vi/ask.json', 'phone.prompt', 'key_missing'],
      ['en/ask.json', 'phone.prompt', 'key_missing'],
    ],
  },
  {
    name: 'a key removed from one language only (an optional re-ask the other language has)',
    make: (d) => {
      editJson(d, 'vi/reask.json', (j) => setAt(j, 'phone.empty', 'Quý khách chưa ghi số điện thoại.'));
      editJson(d, 'en/reask.json', (j) => setAt(j, 'phone.empty', 'No phone number yet.'));
      editJson(d, 'en/reask.json', (j) => setAt(j, 'phone.empty', undefined));
    },
    expect: [['en/reask.json', 'phone.empty', 'key_missing']],
  },
  {
    name: 'a placeholder removed (machine message)',
    make: (d) => editJson(d, 'vi/outcome.json', (j) => setAt(j, 'handoff.fraud_suspected', at(j, 'handoff.fraud_suspected').replace('{{deadline, datetime}}', 'sớm'))),
    expect: [['vi/outcome.json', 'handoff.fraud_suspected', 'placeholder_removed']],
  },
  {
    name: 'a placeholder misspelt',
    make: (d) => editJson(d, 'vi/lookup.json', (j) => setAt(j, 'askPhone', at(j, 'askPhone').replace('{{code}}', '{{cdoe}}'))),
    expect: [['vi/lookup.json', 'askPhone', 'placeholder_unknown']],
  },
  {
    name: 'a placeholder with a broken brace',
    make: (d) => editJson(d, 'en/email.json', (j) => setAt(j, 'subject', at(j, 'subject').replace('{{ticketCode}}', '{{ticketCode}'))),
    expect: [['en/email.json', 'subject', 'placeholder_malformed']],
  },
  {
    name: 'different placeholders in the two languages (a file the code does not catalogue)',
    make: (d) => {
      writeRaw(d, 'vi/notices.json', JSON.stringify({ queue: { title: 'Hàng chờ ({{count}})' } }));
      writeRaw(d, 'en/notices.json', JSON.stringify({ queue: { title: 'Queue ({{cuont}})' } }));
    },
    expect: [['en/notices.json', 'queue.title', 'placeholder_mismatch']],
  },
  {
    name: 'a quick-reply title over 20 characters',
    make: (d) => editJson(d, 'vi/ask.json', (j) => setAt(j, 'confirm.choices.ok', 'Gửi khiếu nại ngay bây giờ')),
    expect: [['vi/ask.json', 'confirm.choices.ok', 'quick_reply_too_long']],
  },
  {
    name: 'the denomination button over 20 characters once rendered (1.000.000đ)',
    make: (d) => editJson(d, 'en/ask.json', (j) => setAt(j, 'denomination.choice', 'Card value {{amount, vnd}}')),
    expect: [['en/ask.json', 'denomination.choice', 'quick_reply_too_long']],
  },
  {
    name: 'two quick replies of one question that read the same',
    make: (d) => editJson(d, 'vi/ask.json', (j) => setAt(j, 'confirm.choices.phone', 'gui khieu nai')),
    expect: [['vi/ask.json', 'confirm.choices.phone', 'quick_reply_duplicate']],
  },
  {
    name: 'an empty text',
    make: (d) => editJson(d, 'en/handoff.json', (j) => setAt(j, 'ack', '   ')),
    expect: [['en/handoff.json', 'ack', 'empty']],
  },
  {
    name: 'HTML in a text',
    make: (d) => editJson(d, 'vi/common.json', (j) => setAt(j, 'editLater', `<b>Lưu ý:</b> ${at(j, 'editLater')}`)),
    expect: [['vi/common.json', 'editLater', 'html']],
  },
  {
    name: 'a value that is not text',
    make: (d) => writeRaw(d, 'vi/handoff.json', JSON.stringify({ ack: 42 })),
    expect: [['vi/handoff.json', 'ack', 'not_text']],
  },
  {
    name: 'an unknown format',
    make: (d) => editJson(d, 'vi/summary.json', (j) => setAt(j, 'transactionAt', '• Thời gian nạp: {{at, datetme}}')),
    expect: [['vi/summary.json', 'transactionAt', 'format_unknown']],
  },
  {
    name: 'a file in one language only',
    make: (d) => writeFileSync(path.join(d, 'vi', 'notices.json'), JSON.stringify({ title: 'Bảng điều khiển' })),
    expect: [['vi/notices.json', '*', 'file_missing']],
  },
  {
    name: 'a file the bot needs deleted',
    make: (d) => rmSync(path.join(d, 'en', 'lookup.json')),
    expect: [['en/lookup.json', '*', 'file_missing']],
  },
];

describe('npm run locales:check', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));

  it('passes on the real files', async () => {
    const r = await runChecker();
    expect(r.out).to.match(/^OK: \d+ tệp/m);
    expect(r.code).to.equal(0);
  });

  it('is what `npm test` runs before mocha', async () => {
    const pkg = await import('../../package.json');
    const scripts = (pkg as unknown as { scripts: Record<string, string> }).scripts;
    expect(scripts['locales:check']).to.equal('node scripts/on-node24.cjs tsx scripts/locales-check.ts');
    expect(scripts.test).to.equal('node scripts/on-node24.cjs npm run --silent test:all');
    expect(scripts['test:all']).to.match(/^tsc --noEmit && npm run --silent locales:check && mocha /);
  });

  // The checker runs as a child process for each mistake, all at once.
  const runs = new Map<string, Promise<{ code: number; out: string }>>();
  before(() => {
    for (const m of MISTAKES) {
      const dir = copyLocales();
      dirs.push(dir);
      m.make(dir);
      runs.set(m.name, runChecker(dir));
    }
  });

  for (const m of MISTAKES) {
    it(`catches ${m.name}`, async () => {
      const r = await runs.get(m.name)!;
      expect(r.code, r.out).to.equal(1);
      for (const [file, key, code] of m.expect) {
        const line = r.out.split('\n').find((l) => l.includes(`${file}  ${key}  [${code}]`));
        expect(line, `expected "${file}  ${key}  [${code}]" in:\n${r.out}`).to.be.a('string');
        // …with a reason after the code
        expect(line!.split(`[${code}]`)[1].trim().length).to.be.greaterThan(10);
      }
    });
  }
});
