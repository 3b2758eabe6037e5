import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../bot/config';

const ROOT = path.resolve(__dirname, '..', '..');

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).to.include({ PORT: 3978, DATA_DIR: './data', LOG_LEVEL: 'info', CARD_SYSTEM_TIMEOUT_MS: 3000 });
    expect(c.MONGODB_URI).to.equal(undefined);
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /PORT: must be a port number/],
    [{ PORT: '70000' }, /PORT/],
    [{ MONGODB_URI: 'localhost:27017' }, /MONGODB_URI: must start with mongodb:\/\//],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ MicrosoftAppId: 'abc' }, /MicrosoftAppPassword: is required/],
    [{ MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' }, /MicrosoftAppTenantId/],
    [{ CARD_SYSTEM_URL: 'not a url' }, /CARD_SYSTEM_URL/],
    [{ CARD_SYSTEM_TIMEOUT_MS: '5' }, /CARD_SYSTEM_TIMEOUT_MS/],
    [{ SERIAL_PATTERN: '([' }, /SERIAL_PATTERN: must be a valid regular expression/],
    [{ CONVERSATION_LEASES: 'shared' }, /CONVERSATION_LEASES/],
  ];
  for (const [env, message] of bad) {
    it(`refuses ${JSON.stringify(env)} naming the variable`, () => {
      expect(() => loadConfig(env)).to.throw(ConfigError, message);
    });
  }

  it('never echoes a secret back in the error', () => {
    expect(() => loadConfig({ MONGODB_URI: 'postgres://user:hunter2@db' })).to.throw(ConfigError).that.satisfies(
      (e: Error) => !e.message.includes('hunter2'),
    );
  });

  it('stops the process with the message when started with a bad value', function () {
    this.timeout(30000);
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot', 'index.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', DOTENV_CONFIG_PATH: '/nonexistent' },
      encoding: 'utf8',
      timeout: 25000,
    });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/PORT: must be a port number from 0 to 65535 \(got "eighty"\)/);
  });
});
