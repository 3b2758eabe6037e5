import { expect } from 'chai';
import type { CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import { send } from '../support/issuer';
import { complaintScript } from './complaint-script';
import { startWorld, World, converse, allText, lastText, withoutDiacritics, ticketOf, nextPhone, nextSerial } from './harness';

const MINH_ANH = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };
/** How long the issuer holds each answer: long enough to see what the bot does meanwhile. */
const HOLD_MS = 300;

describe('the card check of a submitted complaint', function () {
  this.timeout(60000);
  let world: World;
  // When each write of the bot's came back from the database.
  const writes = new Map<number, string>();
  const written: Array<{ what: string; at: number }> = [];
  const onStarted = (e: CommandStartedEvent) => {
    if (['insert', 'update', 'delete', 'findAndModify'].includes(e.commandName)) writes.set(e.requestId, `${e.commandName} ${String(e.command[e.commandName])}`);
  };
  const onSucceeded = (e: CommandSucceededEvent) => {
    const what = writes.get(e.requestId);
    if (what) written.push({ what, at: performance.now() });
  };
  before(async () => {
    world = await startWorld();
    world.app.db.connection.getClient().on('commandStarted', onStarted).on('commandSucceeded', onSucceeded);
  });
  after(async () => {
    world.app.db.connection.getClient().off('commandStarted', onStarted).off('commandSucceeded', onSucceeded);
    await world.close();
  });

  for (const typing of ['with diacritics', 'without diacritics'] as const) {
    it(`asks the card system once, while the ticket is being written, and answers from it (${typing})`, async () => {
      const serial = nextSerial();
      const card = { serial, denomination: 50000, status: 'active' as const, soldAt: '2026-11-20T09:00:00+07:00', soldBy: MINH_ANH };
      const topup = { id: `TP-${serial}`, serial, at: '2026-11-24T20:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja', result: 'failed' as const, error: 'wrong_code' as const };
      const held: Array<{ path: string; arrived: number; answered: number }> = [];
      world.issuer.handle((_req, res, url) => {
        const arrived = performance.now();
        setTimeout(() => {
          held.push({ path: url.pathname, arrived, answered: performance.now() });
          if (url.pathname === `/cards/${serial}`) send(res, 200, card);
          else if (url.pathname === '/topups' && url.searchParams.get('serial') === serial) send(res, 200, [topup]);
          else send(res, 404, { error: 'not_found' });
        }, HOLD_MS);
      });
      written.length = 0;
      try {
        const conv = `card-check-timing-${typing}-${serial}`.replace(/\s/g, '_');
        const script = complaintScript({ situation: 'thẻ không tồn tại', serial, phone: nextPhone() });
        const ex = await converse(world.app, conv, typing === 'with diacritics' ? script : withoutDiacritics(script));
        const ticket = await ticketOf(world.app, conv);
        expect(`${ticket?.status}:${ticket?.resolution}`, allText(ex)).to.equal('closed:reenter_code');
        expect(lastText(ex)).to.include(ticket!.code).and.match(/nhập cẩn thận/);
        expect(held.map((h) => h.path).sort()).to.deep.equal([`/cards/${serial}`, '/topups']);
        // Asked while the ticket was still being written: some of the ticket's writes (its keys,
        // history, the day's report row) came back while the issuer held the question. Asked only
        // once the ticket was written, nothing would be written until the answer.
        const cards = held.find((h) => h.path.startsWith('/cards/'))!;
        expect(written.filter((w) => w.what === 'insert tickets')).to.have.length(1);
        const meanwhile = written.filter((w) => w.at > cards.arrived && w.at < cards.answered).map((w) => w.what);
        expect(meanwhile, JSON.stringify(written)).to.not.be.empty;
      } finally {
        world.issuer.handle(undefined as never);
      }
    });
  }

  it('does not ask the card system for a complaint closed without a check (older than a month)', async () => {
    const serial = nextSerial();
    const before = world.issuer.requests.length;
    const conv = `card-check-expired-${serial}`;
    const script = complaintScript({ situation: 'thẻ không tồn tại', serial, phone: nextPhone() }).map((m) => (m === '8 giờ tối hôm qua' ? '9h ngày 20/09/2026' : m));
    const ex = await converse(world.app, conv, script);
    const ticket = await ticketOf(world.app, conv);
    expect(`${ticket?.status}:${ticket?.resolution}`, allText(ex)).to.equal('closed:expired');
    expect(world.issuer.requests.slice(before).filter((r) => r.path.includes(serial))).to.deep.equal([]);
  });
});
