import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { writesTogether } from '../../models/writes-together';
import { recordInbox, completeInbox, inboxCollection, type InboxDoc } from '../../models/inbox';
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

  it('applies two writes to one message in the order they were made, even in a burst', async () => {
    const w = writesTogether<InboxDoc>(conn, 'together_order');
    // Answered right after being recorded, while other writes hold the database: gone, not left behind.
    await Promise.all([w.insert(entry('busy-1')), w.insert(entry('busy-2')), w.insert(entry('x')), w.delete('x'), w.insert(entry('y'))]);
    // Removed (nothing there yet), then recorded: there. One command would run its inserts first.
    await Promise.all([w.insert(entry('busy-3')), w.insert(entry('busy-4')), w.delete('z'), w.insert(entry('z'))]);
    const ids = (await conn.collection('together_order').find({}).toArray()).map((d) => d._id).sort();
    expect(ids).to.deep.equal(['busy-1', 'busy-2', 'busy-3', 'busy-4', 'y', 'z']);
  });
});
