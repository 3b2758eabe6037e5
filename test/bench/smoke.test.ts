import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { poissonArrivals } from '../../scripts/bench/load';

const root = path.resolve(__dirname, '..', '..');
const bench = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/run.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 110000 });

// The benchmark is not part of the test command, but tiny runs of it are, so it cannot rot.
describe('npm run bench (smoke: a few conversations)', function () {
  this.timeout(120000);

  it('drives both bots and prints every figure and the ratio', () => {
    const r = bench(['--conversations', '10', '--concurrency', '5']);
    expect(r.status, r.stderr + r.stdout).to.equal(0);
    expect(r.stdout).to.match(/complaint bot\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+0\s+[\d.]+\s+\d+/);
    expect(r.stdout).to.match(/echo baseline\s+\d+\s+[\d.]+/);
    expect(r.stdout).to.match(/ratio ours\/baseline \(turns\/s\): \d+%/);
    expect(r.stdout).to.match(/memory at peak, complaint bot \(MB\): rss \d+ = V8 heap \d+/);
  });

  it('--rate --duration --preload: open loop on a preloaded database, then the console reads', () => {
    const r = bench(['--rate', '8', '--duration', '3', '--preload', '300', '--seed', '3', '--console-calls', '1']);
    expect(r.status, r.stderr + r.stdout).to.equal(0);
    expect(r.stdout).to.match(/preload: 300 closed tickets, 9000 documents .* in [\d.]+ s/);
    // turns, achieved rate, p50, p95, p99, max, 0 errors
    expect(r.stdout).to.match(/complaint bot\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+0\s/);
    expect(r.stdout).to.match(/echo baseline\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+0\s/);
    expect(r.stdout).to.match(/complaint bot: offered [\d.]+ turns\/s \(\d+ conversations\), achieved [\d.]+ turns\/s/);
    expect(r.stdout).to.match(/queue \(waiting\)\s+1\s+[\d.]+/);
    expect(r.stdout).to.match(/case view \(old, closed\)\s+1\s+[\d.]+/);
    // Search is timed when the console has it, and said to be skipped when not.
    expect(r.stdout).to.match(/^search.*(\d+\s+[\d.]+\s+[\d.]+|skipped: .* answered HTTP 40[45])/m);
  });

  it('arrivals are a Poisson process of the asked rate (the open loop offers what it says)', () => {
    const a = poissonArrivals(5, 2000, 1);
    expect(a.length / 2000).to.be.within(4.8, 5.2);
    const gaps = a.slice(1).map((t, i) => t - a[i]);
    const mean = gaps.reduce((x, y) => x + y, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((x, g) => x + (g - mean) ** 2, 0) / gaps.length);
    // Exponential gaps: standard deviation equals the mean (a fixed rate would give 0).
    expect(sd / mean).to.be.within(0.9, 1.1);
    expect(poissonArrivals(5, 10, 7)).to.deep.equal(poissonArrivals(5, 10, 7));
  });
});
