import { expect } from 'chai';
import path from 'node:path';
import { startFerretdb } from '../../bot/embedded-database/ferretdb';
import { opsHeaders } from '../support/app';
import {
  answeredInOrder,
  BotProcess,
  deliverMessenger,
  eventually,
  ferretdbPids,
  openDb,
  sendApi,
  transcriptOf,
  botRig,
} from './harness';

// The embedded database is killed (kill -9) in the middle of two conversations, one on Messenger
// and one on /api/messages. The bot starts it again by itself; what customers sent while it was
// down is refused with 5xx / 503 + Retry-After (so it is delivered again) and answered after.

describe('kill -9 of the embedded database mid-conversation', function () {
  this.timeout(120_000);
  const rig = botRig('outage');
  const { dataDir } = rig;
  let bot: BotProcess | undefined;

  it('comes back by itself; every message sent during the outage is answered after it, none missing from the transcript', async () => {
    bot = await rig.start();
    const psid = '2470000000099001';
    const conv = 'outage-api-1';
    const metrics = async () => (await fetch(`${bot!.url}/metrics`, { headers: opsHeaders })).text();

    await deliverMessenger(bot.url, rig.graph, psid, 'thẻ đã được sử dụng');
    await eventually('first Messenger answer', async () => rig.graph.textsTo(psid).length, (n) => n > 0);
    expect((await sendApi(bot.url, conv, 'thẻ đã được sử dụng')).texts.length).to.be.greaterThan(0);

    const [first] = ferretdbPids(dataDir);
    expect(first, 'embedded FerretDB pid').to.be.a('number');
    process.kill(first, 'SIGKILL');
    await eventually('ferretdb gone', async () => ferretdbPids(dataDir), (p) => !p.includes(first), 5000);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status, '/readyz while the database is down').to.equal(503);
    expect((await fetch(`${bot.url}/healthz`)).status).to.equal(200);

    // Sent during the outage, each retried by its sender until accepted.
    const [m1, a1] = await Promise.all([
      deliverMessenger(bot.url, rig.graph, psid, 'có'),
      sendApi(bot.url, conv, 'có'),
    ]);
    expect(m1.statuses[0], 'Messenger delivery during the outage').to.be.within(500, 599);
    expect(a1.statuses[0], '/api/messages during the outage').to.equal(503);
    expect(a1.retryAfter[0]).to.match(/^\d+$/);
    expect(a1.texts.join('\n')).to.match(/game/i);

    const second = await eventually('ferretdb restarted', async () => ferretdbPids(dataDir), (p) => p.length === 1 && p[0] !== first);
    expect(second[0]).to.not.equal(first);
    expect(await metrics()).to.match(/^database_restarts_total 1$/m);
    expect((await fetch(`${bot.url}/readyz`)).status).to.equal(200);

    await deliverMessenger(bot.url, rig.graph, psid, 'naruto');
    await sendApi(bot.url, conv, 'naruto');
    await deliverMessenger(bot.url, rig.graph, psid, '50k');
    const last = await sendApi(bot.url, conv, '50k');
    expect(last.texts.join('\n'), 'the API conversation kept its state').to.match(/serial/);
    await eventually('Messenger answer to 50k', async () => rig.graph.textsTo(psid).join('\n'), (t) => /serial/.test(t));

    const bad = rig.graph.textsTo(psid).filter((t) => /vẫn được lưu|sự cố/.test(t));
    expect(bad, 'no apology claiming something was saved').to.deep.equal([]);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).to.equal(0);
    bot = undefined;
    const db = await startFerretdb(path.join(dataDir, 'db'));
    try {
      const conn = await openDb(`${db.uri}qpal`);
      const sent = ['thẻ đã được sử dụng', 'có', 'naruto', '50k'];
      expect(answeredInOrder(await transcriptOf(conn, `messenger:${psid}`), sent)).to.equal(null);
      expect(answeredInOrder(await transcriptOf(conn, `cli:${conv}`), sent)).to.equal(null);
      expect(await conn.collection('inbox').countDocuments()).to.equal(0);
      await conn.close();
    } finally {
      await db.stop();
    }
  });
});
