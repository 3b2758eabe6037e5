import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { writesTogether } from '../../models/writes-together';
import { recordInbox, completeInbox, inboxCollection, type InboxDoc } from '../../models/inbox';
import { MongoStorage } from '../../bot/storage/mongo-storage';
import { testDatabaseUri } from '../support/database';

const entry = (id: string): InboxDoc => ({
  _id: id,
  conversation: `bench:c-${id}`,
  channelId: 'bench',
  activity: JSON.stringify({ text: `tin nhắn ${id}` }),
  order: 1,
  recordedAt: new Date(),
  attempts: 0,
});

describe('Writes many turns make at once go to the database together', () => {
  let conn: Connection;
  const commands: string[] = [];
  before(async () => {
    conn = mongoose.createConnection(await testDatabaseUri('together'), { retryWrites: false, monitorCommands: true });
    await conn.asPromise();
    conn.getClient().on('commandStarted', (e) => commands.push(`${e.commandName} ${String(e.command[e.commandName])}`));
  });
  after(() => conn.close());
  const count = async (what: string, run: () => Promise<unknown>) => {
    commands.length = 0;
    await run();
    return commands.filter((c) => c === what).length;
  };

  it('records 100 messages arriving at once in a few commands, each caller told its own outcome', async () => {
    await recordInbox(conn, entry('m-taken'));
    let outcomes: boolean[] = [];
    const n = await count('insert inbox', async () => {
      outcomes = await Promise.all([...Array.from({ length: 99 }, (_, i) => recordInbox(conn, entry(`m${i}`))), recordInbox(conn, entry('m-taken'))]);
    });
    expect(n).to.be.at.most(4);
    expect(outcomes.slice(0, 99).every(Boolean)).to.equal(true);
    // Already waiting: a re-delivery, not a new message.
    expect(outcomes[99]).to.equal(false);
    expect(await inboxCollection(conn).countDocuments({ _id: { $regex: /^m/ } })).to.equal(100);
  });

  it('removes answered messages together, and only those', async () => {
    const n = await count('delete inbox', () => Promise.all(Array.from({ length: 60 }, (_, i) => completeInbox(conn, `m${i}`))));
    expect(n).to.be.at.most(4);
    const left = (await inboxCollection(conn).find({}).toArray()).map((d) => d._id).sort();
    expect(left).to.deep.equal([...Array.from({ length: 39 }, (_, i) => `m${i + 60}`), 'm-taken'].sort());
  });

  it('saves 80 conversations’ state at once in a few commands, each readable afterwards', async () => {
    const storage = new MongoStorage(conn, 'together_state');
    const n = await count('update together_state', () =>
      Promise.all(Array.from({ length: 80 }, (_, i) => storage.write({ [`bench/conversations/c${i}`]: { step: i, eTag: '*' } }))),
    );
    expect(n).to.be.at.most(4);
    const items = await new MongoStorage(conn, 'together_state').read(['bench/conversations/c0']);
    expect(items['bench/conversations/c0']).to.include({ step: 0 });
    const last = await new MongoStorage(conn, 'together_state').read(['bench/conversations/c79']);
    expect(last['bench/conversations/c79']).to.include({ step: 79 });
  });

  it('keeps two writes to one document in the order they were made', async () => {
    const w = writesTogether<{ _id: string; v?: number }>(conn, 'together_order');
    await Promise.all([w.set('a', { v: 0 }, true), w.set('b', { v: 0 }, true)]); // fills both command slots
    await Promise.all([w.set('x', { v: 1 }, true), w.set('x', { v: 2 }, true), w.set('x', { v: 3 }, true), w.set('y', { v: 1 }, true)]);
    const x = await conn.collection('together_order').findOne({ _id: 'x' as never });
    expect(x?.v).to.equal(3);
  });

  it('fails only the write the database refused, not the others of its command', async () => {
    const w = writesTogether<{ _id: string; n?: unknown }>(conn, 'together_refused');
    await w.set('n', { n: 1 }, true);
    const results = await Promise.allSettled([
      w.set('p', { n: 1 }, true),
      w.set('q', { n: 1 }, true),
      // $set of a field under a number: refused by MongoDB and FerretDB alike.
      w.set('n', { 'n.deeper': 2 } as never, true),
      w.set('r', { n: 1 }, true),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await conn.collection('together_refused').countDocuments()).to.equal(4);
  });
});
