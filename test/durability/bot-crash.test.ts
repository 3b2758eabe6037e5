import { expect } from 'chai';
import path from 'node:path';
import { startFerretdb } from '../../bot/embedded-database/ferretdb';
import { opsHeaders } from '../support/app';
import {
  answeredInOrder,
  BotProcess,
  deliverMessenger,
  eventually,
  kill9,
  openDb,
  sleep,
  transcriptOf,
  botRig,
} from './harness';

async function turnsOk(bot: BotProcess): Promise<number> {
  const text = await (await fetch(`${bot.url}/metrics`, { headers: opsHeaders })).text();
  const m = /^bot_turns_total\{channel="messenger",outcome="ok"\} (\d+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

// The bot dies (kill -9) after Messenger was told 200 for a message and before the turn that
// answers it finished. The message was recorded first, so the next process answers it, once.

describe('kill -9 of the bot between recording a message and answering it', function () {
  this.timeout(120_000);
  const rig = botRig('crash');
  const { dataDir } = rig;
  let bot: BotProcess | undefined;

  it('answers that message once after the restart', async () => {
    bot = await rig.start();
    // What the answer looks like, from a conversation nobody interrupts.
    const control = '2470000000098001';
    await deliverMessenger(bot.url, rig.graph, control, 'thẻ đã được sử dụng');
    await eventually('control answered', () => turnsOk(bot!), (n) => n === 1);
    const expected = rig.graph.textsTo(control);
    expect(expected.length).to.be.greaterThan(0);

    const psid = '2470000000098002';
    const release = rig.graph.hold();
    const d = await deliverMessenger(bot.url, rig.graph, psid, 'thẻ đã được sử dụng');
    expect(d.statuses).to.deep.equal([200]);
    // The turn is under way: it waits for Meta (the typing indicator) and has answered nothing.
    await eventually('turn under way', async () => rig.graph.heldCount(), (n) => n > 0, 10_000);
    await kill9(bot);
    release();
    expect(rig.graph.textsTo(psid)).to.deep.equal([]);

    bot = await rig.start();
    await eventually('answered after the restart', async () => rig.graph.textsTo(psid), (t) => t.length >= expected.length, 30_000);
    await sleep(1500);
    expect(rig.graph.textsTo(psid), 'answered once, as the uninterrupted conversation was').to.deep.equal(expected);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).to.equal(0);
    bot = undefined;
    const db = await startFerretdb(path.join(dataDir, 'db'));
    try {
      const conn = await openDb(`${db.uri}qpal`);
      const rows = await transcriptOf(conn, `messenger:${psid}`);
      expect(answeredInOrder(rows, ['thẻ đã được sử dụng'])).to.equal(null);
      expect(rows.filter((r) => r.direction === 'out').map((r) => r.text)).to.deep.equal(expected);
      expect(await conn.collection('inbox').countDocuments()).to.equal(0);
      await conn.close();
    } finally {
      await db.stop();
    }
  });
});
