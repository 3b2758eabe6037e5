import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { countKey, indexTicketSearch, ticketsUnder } from '../../models/ticket-search';
import { testDatabaseUri } from '../support/database';

// A word of a name is a search key a large part of all tickets share ("nguyen"). 60 tickets
// recorded at once by two processes (two connections) must all be found under it, each once, and
// each process must write its share in a few inserts rather than one each.
describe('search keys: a burst of tickets sharing a name', () => {
  let a: Connection;
  let b: Connection;
  let inserts = 0;
  let reads = 0;
  const count = (e: { commandName: string; command: Record<string, unknown> }) => {
    if (e.commandName === 'insert' && e.command.insert === 'ticket_search_keys') inserts += 1;
    if (e.commandName === 'find' && e.command.find === 'ticket_search_keys') reads += 1;
  };
  before(async () => {
    const uri = await testDatabaseUri('search_burst');
    a = await mongoose.createConnection(uri, { retryWrites: false, monitorCommands: true }).asPromise();
    b = await mongoose.createConnection(uri, { retryWrites: false, monitorCommands: true }).asPromise();
    a.getClient().on('commandStarted', count);
    b.getClient().on('commandStarted', count);
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it('60 tickets at once from two processes: each listed once, the newest first, in far fewer inserts', async () => {
    const codes = Array.from({ length: 60 }, (_, i) => `KN-0112-${String(i + 1).padStart(4, '0')}`);
    const at = new Date('2026-12-01T03:00:00Z');
    await Promise.all(codes.map((code, i) => indexTicketSearch(i % 2 ? a : b, { code, customerName: 'Nguyễn Thu' }, at)));
    expect(await countKey(a, 'part', 'nguyen')).to.equal(60);
    const listed = await a.collection('ticket_search_keys').find({ _id: { $regex: '^part:nguyen:' } } as never).toArray();
    expect(new Set(listed.map((d) => d.ticketCode)).size).to.equal(60);
    // Three keys per ticket ("nguyen thu", "nguyen", "thu"): 180 entries, written in batches.
    expect(inserts).to.be.greaterThan(0).and.lessThan(90);
    const newest = await ticketsUnder(b, 'part', 'nguyen');
    const last = listed.find((d) => String(d._id) === 'part:nguyen:59')!;
    expect(newest[0]).to.equal(last.ticketCode);
    expect(newest).to.have.length.greaterThan(1);
  });

  it("a conversation's first ticket is one insert without a read; its second, from another process, goes after it", async () => {
    const at = new Date('2026-12-01T03:00:00Z');
    inserts = 0;
    reads = 0;
    await indexTicketSearch(a, { code: 'KN-0112-0101', conversation: 'zalo:c-101' }, at);
    expect({ inserts, reads }).to.deep.equal({ inserts: 1, reads: 0 });
    // b has never seen this conversation: slot 0 is taken, so it looks for the end and writes slot 1.
    await indexTicketSearch(b, { code: 'KN-0112-0102', conversation: 'zalo:c-101' }, at);
    expect(await countKey(a, 'conv', 'zalo:c-101')).to.equal(2);
    expect(await ticketsUnder(a, 'conv', 'zalo:c-101')).to.deep.equal(['KN-0112-0102', 'KN-0112-0101']);
  });
});
