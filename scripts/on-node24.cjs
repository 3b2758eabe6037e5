// Runs a command on Node 24 LTS, the runtime this project targets (Node 20 is end-of-life and
// restify 12 needs Node >= 22). Every npm script goes through here, so `npm start`, `npm test`,
// `npm run chat`, `user:add`, bench and CI all run on the same Node whatever the machine ships.
//
// When the Node running this file is >= 22 it is used as it is (production: an official Node 24
// image or package). Otherwise the official build is taken from the npm registry's
// `node-<platform>-<arch>` package (the one the `node` package installs), at the pinned version,
// checked against its pinned integrity, and unpacked once into .tools/. The command then runs with
// that Node first on PATH, so everything it starts (npm, tsx, mocha, shebang scripts) uses it too.
// Written for plain Node 20: nothing of the project is installed yet when it runs.
'use strict';
const { existsSync, mkdtempSync, renameSync, rmSync, mkdirSync, statSync } = require('node:fs');
const { execFileSync, spawn } = require('node:child_process');
const path = require('node:path');

const NODE_VERSION = '24.21.0';
// dist.integrity of node-<platform>-<arch>@NODE_VERSION as the registry publishes it.
const INTEGRITY = {
  'linux-x64': 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
  'linux-arm64': 'sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==',
};
const MIN_MAJOR = 22;

const root = path.resolve(__dirname, '..');
const platform = `${process.platform}-${process.arch}`;

function fail(message) {
  process.stderr.write(`on-node24: ${message}\n`);
  process.exit(1);
}

/** The bin/ folder of a Node >= 22: this one, or the pinned build under .tools/ (fetched once). */
function nodeBinDir() {
  if (Number(process.versions.node.split('.')[0]) >= MIN_MAJOR) return path.dirname(process.execPath);
  const dir = path.join(root, '.tools', `node-v${NODE_VERSION}-${platform}`);
  const bin = path.join(dir, 'bin');
  if (existsSync(path.join(bin, 'node'))) return bin;
  const integrity = INTEGRITY[platform];
  if (!integrity) {
    fail(`Node ${process.versions.node} is too old (>= ${MIN_MAJOR} needed) and no pinned Node ${NODE_VERSION} build is known for ${platform}; install Node 24 LTS.`);
  }
  process.stderr.write(`on-node24: Node ${process.versions.node} is older than ${MIN_MAJOR}; fetching Node ${NODE_VERSION} (node-${platform}) from the npm registry into .tools/ (once)…\n`);
  mkdirSync(path.join(root, '.tools'), { recursive: true });
  const work = mkdtempSync(path.join(root, '.tools', '.node-'));
  try {
    const packed = JSON.parse(execFileSync('npm', ['pack', `node-${platform}@${NODE_VERSION}`, '--json', '--pack-destination', work], {
      cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    }))[0];
    if (packed.integrity !== integrity) fail(`node-${platform}@${NODE_VERSION}: integrity ${packed.integrity} is not the pinned ${integrity}`);
    const unpacked = path.join(work, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', unpacked, '--strip-components', '1'], { stdio: 'inherit' });
    if (!existsSync(path.join(unpacked, 'bin', 'node'))) fail(`node-${platform}@${NODE_VERSION} has no bin/node`);
    renameSync(unpacked, dir); // atomic: a half-unpacked build is never taken for a whole one
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return bin;
}

/** Installs the locked dependencies, on the chosen Node, when node_modules is missing or stale. */
function ensureInstalled(env) {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  process.stderr.write('on-node24: installing the locked dependencies (npm ci)…\n');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env });
}

const [command, ...args] = process.argv.slice(2);
if (!command) fail('usage: node scripts/on-node24.cjs <command> [args…]');
const bin = nodeBinDir();
const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_yes: 'true' };
// npm passes its own Node to scripts through these; they would point back at the old one.
delete env.npm_node_execpath;
delete env.NODE;
// Two glibc malloc arenas instead of one per thread (8 per core): the bot's threads (libuv pool,
// V8's GC helpers) otherwise keep tens of MB of freed memory each. Measured at 200 conversations at
// once: peak RSS 298 MB against 310-314 MB, turns per second unchanged. An operator's value wins.
env.MALLOC_ARENA_MAX = process.env.MALLOC_ARENA_MAX ?? '2';
ensureInstalled(env);

const child = spawn(command, args, { cwd: process.cwd(), env, stdio: 'inherit' });
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of SIGNALS) {
  process.on(signal, () => { if (child.exitCode === null) child.kill(signal); });
}
child.on('error', (err) => fail(`${command}: ${err.message}`));
child.on('exit', (code, signal) => {
  if (signal) {
    for (const s of SIGNALS) process.removeAllListeners(s);
    process.kill(process.pid, signal); // die of the same signal, as the shell expects
  }
  else process.exit(code ?? 1);
});
