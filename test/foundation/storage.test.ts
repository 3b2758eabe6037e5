import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { MongoStorage, ETagConflictError } from '../../bot/storage/mongo-storage';
import { testConnection } from '../support/database';

describe('Bot Framework storage on MongoDB (FerretDB)', () => {
  let conn: Connection;
  let storage: MongoStorage;
  before(async () => {
    conn = await testConnection('storage');
    storage = new MongoStorage(conn);
  });
  after(() => conn.close());

  it('reads back what it wrote, with a fresh eTag, and only the keys that exist', async () => {
    await storage.write({ 'msteams/conversations/a/': { dialogState: { $stack: ['x.y'] }, n: 1 } });
    const items = await storage.read(['msteams/conversations/a/', 'missing']);
    expect(Object.keys(items)).to.deep.equal(['msteams/conversations/a/']);
    expect(items['msteams/conversations/a/']).to.include({ n: 1 });
    expect(items['msteams/conversations/a/'].dialogState).to.deep.equal({ $stack: ['x.y'] });
    expect(items['msteams/conversations/a/'].eTag).to.be.a('string').with.length.greaterThan(8);
  });

  it('keeps Vietnamese text byte-exact', async () => {
    const text = 'Thẻ đã được sử dụng — Quý khách ơi'.normalize('NFC');
    await storage.write({ vi: { text } });
    const { vi } = await storage.read(['vi']);
    expect(vi.text).to.equal(text);
  });

  it('refuses a write carrying an outdated eTag and accepts one with the current eTag', async () => {
    await storage.write({ k: { v: 1 } });
    const first = (await storage.read(['k'])).k;
    await storage.write({ k: { ...first, v: 2 } });
    let err: unknown;
    try {
      await storage.write({ k: { ...first, v: 3 } });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ETagConflictError);
    expect((await storage.read(['k'])).k.v).to.equal(2);
    const second = (await storage.read(['k'])).k;
    await storage.write({ k: { ...second, v: 4 } });
    expect((await storage.read(['k'])).k.v).to.equal(4);
  });

  it('lets eTag "*" and missing eTags overwrite (BotState saves this way)', async () => {
    await storage.write({ w: { v: 1 } });
    await storage.write({ w: { v: 2, eTag: '*' } });
    expect((await storage.read(['w'])).w.v).to.equal(2);
    await storage.write({ w: { v: 3 } });
    expect((await storage.read(['w'])).w.v).to.equal(3);
  });

  it('creates an item written with an eTag that has no stored item yet', async () => {
    await storage.write({ fresh: { v: 1, eTag: 'old-etag' } });
    expect((await storage.read(['fresh'])).fresh.v).to.equal(1);
  });

  it('of writers racing with the same eTag, exactly one wins and the others get a conflict', async () => {
    // Several rounds: a check-then-write race would let two writers win in some round.
    for (let round = 0; round < 10; round++) {
      await storage.write({ race: { v: 0, round } });
      const base = (await storage.read(['race'])).race;
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map((v) => storage.write({ race: { ...base, v } })),
      );
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i + 1] : []));
      expect(won, `round ${round}`).to.have.length(1);
      const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      for (const r of rejected) expect(r.reason).to.be.instanceOf(ETagConflictError);
      // What is stored is the winner's write, not a loser's.
      expect((await storage.read(['race'])).race.v, `round ${round}`).to.equal(won[0]);
    }
  });

  it('is not locked for ever by a writer that died between claiming an eTag and writing', async () => {
    await storage.write({ crashed: { v: 1 } });
    const base = (await storage.read(['crashed'])).crashed;
    const claims = conn.collection<{ _id: string; at: Date }>('botstate_claims');
    // A claim left by a dead writer a minute ago, then one by a writer still busy.
    await claims.insertOne({ _id: `crashed\u0000${base.eTag}`, at: new Date(Date.now() - 60_000) });
    await storage.write({ crashed: { ...base, v: 2 } });
    expect((await storage.read(['crashed'])).crashed.v).to.equal(2);
    const next = (await storage.read(['crashed'])).crashed;
    await claims.insertOne({ _id: `crashed\u0000${next.eTag}`, at: new Date() });
    let err: unknown;
    await storage.write({ crashed: { ...next, v: 3 } }).catch((e) => (err = e));
    expect(err).to.be.instanceOf(ETagConflictError);
    expect((await storage.read(['crashed'])).crashed.v).to.equal(2);
  });

  it('deletes', async () => {
    await storage.write({ d1: { v: 1 }, d2: { v: 2 } });
    await storage.delete(['d1']);
    expect(Object.keys(await storage.read(['d1', 'd2']))).to.deep.equal(['d2']);
  });

  describe('as the only writer (conversation leases in memory)', () => {
    // What the database holds is changed behind the cache's back (against the rule, on purpose):
    // a read that still shows the old value was answered from memory.
    const behind = (key: string, v: unknown) => conn.collection('botstate').updateOne({ _id: key as never }, { $set: { state: JSON.stringify({ v }) } });
    let cached: MongoStorage;
    before(() => {
      cached = new MongoStorage(conn, 'botstate', { max: 2 });
    });

    it('answers a read of what it wrote from memory, the same as the database would', async () => {
      await cached.write({ c1: { dialogState: { $stack: ['x.y'] }, text: 'Thẻ đã được sử dụng' } });
      const stored = (await new MongoStorage(conn).read(['c1'])).c1;
      await behind('c1', 'changed behind');
      const mine = (await cached.read(['c1'])).c1;
      expect(mine).to.deep.equal(stored);
      // A copy: changing what a turn read does not change what the next turn reads.
      mine.text = 'changed';
      expect((await cached.read(['c1'])).c1.text).to.equal('Thẻ đã được sử dụng');
    });

    it('forgets a key whose write failed, and the least recently used beyond its size', async () => {
      await cached.write({ c2: { v: 1 } });
      const first = (await cached.read(['c2'])).c2;
      await new MongoStorage(conn).write({ c2: { ...first, v: 2 } });
      let err: unknown;
      try {
        await cached.write({ c2: { ...first, v: 3 } });
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(ETagConflictError);
      expect((await cached.read(['c2'])).c2).to.include({ v: 2 });

      await cached.write({ c3: { v: 3 } });
      await cached.write({ c4: { v: 4 } }); // size 2: c1 and c2 go, c3 and c4 stay
      await behind('c3', 'behind');
      await behind('c1', 'behind');
      expect((await cached.read(['c3'])).c3).to.include({ v: 3 });
      expect((await cached.read(['c1'])).c1).to.include({ v: 'behind' });
    });

    it('forgets deleted keys', async () => {
      await cached.write({ c5: { v: 5 } });
      await cached.delete(['c5']);
      expect(await cached.read(['c5'])).to.deep.equal({});
    });
  });
});
