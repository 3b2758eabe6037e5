// A running bot (LOCALES_DIR = a temp copy of locales/): an admin's edit is in the next turn within
// 2 seconds, and every kind of broken edit changes nothing a customer sees while /readyz and the log
// say which file and key are wrong and why.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logging/logger';
import { sendToBot } from '../../scripts/bot-client';
import { testDatabaseUri } from '../support/database';
import { TEST_OPS_TOKEN, opsHeaders } from '../support/app';
import { at, captureLogs, copyLocales, editJson, readJson, readRaw, removeDir, setAt, waitFor, writeRaw, type Json } from './support';

describe('locale files edited on a running bot', function () {
  this.timeout(60000);
  let dir: string;
  let app: App;
  let logs: ReturnType<typeof captureLogs>;
  const run = randomUUID().slice(0, 8);
  let n = 0;
  const conv = (label: string) => `loc-${label}-${run}-${(n += 1)}`;

  before(async () => {
    dir = copyLocales();
    logs = captureLogs();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MONGODB_URI: await testDatabaseUri('locales'),
      LOCALES_DIR: dir,
      OPS_TOKEN: TEST_OPS_TOKEN,
    });
    app = await startApp(config, createLogger('info', logs.stream));
  });
  after(async () => {
    await app?.stop();
    removeDir(dir);
  });

  /** The first turn of a new conversation: greeting, then the first question with its quick replies. */
  const opening = async (locale = 'vi-VN') => {
    const replies = await sendToBot(app.url, conv('open'), 'xin chào', { locale });
    return { greeting: replies[0].text, question: replies[1].text, choices: replies[1].choices };
  };

  const readyz = async () => {
    const res = await fetch(`${app.url}/readyz`, { headers: opsHeaders });
    return { status: res.status, body: (await res.json()) as { status: string; locales: { ok: boolean; errors: Array<Record<string, string>> } } };
  };

  it('uses the locale directory given by LOCALES_DIR', () => {
    expect(app.locales.localeStatus()).to.include({ dir, ok: true, version: 1 });
  });

  it('an edit of the greeting and of a re-ask is in the next turn, within 2 s', async () => {
    const oldGreeting = at(readJson(dir, 'vi/outcome.json'), 'greeting');
    const running = conv('running');
    const first = await sendToBot(app.url, running, 'xin chào');
    expect(first[0].text).to.equal(oldGreeting);

    const greeting = 'Qpal xin chào Quý khách (lời chào do admin sửa).';
    const reask = 'Qpal vẫn chưa rõ tình huống của Quý khách (câu hỏi lại do admin sửa).';
    const edited = Date.now();
    editJson(dir, 'vi/outcome.json', (j) => setAt(j, 'greeting', greeting));
    editJson(dir, 'vi/reask.json', (j) => setAt(j, 'situation.unclear', reask));

    // A new conversation every 50 ms until one is greeted with the new text.
    await waitFor(async () => (await opening()).greeting === greeting, 2000, 50);
    const latency = Date.now() - edited;
    console.log(`      reload latency (save → next turn shows the new text): ${latency} ms`);
    expect(latency).to.be.below(2000);

    // The conversation that was already running gets the new re-ask in its next turn.
    const next = await sendToBot(app.url, running, 'abc xyz');
    expect(next.map((r) => r.text)).to.include(reask);
    expect(app.locales.localeStatus()).to.include({ ok: true });
  });

  interface BrokenEdit {
    name: string;
    file: string;
    /** the edit, as a function of the file's current JSON, or raw text */
    edit: ((j: Json) => void) | string;
    expected: { file: string; key: string; code: string };
    /** what a customer would see if the edit were used: must stay as before */
    probe: 'greeting' | 'question' | 'enGreeting';
  }

  const changedGreeting = (j: Json) => setAt(j, 'greeting', 'LỜI CHÀO MỚI KHÔNG ĐƯỢC HIỆN');
  const changedQuestion = (j: Json) => setAt(j, 'situation.prompt', 'CÂU HỎI MỚI KHÔNG ĐƯỢC HIỆN');

  const BROKEN: BrokenEdit[] = [
    {
      name: 'invalid JSON',
      file: 'vi/outcome.json',
      edit: '{\n  "greeting": "LỜI CHÀO MỚI KHÔNG ĐƯỢC HIỆN",\n}\n',
      expected: { file: 'vi/outcome.json', key: '*', code: 'invalid_json' },
      probe: 'greeting',
    },
    {
      name: 'a key removed (compared with the last good set)',
      file: 'vi/outcome.json',
      edit: (j) => {
        changedGreeting(j);
        setAt(j, 'cancelled', undefined);
      },
      expected: { file: 'vi/outcome.json', key: 'cancelled', code: 'key_removed' },
      probe: 'greeting',
    },
    {
      name: 'a key removed from the English file only',
      file: 'en/outcome.json',
      edit: (j) => setAt(j, 'greeting', undefined),
      expected: { file: 'en/outcome.json', key: 'greeting', code: 'key_removed' },
      probe: 'enGreeting',
    },
    {
      name: 'a placeholder removed',
      file: 'vi/outcome.json',
      edit: (j) => {
        changedGreeting(j);
        setAt(j, 'handoff.customer_request', at(j, 'handoff.customer_request').replace('{{deadline, datetime}}', 'sớm'));
      },
      expected: { file: 'vi/outcome.json', key: 'handoff.customer_request', code: 'placeholder_removed' },
      probe: 'greeting',
    },
    {
      name: 'a placeholder misspelt',
      file: 'vi/ask.json',
      edit: (j) => {
        changedQuestion(j);
        setAt(j, 'confirm.prompt', at(j, 'confirm.prompt').replace('{{summary}}', '{{sumary}}'));
      },
      expected: { file: 'vi/ask.json', key: 'confirm.prompt', code: 'placeholder_unknown' },
      probe: 'question',
    },
    {
      name: 'a quick-reply title over 20 characters',
      file: 'vi/ask.json',
      edit: (j) => setAt(j, 'situation.choices.other', 'Một vấn đề khác hẳn các mục trên'),
      expected: { file: 'vi/ask.json', key: 'situation.choices.other', code: 'quick_reply_too_long' },
      probe: 'question',
    },
    {
      name: 'the denomination quick reply over 20 characters once rendered',
      file: 'vi/ask.json',
      edit: (j) => {
        changedQuestion(j);
        setAt(j, 'denomination.choice', 'Thẻ mệnh giá {{amount, vnd}}');
      },
      expected: { file: 'vi/ask.json', key: 'denomination.choice', code: 'quick_reply_too_long' },
      probe: 'question',
    },
    {
      name: 'an empty text',
      file: 'vi/ask.json',
      edit: (j) => setAt(j, 'situation.prompt', ''),
      expected: { file: 'vi/ask.json', key: 'situation.prompt', code: 'empty' },
      probe: 'question',
    },
    {
      name: 'HTML',
      file: 'vi/outcome.json',
      edit: (j) => setAt(j, 'greeting', '<b>Xin chào</b> Quý khách!'),
      expected: { file: 'vi/outcome.json', key: 'greeting', code: 'html' },
      probe: 'greeting',
    },
  ];

  for (const broken of BROKEN) {
    it(`refuses ${broken.name}: customers see the old text, /readyz and the log say file, key and reason`, async () => {
      const before = { vi: await opening(), en: await opening('en-US') };
      const original = readRaw(dir, broken.file);
      const logStart = logs.lines.length;
      try {
        if (typeof broken.edit === 'string') writeRaw(dir, broken.file, broken.edit);
        else editJson(dir, broken.file, broken.edit);
        const matches = (e: { file?: unknown; key?: unknown; code?: unknown }) => e.file === broken.expected.file && e.key === broken.expected.key && e.code === broken.expected.code;
        await waitFor(() => app.locales.localeStatus().errors.some(matches), 2000);

        // Nothing a customer sees changed.
        const now = { vi: await opening(), en: await opening('en-US') };
        if (broken.probe === 'greeting') expect(now.vi.greeting).to.equal(before.vi.greeting);
        if (broken.probe === 'enGreeting') expect(now.en.greeting).to.equal(before.en.greeting);
        if (broken.probe === 'question') {
          expect(now.vi.question).to.equal(before.vi.question);
          expect(now.vi.choices).to.deep.equal(before.vi.choices);
        }
        expect(now).to.deep.equal(before);

        // /readyz: still ready (the last good texts are served), with the problem in its detail.
        const r = await readyz();
        expect(r.status).to.equal(200);
        expect(r.body.status).to.equal('ready');
        expect(r.body.locales.ok).to.equal(false);
        const shown = r.body.locales.errors.find(matches);
        expect(shown, JSON.stringify(r.body.locales.errors)).to.be.an('object');
        expect(shown!.reason).to.be.a('string').and.not.equal('');

        // The log names file, key and reason.
        const line = logs.lines.slice(logStart).find((l) => l.level === 50 && matches(l));
        expect(line, 'error log line').to.be.an('object');
        expect(String(line!.reason)).to.not.equal('');
        expect(String(line!.msg)).to.include(broken.expected.file);
      } finally {
        writeRaw(dir, broken.file, original);
        await waitFor(() => app.locales.localeStatus().ok, 2000);
      }
      const after = await readyz();
      expect(after.body.locales).to.include({ ok: true });
      expect(after.body.locales.errors).to.deep.equal([]);
    });
  }
});
