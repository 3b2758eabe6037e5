import { expect } from 'chai';
import http from 'node:http';
import argon2 from 'argon2';
import type { App } from '../../bot/app';
import { agentModel } from '../../models/agent';
import { startTestApp } from '../support/app';

// Issue 11's attacks on the console sign-in, against a running bot: parallel guesses, locking an
// agent out, spraying names, and names that should never reach the database.

const PASSWORD = 'mat-khau-dung-cua-lan';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfter?: string;
}

/** A sign-in from a chosen loopback address (127.0.0.2 is "another machine" to the bot). */
function signIn(app: App, name: unknown, password: unknown, from = '127.0.0.1', headers: Record<string, string> = {}): Promise<Answer> {
  const payload = JSON.stringify({ name, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${app.url}/console/api/login`,
      { method: 'POST', localAddress: from, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), origin: app.url, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {}, retryAfter: res.headers['retry-after'] as string | undefined }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('security: console sign-in', function () {
  this.timeout(120000);
  let app: App;
  const agents: string[] = [];
  const guard = () => app.agentConsole.signIn;
  /** Database operations on the agents collection while fn runs. */
  async function agentQueries(fn: () => Promise<void>): Promise<number> {
    let n = 0;
    const conn = app.db.connection;
    conn.set('debug', (collection: string) => {
      if (collection === 'console_agents') n += 1;
    });
    try {
      await fn();
    } finally {
      conn.set('debug', false);
    }
    return n;
  }

  before(async () => {
    app = await startTestApp();
    const passwordHash = await argon2.hash(PASSWORD);
    for (const id of ['lan', 'minh']) agents.push(id);
    await agentModel(app.db.connection).create(agents.map((id) => ({ _id: id, displayName: id, role: 'agent', passwordHash, active: true })));
  });
  after(() => app?.stop());

  it('20 parallel wrong passwords: only a few are checked, the rest get 429 at once; the right password from another address still works', async () => {
    const before = guard().verifications;
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(app, 'lan', `sai-${i}`)));
    const statuses = answers.map((a) => a.status);
    const checked = guard().verifications - before;
    expect(statuses.filter((s) => s === 401)).to.have.length(5);
    expect(statuses.filter((s) => s === 429)).to.have.length(15);
    expect(checked, 'argon2 verifications').to.equal(5);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body.error).to.equal('too_many_attempts');
    expect(refused.body.retryAfter).to.be.a('number').and.to.be.at.least(1);
    expect(refused.retryAfter).to.match(/^\d+$/);
    // Even the right password waits, from the attacking address…
    expect((await signIn(app, 'lan', PASSWORD)).status).to.equal(429);
    // …but Lan, signing in from her own machine, is not locked out.
    const lan = await signIn(app, 'lan', PASSWORD, '127.0.0.2');
    expect(lan.status, JSON.stringify(lan.body)).to.equal(200);
    expect((lan.body.agent as { id: string }).id).to.equal('lan');
    console.log(`      20 parallel guesses: ${checked} verified, ${statuses.filter((s) => s === 429).length} refused, ${Date.now() - started} ms`);
  });

  it('guesses after the free ones wait longer each time (growing delays, not a fixed lock)', async () => {
    const from = '127.0.0.3';
    for (let i = 0; i < 5; i += 1) expect((await signIn(app, 'minh', 'sai', from)).status).to.equal(401);
    const first = await signIn(app, 'minh', 'sai', from);
    expect(first.status).to.equal(429);
    expect(first.body.retryAfter).to.equal(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await signIn(app, 'minh', 'sai', from)).status).to.equal(401);
    const second = await signIn(app, 'minh', 'sai', from);
    expect(second.status).to.equal(429);
    expect(second.body.retryAfter).to.equal(2);
    // The wait over, the right password works from that address too.
    await new Promise((r) => setTimeout(r, 2100));
    expect((await signIn(app, 'minh', PASSWORD, from)).status).to.equal(200);
  });

  it('5,000 distinct unknown names from one address: slowed to a trickle, the remembered keys stay under the cap', async () => {
    const cap = 30;
    guard().maxKeys = cap;
    const from = '127.0.0.4';
    const before = guard().verifications;
    let maxSize = 0;
    const statuses: number[] = [];
    for (let batch = 0; batch < 50; batch += 1) {
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => signIn(app, `spray${batch}x${i}`, 'sai', from)));
      statuses.push(...answers.map((a) => a.status));
      maxSize = Math.max(maxSize, guard().size);
    }
    const checked = guard().verifications - before;
    expect(statuses).to.have.length(5000);
    expect(statuses.every((s) => s === 401 || s === 429)).to.equal(true);
    // The address's 20 free failures, then at most one more per growing wait.
    expect(checked, 'argon2 verifications').to.be.at.most(30);
    expect(statuses.filter((s) => s === 429).length).to.be.at.least(4970);
    expect(maxSize).to.be.at.most(cap);
    console.log(`      5,000 sprayed names: ${checked} verified, guard keys peaked at ${maxSize} (cap ${cap})`);
  });

  it('password checks are bounded: 40 sign-ins from 40 addresses at once run at most 2 argon2 checks together, the excess gets 429', async () => {
    const before = guard().verifications;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(app, `crowd${i}`, 'sai', `127.0.1.${i + 1}`)));
    const statuses = answers.map((a) => a.status);
    expect(guard().peakVerifying).to.be.at.most(2);
    expect(guard().verifications - before).to.equal(statuses.filter((s) => s === 401).length);
    expect(statuses.filter((s) => s === 401).length).to.be.within(10, 30);
    expect(statuses.filter((s) => s === 429).length).to.be.at.least(10);
    // Once the crowd is through, the right password is answered at once.
    expect((await signIn(app, 'lan', PASSWORD, '127.0.2.1')).status).to.equal(200);
  });

  it('an unknown name costs a password check like a known one (no way to tell which names exist)', async () => {
    guard().maxKeys = 10_000;
    const before = guard().verifications;
    const unknown = await signIn(app, 'nobody', 'sai', '127.0.0.5');
    const known = await signIn(app, 'lan', 'sai', '127.0.0.5');
    expect(unknown).to.deep.include({ status: 401 });
    expect(known).to.deep.include({ status: 401 });
    expect(unknown.body).to.deep.equal(known.body);
    expect(guard().verifications - before).to.equal(2);
  });

  it('an invalid name is 400 before any lookup: no database query, no password check, nothing remembered', async () => {
    const size = guard().size;
    const before = guard().verifications;
    const queries = await agentQueries(async () => {
      for (const name of ['a', 'x'.repeat(41), 'lan; drop', '../etc', 'lan\u0000', 'l'.repeat(5000), 'ğü', '.lan']) {
        const res = await signIn(app, name, 'sai', '127.0.0.6');
        expect(res.status, JSON.stringify(name).slice(0, 30)).to.equal(400);
        expect(res.body).to.deep.equal({ error: 'invalid_credentials' });
      }
      // A password of megabytes never reaches argon2 either.
      const long = await signIn(app, 'lan', 'p'.repeat(100_000), '127.0.0.6');
      expect(long.status).to.equal(400);
      expect(long.body).to.deep.equal({ error: 'password_too_long', max: 512 });
    });
    expect(queries, 'queries on console_agents').to.equal(0);
    expect(guard().verifications).to.equal(before);
    expect(guard().size).to.equal(size);
    // The check can fail: a valid name does query the database.
    expect(await agentQueries(async () => void (await signIn(app, 'lan', 'sai', '127.0.0.7')))).to.be.greaterThan(0);
  });
});

describe('security: console sign-in behind our reverse proxy (TRUSTED_PROXIES)', function () {
  this.timeout(120000);
  const PROXY = '127.0.0.9';
  let app: App;
  const via = (client: string) => ({ 'x-forwarded-for': client });
  /** Sprays 25 unknown names (past the address's 20 free failures); the statuses in order. */
  async function spray(from: string, headers: (i: number) => Record<string, string>): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < 25; i += 1) out.push((await signIn(app, `phun${from.replace(/\D/g, '')}x${i}`, 'sai', from, headers(i))).status);
    return out;
  }

  before(async () => {
    app = await startTestApp({ TRUSTED_PROXIES: `${PROXY}, 10.0.0.5` });
    await agentModel(app.db.connection).create({ _id: 'lan', displayName: 'lan', role: 'agent', passwordHash: await argon2.hash(PASSWORD), active: true });
  });
  after(() => app?.stop());

  it('an attacker behind the proxy is slowed by its own address; an agent behind the same proxy signs in at once', async () => {
    const statuses = await spray(PROXY, () => via('203.0.113.9'));
    expect(statuses.slice(0, 20).every((s) => s === 401), statuses.join(',')).to.equal(true);
    expect(statuses.slice(20).every((s) => s === 429), statuses.join(',')).to.equal(true);
    expect((await signIn(app, 'lan', PASSWORD, PROXY, via('198.51.100.7'))).status).to.equal(200);
    // The attacker's address is what is slowed: its right password waits too.
    expect((await signIn(app, 'lan', PASSWORD, PROXY, via('203.0.113.9'))).status).to.equal(429);
  });

  it('a left-hand X-Forwarded-For entry a client wrote itself is not believed: the hop our proxy saw counts', async () => {
    const statuses = await spray(PROXY, (i) => via(`198.18.0.${i + 1}, 203.0.113.77`));
    expect(statuses.slice(20).every((s) => s === 429), statuses.join(',')).to.equal(true);
  });

  it('a client that is not our proxy cannot choose its address with X-Forwarded-For', async () => {
    const statuses = await spray('127.0.0.10', (i) => via(`198.18.1.${i + 1}`));
    expect(statuses.slice(0, 20).every((s) => s === 401), statuses.join(',')).to.equal(true);
    expect(statuses.slice(20).every((s) => s === 429), statuses.join(',')).to.equal(true);
  });

  it('a TRUSTED_PROXIES that is not a list of addresses stops the bot with a clear message', async () => {
    let message = '';
    try {
      await startTestApp({ TRUSTED_PROXIES: 'proxy.example.com' });
    } catch (err) {
      message = String((err as Error).message) + JSON.stringify((err as { problems?: unknown }).problems ?? '');
    }
    expect(message).to.include('TRUSTED_PROXIES');
    expect(message).to.include('must be IP addresses separated by commas');
  });
});
