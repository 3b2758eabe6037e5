import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import argon2 from 'argon2';
import { transformSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  allowScripts: Record<string, boolean>;
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|cjs|js|mjs)$/.test(name) ? [full] : [];
  });
}

describe('runtime: Node 24 and the locked dependencies', () => {
  it('runs on Node 22 or newer, as package.json engines demand', () => {
    expect(pkg.engines.node).to.equal('>=22');
    expect(Number(process.versions.node.split('.')[0])).to.be.at.least(22);
  });

  it('loads the whole bot with no deprecation warning (restify 12: no spdy/http_parser)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "require('./bot/app.ts'); require('./bot/console-api/index.ts')"], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).not.to.match(/DeprecationWarning|DEP0\d+/);
  });

  it('has an explicit install-script decision for every dependency that has one', () => {
    const out = execFileSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).to.match(/No packages with unreviewed install scripts/);
    expect(pkg.allowScripts).to.deep.equal({ argon2: true, 'botbuilder-dialogs': false, 'dtrace-provider': false, esbuild: false });
  });

  it('works without the skipped scripts: argon2 loads its prebuilt binding, esbuild (tsx) transforms', async () => {
    const hash = await argon2.hash('mat-khau-dai-du-10', { type: argon2.argon2id });
    expect(await argon2.verify(hash, 'mat-khau-dai-du-10')).to.equal(true);
    expect(await argon2.verify(hash, 'sai-mat-khau')).to.equal(false);
    expect(transformSync('const n: number = 1', { loader: 'ts' }).code).to.contain('const n = 1');
  });

  it('imports the Bot Framework SDK only from bot/ and dialogs/ (the migration surface)', () => {
    const outside = ['machines', 'models', 'scripts', 'test', 'config', 'console']
      .flatMap((d) => sourceFiles(path.join(ROOT, d)))
      .filter((f) => /from\s+'botbuilder|require\('botbuilder/.test(readFileSync(f, 'utf8')))
      .filter((f) => f !== __filename)
      .map((f) => path.relative(ROOT, f));
    expect(outside).to.deep.equal([]);
  });
});
