import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { testConnection } from '../support/database';
import { startBuiltInCardSystem, BuiltInCardSystem, vietnamIso } from '../../bot/built-in-card-system/server';
import { createCardSystemClient } from '../../bot/card-system/client';
import { seedDemoCards, DEMO_CARDS, OUTAGE_SERIALS, UNKNOWN_SERIAL, formatDemoTable } from '../../models/demo-cards';
import { cardModel } from '../../models/card';
import { topupModel } from '../../models/topup';
import type { CardRecord } from '../../machines/complaint/types';
import { failure } from '../support/issuer';

const NOW = new Date('2026-11-25T03:00:00Z');
const MONTH_MS = 28 * 24 * 60 * 60 * 1000;
const OFFSET_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+07:00$/;

describe('built-in card system', () => {
  let conn: Connection;
  let system: BuiltInCardSystem;
  const TOKEN = 'demo-token';

  before(async () => {
    conn = await testConnection('builtin_cards');
    await seedDemoCards(conn, NOW);
    system = await startBuiltInCardSystem(conn, { token: TOKEN });
  });
  after(async () => {
    await system.stop();
    await conn.close();
  });

  const client = () => createCardSystemClient({ url: system.url, token: TOKEN, timeoutMs: 3000 });

  it('listens on loopback only', () => {
    expect(system.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers every seeded demo card per contract, times in +07:00 within the month, newest first', async () => {
    const seeded = DEMO_CARDS.filter((d) => d.serial !== UNKNOWN_SERIAL && !Object.values<string>(OUTAGE_SERIALS).includes(d.serial));
    expect(seeded).to.have.length(12);
    for (const demo of seeded) {
      const { card, topups } = await client().check(demo.serial);
      expect(card, demo.serial).to.not.equal(null);
      expect(card!.serial).to.equal(demo.serial);
      expect(topups.length, demo.serial).to.be.greaterThan(0);
      const times = [card!.activatedAt, card!.soldAt, card!.usedAt, ...topups.map((t) => t.at)].filter((t): t is string => !!t);
      for (const t of times) expect(t).to.match(OFFSET_TIME);
      for (const t of topups) {
        expect(NOW.getTime() - Date.parse(t.at)).to.be.within(0, MONTH_MS);
        expect(t.serial).to.equal(demo.serial);
      }
      const ats = topups.map((t) => Date.parse(t.at));
      expect(ats).to.deep.equal([...ats].sort((a, b) => b - a));
    }
  });

  it('renders a card exactly as the contract shows it', async () => {
    const res = await fetch(`${system.url}/cards/10002026000001`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    const at = (ms: number) => {
      const t = NOW.getTime() - ms;
      return vietnamIso(new Date(t - (t % 60_000)));
    };
    const day = 24 * 60 * 60 * 1000;
    expect(await res.json()).to.deep.equal({
      serial: '10002026000001',
      denomination: 50000,
      status: 'used',
      activatedAt: at(20 * day),
      soldAt: at(3 * day),
      soldBy: { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' },
      usedAt: at(day),
      usedBy: { service: 'Naruto Đại Chiến', account: 'ninja_2010' },
    });
    expect(at(day)).to.equal('2026-11-24T10:00:00+07:00');
  });

  it('renders top-ups with error only when failed', async () => {
    const res = await fetch(`${system.url}/topups?serial=10002026000009`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await res.json()) as Record<string, unknown>[];
    expect(body.map((t) => t.id)).to.deep.equal(['TP-DEMO-0902', 'TP-DEMO-0901']);
    expect(body[0]).to.deep.equal({
      id: 'TP-DEMO-0902',
      at: '2026-11-24T10:00:00+07:00',
      service: 'Naruto Đại Chiến',
      account: 'ninja_2010',
      serial: '10002026000009',
      result: 'failed',
      error: 'wrong_code',
    });
    const success = (await (await fetch(`${system.url}/topups?serial=10002026000001`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as Record<string, unknown>[];
    expect(success[0]).to.not.have.property('error');
    expect(success[0].providerAck).to.equal(true);
  });

  it('gives each demo the data of its branch', async () => {
    const get = async (serial: string) => (await client().check(serial)).card as CardRecord;
    const t = (s?: string) => Date.parse(s!);
    const a1 = await client().check('10002026000001');
    expect(a1.topups[0]).to.include({ result: 'success', providerAck: true });
    const a2 = await client().check('10002026000002');
    expect(a2.topups[0]).to.include({ result: 'success', providerAck: false });
    const after = await get('10002026000003');
    expect(after.status).to.equal('used');
    expect(t(after.usedAt)).to.be.greaterThan(t(after.soldAt));
    const before = await get('10002026000004');
    expect(t(before.usedAt)).to.be.lessThan(t(before.soldAt));
    const noSale = await get('10002026000005');
    expect(noSale.status).to.equal('used');
    expect(noSale).to.not.have.property('soldAt');
    expect(await get('10002026000006')).to.include({ status: 'inactive' }).and.to.have.property('soldAt');
    expect(await get('10002026000007')).to.include({ status: 'locked' }).and.to.have.property('soldAt');
    expect((await client().check('10002026000008')).topups[0]).to.include({ result: 'failed', error: 'system_error' });
    const reenter = await client().check('10002026000009');
    expect(reenter.card!.status).to.equal('active');
    expect(reenter.topups.every((x) => x.error === 'wrong_code')).to.equal(true);
    expect((await get('10002026000010')).denomination).to.equal(100000);
    const inactive = await get('10002026000011');
    expect(inactive.status).to.equal('inactive');
    expect(inactive).to.not.have.property('soldAt');
    expect((await get('10002026000012')).soldBy!.name).to.equal('Cửa hàng Hoàng Long');
    // No demo that is about a failure shows a successful top-up (that would read as branch A).
    for (const serial of ['10002026000003', '10002026000004', '10002026000005']) {
      expect((await client().check(serial)).topups.some((x) => x.result === 'success')).to.equal(false);
    }
  });

  it('answers 404 not_found for an unknown serial, with no top-ups', async () => {
    const r = await client().check(UNKNOWN_SERIAL);
    expect(r).to.deep.equal({ card: null, topups: [] });
    const raw = await fetch(`${system.url}/cards/${UNKNOWN_SERIAL}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(raw.status).to.equal(404);
    expect(await raw.json()).to.deep.equal({ error: 'not_found' });
  });

  it('simulates an outage: HTTP 500 for one reserved serial, no answer for the other', async () => {
    expect((await failure(client().check(OUTAGE_SERIALS.serverError))).reason).to.equal('http_500');
    const hung = createCardSystemClient({ url: system.url, token: TOKEN, timeoutMs: 300 });
    expect((await failure(hung.check(OUTAGE_SERIALS.hang))).reason).to.equal('timeout');
  });

  it('refuses a wrong or missing token with 401', async () => {
    expect((await failure(createCardSystemClient({ url: system.url, token: 'nope' }).check('10002026000001'))).reason).to.equal('http_401');
    expect((await failure(createCardSystemClient({ url: system.url }).check('10002026000001'))).reason).to.equal('http_401');
  });

  it('answers an unknown route with a 404 that is not "not_found", and only GET', async () => {
    const headers = { authorization: `Bearer ${TOKEN}` };
    const route = await fetch(`${system.url}/v2/cards/10002026000001`, { headers });
    expect(route.status).to.equal(404);
    expect(await route.json()).to.not.deep.equal({ error: 'not_found' });
    expect((await fetch(`${system.url}/cards/10002026000001`, { method: 'POST', headers })).status).to.equal(405);
    expect((await fetch(`${system.url}/topups`, { headers })).status).to.equal(400);
  });

  it('serves without a token when none is configured', async () => {
    const open = await startBuiltInCardSystem(conn);
    try {
      const r = await createCardSystemClient({ url: open.url }).check('10002026000002');
      expect(r.card!.denomination).to.equal(100000);
    } finally {
      await open.stop();
    }
  });
});

describe('demo cards', () => {
  let conn: Connection;
  before(async () => {
    conn = await testConnection('demo_seed');
  });
  after(async () => {
    await conn.close();
  });

  it('seeds idempotently and moves the times with `now`', async () => {
    await seedDemoCards(conn, NOW);
    const cards = await cardModel(conn).countDocuments();
    const topups = await topupModel(conn).countDocuments();
    expect(cards).to.equal(12);
    const later = new Date(NOW.getTime() + 40 * 24 * 60 * 60 * 1000);
    await Promise.all([seedDemoCards(conn, later), seedDemoCards(conn, later)]);
    expect(await cardModel(conn).countDocuments()).to.equal(cards);
    expect(await topupModel(conn).countDocuments()).to.equal(topups);
    const lists = await topupModel(conn).find().lean();
    const newest = Math.max(...lists.flatMap((l) => l.attempts.map((a) => a.at.getTime())));
    expect(later.getTime() - newest).to.be.within(0, 2 * 24 * 60 * 60 * 1000);
  });

  it('removes a stale top-up and a card seeded under a reserved serial', async () => {
    await topupModel(conn).updateOne(
      { _id: '10002026000001' },
      { $push: { attempts: { id: 'TP-OLD', at: NOW, service: 'x', account: 'y', result: 'failed', error: 'wrong_code' } } },
    );
    await cardModel(conn).create({ _id: UNKNOWN_SERIAL, denomination: 10000, status: 'active' });
    await seedDemoCards(conn, NOW);
    const list = await topupModel(conn).findById('10002026000001').lean();
    expect(list!.attempts.map((a) => a.id)).not.to.include('TP-OLD');
    expect(await cardModel(conn).exists({ _id: UNKNOWN_SERIAL })).to.equal(null);
  });

  it('lists one unique 14-digit serial starting with 1000 per row, with a Vietnamese hint', () => {
    const serials = DEMO_CARDS.map((d) => d.serial);
    expect(new Set(serials).size).to.equal(serials.length);
    for (const d of DEMO_CARDS) {
      expect(d.serial).to.match(/^1000\d{10}$/);
      expect(d.whatToType).to.include('Mệnh giá');
    }
    expect(serials).to.include.members([UNKNOWN_SERIAL, OUTAGE_SERIALS.serverError, OUTAGE_SERIALS.hang]);
    // One phone per demo, so walking them all does not add many_serials_short_time.
    const phones = DEMO_CARDS.map((d) => /SĐT: ([\d ]+)$/.exec(d.whatToType)?.[1]);
    expect(phones.every(Boolean)).to.equal(true);
    expect(new Set(phones).size).to.equal(phones.length);
  });

  it('formats the table as Markdown', () => {
    const lines = formatDemoTable().split('\n');
    expect(lines).to.have.length(DEMO_CARDS.length + 2);
    expect(lines[0]).to.match(/^\| Serial \|/);
    for (const line of lines.slice(2)) expect(line.split(/(?<!\\)\|/).length).to.equal(7);
  });
});
