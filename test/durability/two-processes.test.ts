import { expect } from 'chai';
import { startFerretdb, EmbeddedDatabase } from '../../bot/embedded-database/ferretdb';
import { startGraphServer, GraphServer } from '../channels/graph-server';
import { answeredInOrder, BotProcess, deliverMessenger, eventually, openDb, removeDir, startBot, tempDir, transcriptOf } from './harness';
import type { Connection } from 'mongoose';

// Two bot processes behind a "load balancer" on one FerretDB: each conversation's messages go
// alternately to one and the other, back to back (the webhook answers before the turn runs, so
// turns of one conversation would overlap without the per-conversation lease).

const FLOW = ['thẻ đã được sử dụng', 'có', 'naruto', '50k', '1000 2026 0000 03'];

describe('two bot processes on one database', function () {
  this.timeout(240_000);
  const dbDir = tempDir('two-db');
  const dirs = [tempDir('two-a'), tempDir('two-b')];
  let graph: GraphServer;
  let db: EmbeddedDatabase;
  let conn: Connection;
  let bots: BotProcess[] = [];
  before(async () => {
    graph = await startGraphServer();
    db = await startFerretdb(dbDir);
    const env = { MONGODB_URI: `${db.uri}qpal` };
    bots = await Promise.all(dirs.map((dataDir) => startBot({ dataDir, graph, env })));
    conn = await openDb(`${db.uri}qpal`);
  });
  after(async () => {
    for (const b of bots) b.child.kill('SIGKILL');
    await conn?.close();
    await db?.stop();
    await graph?.close();
    for (const d of [dbDir, ...dirs]) removeDir(d);
  });

  /** Sends the whole flow for `psid`, message k to bot k mod 2, without waiting for answers. */
  async function converse(psid: string, t0: number) {
    for (const [k, text] of FLOW.entries()) {
      await deliverMessenger(bots[k % 2].url, graph, psid, text, { timestamp: t0 + k });
    }
  }

  async function expectAnswered(psids: string[]) {
    for (const psid of psids) {
      await eventually(`${psid} reached the store question`, async () => graph.textsTo(psid).join('\n'), (t) => /mua thẻ ở cửa hàng/.test(t), 90_000);
    }
    for (const psid of psids) {
      const rows = await eventually(
        `${psid} transcript complete`,
        () => transcriptOf(conn, `messenger:${psid}`),
        (r) => r.filter((x) => x.direction === 'in').length >= FLOW.length && r.at(-1)?.direction === 'out',
        20_000,
      );
      expect(answeredInOrder(rows, FLOW), psid).to.equal(null);
      // What the customer saw is what the transcript says, in the same order.
      expect(graph.textsTo(psid), psid).to.deep.equal(rows.filter((r) => r.direction === 'out').map((r) => r.text));
    }
  }

  it('one conversation, its messages alternately to both at once: every answer kept, in order', async () => {
    const psid = '2470000000097000';
    await converse(psid, Date.now());
    await expectAnswered([psid]);
  });

  it('the same for 20 conversations in parallel', async () => {
    const psids = Array.from({ length: 20 }, (_, i) => `24700000000971${String(i).padStart(2, '0')}`);
    const t0 = Date.now();
    await Promise.all(psids.map((p) => converse(p, t0)));
    // Which process runs each turn is not asserted: the holder of a conversation's lease drains
    // that conversation's inbox, so under a burst one process may answer all of them.
    await expectAnswered(psids);
    expect(await conn.collection('inbox').countDocuments()).to.equal(0);
  });
});
