import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { testDatabaseUri } from '../support/database';
import { createTicket } from '../../models/ticket-create';
import { ticketsOfPhone } from '../../models/ticket-keys';
import { trustKnownEnds } from '../../models/slot-log';
import { keepCopies } from '../../models/kept-copies';

// A process that alone writes its database (npm start on the embedded one) knows where the lists
// it wrote end, and the fraud look-ups at every card check read only the entries; a process that
// shares the database must find the ends others moved.
describe('lists whose end this process knows', () => {
  let uri: string;
  const open = () => mongoose.createConnection(uri, { retryWrites: false, monitorCommands: true }).asPromise();
  const finds = (conn: Connection) => {
    const seen: string[] = [];
    conn.getClient().on('commandStarted', (e) => {
      if (e.commandName === 'find') seen.push(String(e.command.find));
    });
    return seen;
  };
  // What the bot turns on when this process alone writes its database (bot/app.ts).
  const alone = (conn: Connection) => {
    trustKnownEnds(conn);
    keepCopies(conn, { max: 100 });
  };
  let n = 0;
  const ticket = (conn: Connection, phone: string) =>
    createTicket(conn, { complaintId: `ke-${++n}`, conversation: `messenger:ke-${n}`, situation: 'failed_card_used', phone }, new Date('2026-11-25T03:00:00Z'));

  before(async () => {
    uri = await testDatabaseUri('known_ends');
  });

  it('alone: the tickets of a phone it recorded are listed from memory; after a restart read once, then from memory with what it appends', async () => {
    const conn = await open();
    alone(conn);
    const codes: string[] = [];
    try {
      for (let i = 0; i < 3; i += 1) codes.push((await ticket(conn, '+84911000001')).code);
      const seen = finds(conn);
      const listed = await ticketsOfPhone(conn, '+84911000001');
      expect(listed.map((t) => t.ticketCode)).to.deep.equal(codes);
      expect(listed.every((t) => t.phone === '+84911000001' && t.at instanceof Date)).to.equal(true);
      expect(seen.filter((c) => c === 'ticket_keys')).to.have.length(0);
    } finally {
      await conn.close();
    }
    const restarted = await open();
    alone(restarted);
    try {
      const seen = finds(restarted);
      const first = await ticketsOfPhone(restarted, '+84911000001');
      // Looking for the end (slots 0, 1, 2, 4, 3), then the three entries.
      expect(seen.filter((c) => c === 'ticket_keys')).to.have.length(8);
      const fourth = (await ticket(restarted, '+84911000001')).code;
      const again = await ticketsOfPhone(restarted, '+84911000001');
      expect(first.map((t) => t.ticketCode)).to.deep.equal(codes);
      expect(again.map((t) => t.ticketCode)).to.deep.equal([...codes, fourth]);
      expect(seen.filter((c) => c === 'ticket_keys')).to.have.length(8);
    } finally {
      await restarted.close();
    }
  });

  it('shared: a ticket another process recorded meanwhile is found', async () => {
    const [mine, other] = await Promise.all([open(), open()]);
    try {
      await ticket(mine, '+84911000002');
      expect(await ticketsOfPhone(mine, '+84911000002')).to.have.length(1);
      await ticket(other, '+84911000002');
      expect(await ticketsOfPhone(mine, '+84911000002')).to.have.length(2);
    } finally {
      await Promise.all([mine.close(), other.close()]);
    }
  });
});
