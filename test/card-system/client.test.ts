import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createCardSystemClient } from '../../bot/card-system/client';
import { startIssuer, send as json, failure, usedCard, type Issuer } from '../support/issuer';

const SERIAL = '10001234567890';

const CARD = usedCard(SERIAL, '2026-11-20T10:02:00+07:00');

const SUCCESS = {
  id: 'TP-88213',
  at: '2026-11-20T10:02:00+07:00',
  service: 'Naruto Đại Chiến',
  account: 'ninja_2010',
  serial: SERIAL,
  result: 'success',
  providerAck: true,
};
const FAILED = { ...SUCCESS, id: 'TP-88100', at: '2026-11-19T21:00:00+07:00', result: 'failed', error: 'wrong_code' };
delete (FAILED as { providerAck?: boolean }).providerAck;

function contract(card: unknown, topups: unknown, cardStatus = 200) {
  return (_req: unknown, res: Parameters<typeof json>[0], url: URL) => {
    if (url.pathname === `/cards/${SERIAL}`) return json(res, cardStatus, card);
    if (url.pathname === '/topups' && url.searchParams.get('serial') === SERIAL) return json(res, 200, topups);
    return json(res, 404, { error: 'unknown_route' });
  };
}

describe('card-system client', () => {
  let issuer: Issuer;
  beforeEach(async () => {
    issuer = await startIssuer();
  });
  afterEach(async () => {
    await issuer.close();
  });

  it('parses a card and its top-ups, both requested, with the bearer token', async () => {
    issuer.handle(contract(CARD, [SUCCESS, FAILED]));
    const client = createCardSystemClient({ url: `${issuer.url}/`, token: 's3cret' });
    const r = await client.check(SERIAL);
    expect(r.card).to.deep.equal(CARD);
    expect(r.topups).to.deep.equal([SUCCESS, FAILED]);
    expect(issuer.requests.map((q) => q.path).sort()).to.deep.equal([`/cards/${SERIAL}`, `/topups?serial=${SERIAL}`]);
    expect(issuer.requests.every((q) => q.authorization === 'Bearer s3cret')).to.equal(true);
  });

  it('sends no Authorization header without a token', async () => {
    issuer.handle(contract(CARD, []));
    await createCardSystemClient({ url: issuer.url }).check(SERIAL);
    expect(issuer.requests.every((q) => q.authorization === undefined)).to.equal(true);
  });

  it('keeps only the fields of the contract and accepts null for an absent one', async () => {
    const card = { serial: SERIAL, denomination: 20000, status: 'active', soldAt: null, soldBy: null, extra: 1 };
    issuer.handle(contract(card, []));
    const r = await createCardSystemClient({ url: issuer.url }).check(SERIAL);
    expect(r.card).to.deep.equal({ serial: SERIAL, denomination: 20000, status: 'active' });
    expect(r.topups).to.deep.equal([]);
  });

  it('orders top-ups newest first', async () => {
    issuer.handle(contract(CARD, [FAILED, SUCCESS]));
    const r = await createCardSystemClient({ url: issuer.url }).check(SERIAL);
    expect(r.topups.map((t) => t.id)).to.deep.equal(['TP-88213', 'TP-88100']);
  });

  it('reads a 404 not_found as "no such card" and still returns the top-ups', async () => {
    issuer.handle(contract({ error: 'not_found' }, [FAILED], 404));
    const r = await createCardSystemClient({ url: issuer.url }).check(SERIAL);
    expect(r.card).to.equal(null);
    expect(r.topups).to.have.length(1);
  });

  it('fails with malformed on a card 404 that is not {"error":"not_found"}', async () => {
    issuer.handle(contract({ error: 'no_route' }, [], 404));
    expect((await failure(createCardSystemClient({ url: issuer.url }).check(SERIAL))).reason).to.equal('malformed');
  });

  it('fails with http_404 when the top-ups endpoint answers 404 (e.g. a wrong base URL)', async () => {
    issuer.handle((_req, res, url) => (url.pathname === '/topups' ? json(res, 404, 'Not Found') : json(res, 200, CARD)));
    expect((await failure(createCardSystemClient({ url: issuer.url }).check(SERIAL))).reason).to.equal('http_404');
  });

  it('fails with http_500 on a server error', async () => {
    issuer.handle((_req, res) => json(res, 500, { error: 'boom' }));
    expect((await failure(createCardSystemClient({ url: issuer.url }).check(SERIAL))).reason).to.equal('http_500');
  });

  it('fails with http_401 when the token is refused', async () => {
    issuer.handle((_req, res) => json(res, 401, { error: 'unauthorized' }));
    expect((await failure(createCardSystemClient({ url: issuer.url }).check(SERIAL))).reason).to.equal('http_401');
  });

  it('fails with malformed on a body that is not JSON', async () => {
    issuer.handle(contract('{"serial": "1000', []));
    expect((await failure(createCardSystemClient({ url: issuer.url }).check(SERIAL))).reason).to.equal('malformed');
  });

  const malformedCases: [string, unknown, unknown][] = [
    ['a denomination given as a string', { ...CARD, denomination: '50000' }, []],
    ['a denomination that is not an integer', { ...CARD, denomination: 50000.5 }, []],
    ['an unknown card status', { ...CARD, status: 'expired' }, []],
    ['a time without an offset', { ...CARD, soldAt: '2026-11-20T09:15:00' }, []],
    ['a time that is not ISO', { ...CARD, soldAt: '20/11/2026 09:15' }, []],
    ['a used card without usedAt', { ...CARD, usedAt: undefined }, []],
    ['a card about another serial', { ...CARD, serial: '10009999999999' }, []],
    ['a missing status', { ...CARD, status: undefined }, []],
    ['an unknown top-up result', CARD, [{ ...SUCCESS, result: 'pending' }]],
    ['an unknown top-up error', CARD, [{ ...FAILED, error: 'card_expired' }]],
    ['an error on a successful top-up', CARD, [{ ...SUCCESS, error: 'system_error' }]],
    ['providerAck as a string', CARD, [{ ...SUCCESS, providerAck: 'yes' }]],
    ['a top-up of another serial', CARD, [{ ...SUCCESS, serial: '10009999999999' }]],
    ['top-ups that are not a list', CARD, { items: [] }],
  ];
  for (const [what, card, topups] of malformedCases) {
    it(`fails with malformed on ${what}`, async () => {
      issuer.handle(contract(card, topups));
      const err = await failure(createCardSystemClient({ url: issuer.url }).check(SERIAL));
      expect(err.reason).to.equal('malformed');
      expect(err.message).not.to.include(SERIAL);
    });
  }

  it('fails with timeout when the server never answers', async () => {
    issuer.handle(() => {
      /* never answers */
    });
    const started = Date.now();
    const err = await failure(createCardSystemClient({ url: issuer.url, timeoutMs: 200 }).check(SERIAL));
    expect(err.reason).to.equal('timeout');
    expect(Date.now() - started).to.be.lessThan(2000);
  });

  it('fails with timeout when only the top-ups never come', async () => {
    issuer.handle((req, res, url) => {
      if (url.pathname.startsWith('/cards/')) json(res, 200, CARD);
    });
    const err = await failure(createCardSystemClient({ url: issuer.url, timeoutMs: 200 }).check(SERIAL));
    expect(err.reason).to.equal('timeout');
  });

  it('asked ahead of time, waits the whole time-out from when its clock starts, and answers', async () => {
    // The answer comes 350 ms after the question: late for a 200 ms time-out counted from the
    // question, in time for one counted from 250 ms later (as when a ticket takes 250 ms to write).
    issuer.handle((req, res, url) => setTimeout(() => contract(CARD, [SUCCESS])(req, res, url), 350));
    const clockFrom = new Promise<void>((r) => setTimeout(r, 250));
    const { card, topups } = await createCardSystemClient({ url: issuer.url, timeoutMs: 200 }).check(SERIAL, { clockFrom });
    expect(card?.serial).to.equal(SERIAL);
    expect(topups.map((t) => t.id)).to.deep.equal(['TP-88213']);
  });

  it('asked ahead of time, fails with timeout the time-out after its clock starts', async () => {
    issuer.handle(() => {
      /* never answers */
    });
    const started = Date.now();
    const clockFrom = new Promise<void>((r) => setTimeout(r, 300));
    const err = await failure(createCardSystemClient({ url: issuer.url, timeoutMs: 200 }).check(SERIAL, { clockFrom }));
    expect(err.reason).to.equal('timeout');
    expect(Date.now() - started).to.be.within(480, 2000);
  });

  it('asked ahead of time with a clock that never starts, still gives up (four time-outs)', async () => {
    issuer.handle(() => {
      /* never answers */
    });
    const started = Date.now();
    const err = await failure(createCardSystemClient({ url: issuer.url, timeoutMs: 200 }).check(SERIAL, { clockFrom: new Promise(() => {}) }));
    expect(err.reason).to.equal('timeout');
    expect(Date.now() - started).to.be.within(780, 2500);
  });

  it('fails with network when the connection is refused', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const err = await failure(createCardSystemClient({ url: `http://127.0.0.1:${port}` }).check(SERIAL));
    expect(err.reason).to.equal('network');
  });

  it('does not follow redirects', async () => {
    issuer.handle((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/' });
      res.end();
    });
    expect((await failure(createCardSystemClient({ url: issuer.url }).check(SERIAL))).reason).to.equal('http_302');
  });
});
