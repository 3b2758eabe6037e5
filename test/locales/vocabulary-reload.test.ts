// Operators teach the bot a new phrasing (issue 12): vocabulary.json is a locale file like the
// others, so an edit is used from the next message on, and a broken edit (a phrasing list removed)
// is refused with the file and key named while the bot keeps the last good version.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logging/logger';
import { sendToBot } from '../../scripts/bot-client';
import { testDatabaseUri } from '../support/database';
import { at, copyLocales, editJson, removeDir, setAt, waitFor } from './support';

describe('vocabulary edited on a running bot', function () {
  this.timeout(60000);
  let dir: string;
  let app: App;
  const run = randomUUID().slice(0, 8);
  let n = 0;
  const conv = () => `vocab-${run}-${(n += 1)}`;

  before(async () => {
    dir = copyLocales();
    app = await startApp(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', MONGODB_URI: await testDatabaseUri('vocab'), LOCALES_DIR: dir }),
      createLogger('silent'),
    );
  });
  after(async () => {
    await app?.stop();
    removeDir(dir);
  });

  it('a new phrasing for "talk to a person" works from the next message, within 2 s', async () => {
    const phrase = 'triệu hồi đồng chí trực ban';
    const before = await sendToBot(app.url, conv(), phrase);
    expect(before.map((r) => r.text).join()).not.to.match(/chuyển Quý khách đến nhân viên/);

    const version = app.locales.localeStatus().version;
    editJson(dir, 'vi/vocabulary.json', (j) => setAt(j, 'commands.agent', `${at(j, 'commands.agent')}; ${phrase}`));
    await waitFor(() => app.locales.localeStatus().version > version, 3000);
    const after = await sendToBot(app.url, conv(), phrase);
    expect(after.map((r) => r.text).join()).to.match(/chuyển Quý khách đến nhân viên/);
  });

  it('a removed phrasing list is refused, named, and the last good vocabulary stays in use', async () => {
    editJson(dir, 'vi/vocabulary.json', (j) => setAt(j, 'commands.cancel', undefined));
    const { value: status } = await waitFor(() => {
      const s = app.locales.localeStatus();
      return s.ok ? undefined : s;
    }, 3000);
    expect(status.errors.map((e) => `${e.file} ${e.key}`)).to.include('vi/vocabulary.json commands.cancel');
    // A phrasing only the vocabulary knows (the built-in rules read it as a negation).
    const replies = await sendToBot(app.url, conv(), 'thôi không cần nữa');
    expect(replies.map((r) => r.text).join()).to.match(/chưa có khiếu nại nào đang làm dở/);
  });
});
