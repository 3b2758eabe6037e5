import { expect } from 'chai';
import path from 'node:path';
import { startFerretdb } from '../../bot/embedded-database/ferretdb';
import { answeredInOrder, BotProcess, deliverMessenger, eventually, openDb, transcriptOf, botRig } from './harness';

// SIGTERM while 20 customers are writing: the bot stops accepting (Meta gets 5xx and delivers
// again), finishes or leaves in the inbox what it accepted, and exits within its bound. The next
// process answers everything; no message is lost or answered twice.

const FLOW = ['thẻ đã được sử dụng', 'có', 'naruto', '50k'];
const BOUND_MS = 4000;

describe('SIGTERM during load', function () {
  this.timeout(180_000);
  const rig = botRig('sigterm');
  const { dataDir } = rig;
  let bot: BotProcess | undefined;

  it('exits within the bound and loses no turn', async () => {
    const env = { SHUTDOWN_TIMEOUT_MS: String(BOUND_MS) };
    bot = await rig.start({ env });
    const psids = Array.from({ length: 20 }, (_, i) => `24700000000960${String(i).padStart(2, '0')}`);
    const t0 = Date.now();
    let current = bot;
    // Each customer sends the flow; deliveries follow whichever process is up (as a balancer would).
    const load = Promise.all(
      psids.map(async (psid) => {
        for (const [k, text] of FLOW.entries()) {
          await deliverMessenger([0].map(() => current.url), rig.graph, psid, text, { timestamp: t0 + k, untilMs: 120_000 });
        }
      }),
    );
    await eventually('load under way', async () => rig.graph.accepted.length, (n) => n > 20, 30_000);
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const code = await bot.exited;
    const took = Date.now() - signalled;
    expect(code, bot.stderr()).to.equal(0);
    expect(took, 'exit within SHUTDOWN_TIMEOUT_MS (+ closing the database)').to.be.lessThan(BOUND_MS + 3000);

    bot = await rig.start({ port: current.port, env });
    current = bot;
    await load;
    for (const psid of psids) {
      await eventually(`${psid} answered to the end`, async () => rig.graph.textsTo(psid).join('\n'), (t) => /serial/.test(t), 60_000);
    }
    bot.child.kill('SIGTERM');
    expect(await bot.exited).to.equal(0);
    bot = undefined;

    const db = await startFerretdb(path.join(dataDir, 'db'));
    try {
      const conn = await openDb(`${db.uri}qpal`);
      for (const psid of psids) {
        const rows = await transcriptOf(conn, `messenger:${psid}`);
        expect(answeredInOrder(rows, FLOW), psid).to.equal(null);
        // A turn cut off by the shutdown may have told the customer, truthfully, that the answer is
        // delayed (sent outside the transcript); nothing else differs.
        const seen = rig.graph.textsTo(psid).filter((t) => !/hệ thống đang chậm/.test(t));
        expect(seen, psid).to.deep.equal(rows.filter((r) => r.direction === 'out').map((r) => r.text));
        expect(rig.graph.textsTo(psid).filter((t) => /vẫn được lưu/.test(t))).to.deep.equal([]);
      }
      expect(await conn.collection('inbox').countDocuments()).to.equal(0);
      await conn.close();
    } finally {
      await db.stop();
    }
  });

  it('a second signal exits at once', async () => {
    bot = await rig.start({ env: { SHUTDOWN_TIMEOUT_MS: '60000' } });
    const release = rig.graph.hold();
    await deliverMessenger(bot.url, rig.graph, '2470000000096099', 'thẻ đã được sử dụng');
    await eventually('turn under way', async () => rig.graph.heldCount(), (n) => n > 0, 10_000);
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect(bot.child.exitCode, 'still finishing the held turn').to.equal(null);
    bot.child.kill('SIGINT');
    await bot.exited;
    expect(Date.now() - signalled).to.be.lessThan(5000);
    bot = undefined;
    release();
  });
});
