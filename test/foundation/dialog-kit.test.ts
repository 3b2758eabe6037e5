import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

// dialogs/dialog-kit.ts: one import of botbuilder-dialogs' index brings back ~36 MB of resident
// memory per process (issue 17's 300 MB at 200 conversations at once).
describe('dialog kit: botbuilder-dialogs without the prompts the bot does not use', () => {
  it('a loaded bot (server and console) holds only the number recognizer TextPrompt needs, not the date-time, choice or suite ones', () => {
    const script = [
      "require('./bot/app.ts'); require('./bot/console-api/index.ts');",
      "const names = Object.keys(require.cache).map((f) => (f.match(/@microsoft\\/recognizers-text[^/]*/) || [])[0]).filter(Boolean);",
      'process.stdout.write(JSON.stringify([...new Set(names)].sort()));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal(['@microsoft/recognizers-text-number']);
  });
});
