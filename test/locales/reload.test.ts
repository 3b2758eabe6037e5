// The locale service on its own (no bot): how an edit goes live, what a broken edit does, and what a
// customer sees when a text is missing anyway.
import { expect } from 'chai';
import { cpSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LocaleError, LocaleService, startLocales } from '../../bot/locales/i18n';
import { newI18nInstance, LAST_RESORT_SORRY } from '../../bot/locales/instance';
import { createLogger } from '../../bot/logging/logger';
import { at, captureLogs, copyLocales, editJson, readJson, removeDir, setAt, waitFor, writeRaw } from './support';

describe('locale files: live reload', function () {
  this.timeout(20000);
  let dir: string;
  let service: LocaleService;
  let logs: ReturnType<typeof captureLogs>;

  beforeEach(() => {
    dir = copyLocales();
    logs = captureLogs();
    service = startLocales({ dir, log: createLogger('info', logs.stream) });
  });
  afterEach(() => {
    service.close();
    removeDir(dir);
  });

  const versionAfter = (v: number) => () => service.localeStatus().version > v && service.localeStatus();
  const checkedAfter = (iso: string) => () => service.localeStatus().checkedAt > iso && service.localeStatus();

  it('an edit saved by rename (editor "atomic save") is used within 2 s, by a t() taken before the edit', async () => {
    const t = service.i18n.getFixedT('vi');
    writeRaw(dir, 'vi/common.json', JSON.stringify({ ...readJson(dir, 'vi/common.json'), editLater: 'Câu mới do admin sửa.' }));
    const { ms } = await waitFor(() => t('common:editLater') === 'Câu mới do admin sửa.', 2000, 5);
    console.log(`      reload latency (rename save → text in use): ${ms} ms`);
    expect(ms).to.be.below(2000);
    expect(service.localeStatus()).to.include({ ok: true, version: 2 });
    expect(logs.lines.some((l) => l.msg === 'locale texts reloaded')).to.equal(true);
  });

  it('an edit written in place is used too', async () => {
    editJson(dir, 'en/handoff.json', (j) => setAt(j, 'ack', 'An agent has your message.'));
    writeFileSync(path.join(dir, 'en/handoff.json'), JSON.stringify({ ack: 'An agent has your message (in place).' }));
    await waitFor(() => service.i18n.getFixedT('en')('handoff:ack') === 'An agent has your message (in place).', 2000);
  });

  it('replacing a whole language folder is noticed (watchers re-armed, poll as safety net)', async () => {
    const staged = `${dir}/vi.new`;
    cpSync(path.join(dir, 'vi'), staged, { recursive: true });
    editJson(dir, 'vi.new/handoff.json', (j) => setAt(j, 'ack', 'Thư mục mới.'));
    rmSync(path.join(dir, 'vi'), { recursive: true });
    renameSync(staged, path.join(dir, 'vi'));
    await waitFor(() => service.i18n.getFixedT('vi')('handoff:ack') === 'Thư mục mới.', 2000);
  });

  it('swaps bundles (remove + add): a text deleted from the files is gone, not merged back', async () => {
    const t = service.i18n.getFixedT('vi');
    const generic = t('reask:generic.empty');
    editJson(dir, 'vi/reask.json', (j) => setAt(j, 'situation.empty', 'Quý khách chưa chọn tình huống.'));
    editJson(dir, 'en/reask.json', (j) => setAt(j, 'situation.empty', 'You have not picked a situation.'));
    await waitFor(() => t(['reask:situation.empty', 'reask:generic.empty']) === 'Quý khách chưa chọn tình huống.', 2000);
    const v = service.localeStatus().version;
    editJson(dir, 'vi/reask.json', (j) => setAt(j, 'situation.empty', undefined));
    editJson(dir, 'en/reask.json', (j) => setAt(j, 'situation.empty', undefined));
    await waitFor(versionAfter(v), 2000);
    await waitFor(() => service.localeStatus().ok && service.i18n.getResource('en', 'reask', 'situation.empty') === undefined, 2000);
    expect(t(['reask:situation.empty', 'reask:generic.empty'])).to.equal(generic);
    expect(service.i18n.getResource('vi', 'reask', 'situation.empty')).to.equal(undefined);
  });

  it('refuses a broken file and keeps its last good version, while a good edit of another file goes live', async () => {
    const t = service.i18n.getFixedT('vi');
    const oldPrompt = t('ask:phone.prompt');
    const checked = service.localeStatus().checkedAt;
    editJson(dir, 'vi/ask.json', (j) => setAt(j, 'phone.prompt', 'Số điện thoại {{phone}} của Quý khách?')); // unknown placeholder
    editJson(dir, 'vi/common.json', (j) => setAt(j, 'editLater', 'Sửa ở bước tóm tắt.'));
    const { value: status } = await waitFor(() => {
      const s = checkedAfter(checked)();
      return s && t('common:editLater') === 'Sửa ở bước tóm tắt.' && s.errors.length ? s : undefined;
    }, 2000);
    expect(t('ask:phone.prompt')).to.equal(oldPrompt);
    expect(status.ok).to.equal(false);
    expect(status.held).to.deep.equal(['vi/ask.json']);
    expect(status.errors[0]).to.include({ file: 'vi/ask.json', key: 'phone.prompt', code: 'placeholder_unknown' });
    const logged = logs.lines.find((l) => l.level === 50 && l.file === 'vi/ask.json');
    expect(logged).to.include({ key: 'phone.prompt', code: 'placeholder_unknown' });
    expect(String(logged!.reason)).to.include('{{phone}}');

    // Fixed: applied, status clean again.
    editJson(dir, 'vi/ask.json', (j) => setAt(j, 'phone.prompt', 'Số điện thoại liên hệ của Quý khách?'));
    await waitFor(() => t('ask:phone.prompt') === 'Số điện thoại liên hệ của Quý khách?', 2000);
    expect(service.localeStatus()).to.include({ ok: true }).and.to.have.property('errors').that.deep.equals([]);
  });

  it('holds a new key added to one language until the other language has it', async () => {
    const t = service.i18n.getFixedT('vi');
    editJson(dir, 'vi/reask.json', (j) => setAt(j, 'situation.empty', 'Quý khách chưa chọn.'));
    const { value: s } = await waitFor(() => service.localeStatus().errors.length && service.localeStatus(), 2000);
    expect(s.errors[0]).to.include({ file: 'vi/reask.json', key: 'situation.empty', code: 'key_not_in_other_language' });
    expect(t(['reask:situation.empty', 'reask:generic.empty'])).to.not.equal('Quý khách chưa chọn.');
    editJson(dir, 'en/reask.json', (j) => setAt(j, 'situation.empty', 'No situation picked yet.'));
    await waitFor(() => t(['reask:situation.empty', 'reask:generic.empty']) === 'Quý khách chưa chọn.', 2000);
    expect(service.localeStatus().ok).to.equal(true);
  });

  it('holds the good half of a two-language edit while the other half is broken', async () => {
    const t = service.i18n.getFixedT('vi');
    editJson(dir, 'vi/reask.json', (j) => setAt(j, 'situation.empty', 'Quý khách chưa chọn.'));
    writeRaw(dir, 'en/reask.json', '{ "generic": ');
    const { value: s } = await waitFor(() => service.localeStatus().held.length === 2 && service.localeStatus(), 2000);
    expect(s.errors.map((e) => `${e.file} ${e.code}`)).to.have.members(['en/reask.json invalid_json', 'vi/reask.json held']);
    expect(t(['reask:situation.empty', 'reask:generic.empty'])).to.not.equal('Quý khách chưa chọn.');
  });

  it('refuses a deleted file, and keeps serving it', async () => {
    const before = service.i18n.getFixedT('en')('lookup:askCode');
    rmSync(path.join(dir, 'en', 'lookup.json'));
    const { value: s } = await waitFor(() => service.localeStatus().errors.length && service.localeStatus(), 2000);
    expect(s.errors[0]).to.include({ file: 'en/lookup.json', key: '*', code: 'file_removed' });
    expect(service.i18n.getFixedT('en')('lookup:askCode')).to.equal(before);
  });

  it('picks up a new namespace file (e.g. notices.json) once both languages have it', async () => {
    writeRaw(dir, 'vi/notices.json', JSON.stringify({ queue: { title: 'Hàng chờ ({{count}})' } }));
    writeRaw(dir, 'en/notices.json', JSON.stringify({ queue: { title: 'Queue ({{count}})' } }));
    await waitFor(() => service.i18n.getFixedT('en')('notices:queue.title', { count: 3 }) === 'Queue (3)', 2000);
    // From now on, its placeholders are checked against this last good version.
    editJson(dir, 'vi/notices.json', (j) => setAt(j, 'queue.title', 'Hàng chờ ({{cuont}})'));
    const { value: s } = await waitFor(() => service.localeStatus().errors.length && service.localeStatus(), 2000);
    expect(s.errors.map((e) => `${e.file} ${e.key} ${e.code}`)).to.include('vi/notices.json queue.title placeholder_unknown');
    expect(service.i18n.getFixedT('vi')('notices:queue.title', { count: 3 })).to.equal('Hàng chờ (3)');
  });
});

describe('locale files: at start', () => {
  it('a restart while a broken edit is on disk starts on the last good texts and reports the edit', () => {
    const dir = copyLocales();
    const lastGoodFile = path.join(dir, '..', `${path.basename(dir)}-last-good.json`);
    try {
      editJson(dir, 'vi/outcome.json', (j) => setAt(j, 'greeting', 'Chào mừng (bản tốt).'));
      startLocales({ dir, watch: false, lastGoodFile }).close();
      editJson(dir, 'vi/outcome.json', (j) => setAt(j, 'greeting', ''));
      const restarted = startLocales({ dir, watch: false, lastGoodFile });
      expect(restarted.i18n.getFixedT('vi')('outcome:greeting')).to.equal('Chào mừng (bản tốt).');
      const status = restarted.localeStatus();
      expect(status.ok).to.equal(false);
      expect(status.errors.map((e) => `${e.file} ${e.key} ${e.code}`)).to.include('vi/outcome.json greeting empty');
      restarted.close();
    } finally {
      removeDir(dir);
      rmSync(lastGoodFile, { force: true });
    }
  });

  it('a set that is not usable, with no last good copy, stops the start, naming file, key and reason', () => {
    const dir = copyLocales();
    try {
      editJson(dir, 'vi/ask.json', (j) => setAt(j, 'confirm.choices.ok', ''));
      expect(() => startLocales({ dir, watch: false }))
        .to.throw(LocaleError)
        .with.property('message')
        .that.matches(/vi\/ask\.json {2}confirm\.choices\.ok {2}\[empty\] \S/);
    } finally {
      removeDir(dir);
    }
  });
});

describe('locale texts: a missing text never reaches the customer as a key', () => {
  const logs = captureLogs();
  const log = createLogger('info', logs.stream);
  const vi = { common: { error: 'Xin lỗi (vi).' }, ask: { only: 'Chỉ có tiếng Việt', group: { a: 'A' } } };
  const en = { common: { error: 'Sorry (en).' }, ask: {} };
  const missing: unknown[] = [];
  const i18n = newI18nInstance({ vi, en }, { onMissing: (m) => missing.push(m) });
  void log;

  it('English falls back to Vietnamese', () => {
    expect(i18n.getFixedT('en')('ask:only')).to.equal('Chỉ có tiếng Việt');
  });

  it('a key missing everywhere gives the sorry text of the turn language, and is reported', () => {
    expect(i18n.getFixedT('en')('ask:nothing.here')).to.equal('Sorry (en).');
    expect(i18n.getFixedT('vi')('ask:nothing.here')).to.equal('Xin lỗi (vi).');
    expect(missing).to.deep.include({ lng: 'vi', ns: 'ask', key: 'nothing.here', kind: 'missing' });
  });

  it('a key naming a group of texts gives the sorry text too', () => {
    expect(i18n.getFixedT('vi')('ask:group')).to.equal('Xin lỗi (vi).');
    expect(missing.some((m) => (m as { kind: string }).kind === 'object')).to.equal(true);
  });

  it('without even common:error, a last-resort apology', () => {
    const bare = newI18nInstance({ vi: { ask: {} }, en: { ask: {} } });
    expect(bare.getFixedT('vi')('ask:x')).to.equal(LAST_RESORT_SORRY);
  });

  it('the service logs missing texts', async () => {
    const dir = copyLocales();
    const lines = captureLogs();
    const s = new LocaleService({ dir, watch: false, log: createLogger('info', lines.stream) });
    try {
      const text = s.i18n.getFixedT('vi')('outcome:noSuchMessage');
      expect(text).to.equal(at(readJson(dir, 'vi/common.json'), 'error'));
      expect(lines.lines.find((l) => l.key === 'noSuchMessage')).to.include({ ns: 'outcome', kind: 'missing' });
    } finally {
      s.close();
      removeDir(dir);
    }
  });
});
