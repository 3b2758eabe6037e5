// Creates a console account: `npm run user:add -- --name lan --role admin [--display "Lan Nguyễn"]`.
// The password is asked for (not echoed), or read from CONSOLE_PASSWORD (CI, scripts). An existing
// account is changed only with --reset (new password, role, display name); --disable locks it out.
// Uses the same database as the bot (MONGODB_URI, or the embedded one under DATA_DIR).
import 'dotenv/config';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import argon2 from 'argon2';
import { loadConfig, ConfigError } from '../bot/config';
import { createLogger } from '../bot/logging/logger';
import { openDatabase } from '../bot/database/connect';
import { AGENT_ID_PATTERN, AGENT_ROLES, agentModel, normaliseAgentId, type AgentRole } from '../models/agent';
import { sessionModel } from '../models/session';

const MIN_PASSWORD = 10;

function usage(problem?: string): never {
  if (problem) process.stderr.write(`${problem}\n\n`);
  process.stderr.write(
    'Usage: npm run user:add -- --name <login> [--role agent|admin] [--display "Full name"] [--reset] [--disable]\n' +
      `Password: typed at the prompt, or CONSOLE_PASSWORD in the environment (at least ${MIN_PASSWORD} characters).\n`,
  );
  process.exit(2);
}

export function parseArgs(argv: string[]) {
  const out: { name?: string; role: AgentRole; display?: string; reset: boolean; disable: boolean } = { role: 'agent', reset: false, disable: false };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) usage(`${a} needs a value`);
      i += 1;
      return v;
    };
    if (a === '--name') out.name = value();
    else if (a === '--role') {
      const r = value();
      if (!AGENT_ROLES.includes(r as AgentRole)) usage(`--role must be one of: ${AGENT_ROLES.join(', ')}`);
      out.role = r as AgentRole;
    } else if (a === '--display') out.display = value();
    else if (a === '--reset') out.reset = true;
    else if (a === '--disable') out.disable = true;
    else if (a === '--help' || a === '-h') usage();
    else usage(`Unknown argument: ${a}`);
  }
  return out;
}

function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve, reject) => {
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    rl.on('close', () => {
      if (!answered) reject(new Error('no password given'));
    });
    muted = true;
  });
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.CONSOLE_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) usage('No terminal to ask for the password: set CONSOLE_PASSWORD.');
  const first = await askHidden('Password: ');
  const second = await askHidden('Password again: ');
  if (first !== second) usage('The passwords differ.');
  return first;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.name) usage('--name is required');
  const id = normaliseAgentId(args.name);
  if (!AGENT_ID_PATTERN.test(id)) usage('The login name takes 2-40 letters, digits, ".", "-" or "_", starting with a letter or digit.');

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) usage(err.message);
    throw err;
  }
  const log = createLogger('warn');
  const db = await openDatabase({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR }, log);
  try {
    const Agents = agentModel(db.connection);
    await Agents.init();
    const existing = await Agents.findById(id).lean();
    if (args.disable) {
      if (!existing) usage(`No account "${id}".`);
      await Agents.updateOne({ _id: id }, { $set: { active: false } });
      await sessionModel(db.connection).deleteMany({ agentId: id });
      process.stdout.write(`Account "${id}" disabled; its sessions are closed.\n`);
      return;
    }
    if (existing && !args.reset) usage(`Account "${id}" exists. Add --reset to set a new password (and role/display name).`);
    const password = await readPassword();
    if ([...password].length < MIN_PASSWORD) usage(`The password needs at least ${MIN_PASSWORD} characters.`);
    const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
    const displayName = args.display?.trim() || existing?.displayName || id;
    if (existing) {
      await Agents.updateOne({ _id: id }, { $set: { passwordHash, role: args.role, displayName, active: true } });
      await sessionModel(db.connection).deleteMany({ agentId: id });
      process.stdout.write(`Account "${id}" (${args.role}) updated; its old sessions are closed.\n`);
    } else {
      await Agents.create({ _id: id, displayName, role: args.role, passwordHash, active: true });
      process.stdout.write(`Account "${id}" (${args.role}) created. Sign in at ${consoleAddress(config)}\n`);
    }
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
}

/** Where the console of this configuration listens (a wildcard address is reached on loopback). */
function consoleAddress(config: { HOST: string; PORT: number }): string {
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}/console/`;
}

