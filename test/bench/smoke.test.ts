import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The benchmark is not part of the test command, but a tiny run of it is, so it cannot rot.
describe('npm run bench (smoke: a few conversations)', function () {
  this.timeout(120000);
  it('drives both bots and prints every figure and the ratio', () => {
    const root = path.resolve(__dirname, '..', '..');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/run.ts', '--conversations', '10', '--concurrency', '5'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 110000,
    });
    expect(r.status, r.stderr + r.stdout).to.equal(0);
    expect(r.stdout).to.match(/complaint bot\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+0\s+[\d.]+\s+\d+/);
    expect(r.stdout).to.match(/echo baseline\s+\d+\s+[\d.]+/);
    expect(r.stdout).to.match(/ratio ours\/baseline \(turns\/s\): \d+%/);
  });
});
