import { expect } from 'chai';
import type { Connection } from 'mongoose';
import mongoose from 'mongoose';
import { testDatabaseUri } from '../support/database';
import type { NewTicket } from '../../models/ticket';
import { createTicket } from '../../models/ticket-create';
import { updateTicket } from '../../models/ticket-update';
import { indexTicketKeys, ticketKeyModel } from '../../models/ticket-keys';
import { complaintsNamingSerial, complaintsOfPhone } from '../../models/ticket-fraud-queries';
import { detectFraudSignals, fraudCounts, fraudLookups, type ComplaintAtHand } from '../../machines/complaint/fraud';
import type { ComplaintContext, Situation } from '../../machines/complaint/types';
import { findings, TEST_CONFIG } from '../machines/fixtures';
import { keepCopies } from '../../models/kept-copies';
import { trustKnownEnds } from '../../models/slot-log';

// The fraud rules of machines/complaint/fraud.ts over tickets stored in the database, through the
// look-ups the bot runs at every card check (bot/complaint/effects.ts).

const HOUR = 60 * 60 * 1000;
const NOW = new Date('2026-11-25T03:00:00Z');
const A = '+84912345678';
const B = '+84987654321';
let n = 0;

describe('fraud look-ups on stored tickets', () => {
  let conn: Connection;
  let uri: string;
  const open = () => mongoose.createConnection(uri, { retryWrites: false }).asPromise();
  const make = (over: Partial<NewTicket>, at = NOW) =>
    createTicket(conn, { complaintId: `f-${++n}`, conversation: `messenger:${n}`, situation: 'failed_card_not_found', ...over }, at);

  /** What the bot finds at the card check of the complaint at hand, as the machine counts it. */
  async function countsFor(self: ComplaintAtHand, now = NOW) {
    const context = { ...self, config: TEST_CONFIG } as Pick<ComplaintContext, 'fields' | 'config'>;
    const q = fraudLookups(context, now);
    const [namingSerial, ofCustomer] = await Promise.all([
      complaintsNamingSerial(conn, q.serial),
      q.customer ? complaintsOfPhone(conn, q.customer) : [],
    ]);
    return fraudCounts(self, { namingSerial, ofCustomer });
  }
  const manySerials = (counts: Awaited<ReturnType<typeof countsFor>>) =>
    detectFraudSignals({}, findings({ card: null, ...counts }), TEST_CONFIG).includes('many_serials_short_time');

  before(async () => {
    uri = await testDatabaseUri('ticket_fraud');
    conn = await open();
  });
  after(async () => {
    await conn.close();
  });

  it('counts tickets from other phones naming the serial, not the current one nor the same phone', async () => {
    const serial = '10002026000010';
    const mine = await make({ serial, phone: A, conversation: 'messenger:me' });
    await make({ serial, phone: A, conversation: 'zalo:me-again' });
    const theirs = await make({ serial, phone: B });
    await make({ serial, phone: B });
    await make({ serial: '10002026000011', phone: B });
    const situation: Situation = 'failed_card_not_found';
    expect((await countsFor({ ticketCode: mine.code, situation, fields: { serial, phone: A }, conversation: 'messenger:me' })).otherComplaintsWithSerial).to.equal(2);
    expect((await countsFor({ ticketCode: theirs.code, situation, fields: { serial, phone: B } })).otherComplaintsWithSerial).to.equal(2);
    expect((await countsFor({ situation, fields: { serial: '10002026000099', phone: A } })).otherComplaintsWithSerial).to.equal(0);
  });

  it('falls back to the conversation when either side has no phone', async () => {
    const serial = '10002026000012';
    const mine = await make({ serial, conversation: 'messenger:x' });
    await make({ serial, conversation: 'messenger:x' }); // same chat, earlier complaint without a phone
    await make({ serial, phone: A, conversation: 'messenger:x' }); // same chat, with a phone
    await make({ serial, phone: B, conversation: 'zalo:y' }); // another chat
    await make({ serial, conversation: 'zalo:z' }); // another chat, no phone
    const self = { ticketCode: mine.code, situation: 'failed_card_used' as const, conversation: 'messenger:x' };
    expect((await countsFor({ ...self, fields: { serial } })).otherComplaintsWithSerial).to.equal(2);
    // With a phone on our side: tickets with a phone compare phones, the others compare chats.
    expect((await countsFor({ ...self, fields: { serial, phone: A } })).otherComplaintsWithSerial).to.equal(2);
  });

  it('counts the serials that fail (failed top-ups), not the ones the customer says went through', async () => {
    const phone = '+84900000001';
    await make({ phone, serial: '10002026000001', situation: 'failed_card_used' }, new Date(NOW.getTime() - 3 * HOUR));
    await make({ phone, serial: '10002026000002', situation: 'success_not_credited' }, new Date(NOW.getTime() - 2 * HOUR));
    await make({ phone, serial: '10002026000003', situation: 'success_not_credited' }, new Date(NOW.getTime() - HOUR));
    await make({ phone, serial: '10002026000004', situation: 'other' }, new Date(NOW.getTime() - HOUR));
    // The complaint at hand fails too: 2 failing serials, under the threshold of 3, although this
    // phone named 5 serials in 3 hours.
    const current = await make({ phone, serial: '10002026000005', situation: 'failed_card_not_found' });
    const self = { ticketCode: current.code, situation: 'failed_card_not_found' as const, fields: { phone, serial: '10002026000005' } };
    expect((await countsFor(self)).recentSerialsByCustomer).to.equal(2);
    expect(manySerials(await countsFor(self))).to.equal(false);

    // A third failing serial within the window reaches the threshold.
    await make({ phone, serial: '10002026000006', situation: 'failed_card_inactive' }, new Date(NOW.getTime() - 30 * 60_000));
    expect((await countsFor(self)).recentSerialsByCustomer).to.equal(3);
    expect(manySerials(await countsFor(self))).to.equal(true);

    // The same complaint said to have gone through counts only the earlier failing ones.
    expect((await countsFor({ ...self, situation: 'success_not_credited' })).recentSerialsByCustomer).to.equal(2);
  });

  it('looks back fraudWindowHours from config and counts a serial named twice once', async () => {
    const phone = '+84900000002';
    await make({ phone, serial: '10002026000021', situation: 'failed_card_used' }, new Date(NOW.getTime() - 30 * HOUR));
    await make({ phone, serial: '10002026000022', situation: 'failed_card_used' }, new Date(NOW.getTime() - 5 * HOUR));
    await make({ phone, serial: '10002026000022', situation: 'failed_other' }, new Date(NOW.getTime() - 4 * HOUR));
    await make({ phone: '+84900000003', serial: '10002026000023', situation: 'failed_card_used' }); // someone else
    const self = { situation: 'failed_card_used' as const, fields: { phone, serial: '10002026000024' } };
    // 24 h (the shipped window): the 30-hour-old ticket is out.
    expect((await countsFor(self)).recentSerialsByCustomer).to.equal(2);
    const q = fraudLookups({ fields: self.fields, config: { ...TEST_CONFIG, fraudWindowHours: 48 } }, NOW);
    expect(q.customer?.since.toISOString()).to.equal(new Date(NOW.getTime() - 48 * HOUR).toISOString());
    const ofCustomer = await complaintsOfPhone(conn, q.customer!);
    expect(fraudCounts(self, { namingSerial: [], ofCustomer }).recentSerialsByCustomer).to.equal(3);
  });

  it('counts the serial a ticket names now, after the customer re-entered it', async () => {
    const phone = '+84900000004';
    const t = await make({ phone, serial: '10002026000031', situation: 'failed_card_not_found' }, new Date(NOW.getTime() - HOUR));
    await updateTicket(conn, t.code, { serial: '10002026000032' }, 'bot', new Date(NOW.getTime() - HOUR));
    const ofCustomer = await complaintsOfPhone(conn, fraudLookups({ fields: { phone }, config: TEST_CONFIG }, NOW).customer!);
    expect(ofCustomer.map((c) => c.serial)).to.deep.equal(['10002026000032']);
  });

  it('lists a ticket once under each serial and phone it names, however often it is updated or recorded again', async () => {
    const [s1, s2] = ['10002026000051', '10002026000052'];
    const [p1, p2] = ['+84900000051', '+84900000052'];
    const other = await make({ serial: s1, phone: B });
    const t = await make({ serial: s1, phone: p1 });
    // Serial corrected and changed back, phone changed, other fields changed: each key lists it once.
    await updateTicket(conn, t.code, { serial: s2 }, 'bot', NOW);
    await updateTicket(conn, t.code, { serial: s1 }, 'bot', NOW);
    await updateTicket(conn, t.code, { phone: p2, purchasePlace: 'Đại lý khác' }, 'bot', NOW);
    await updateTicket(conn, t.code, { statusText: 'Thẻ báo lỗi' }, 'bot', NOW);
    // Recorded again: twice at once in this process, and by a process that knows nothing yet (a restart).
    const again = { code: t.code, serial: s1, phone: p1, conversation: t.conversation };
    await Promise.all([indexTicketKeys(conn, again, NOW), indexTicketKeys(conn, again, NOW)]);
    const restarted = await open();
    try {
      await indexTicketKeys(restarted, { ...again, serial: s2, phone: p2 }, NOW);
    } finally {
      await restarted.close();
    }
    const stored = await ticketKeyModel(conn).find({ ticketCode: t.code }, { _id: 1 }).lean();
    const keys = stored.map((d) => d._id.replace(/:\d+$/, '')).sort();
    expect(keys).to.deep.equal([`phone:${p1}`, `phone:${p2}`, `serial:${s1}`, `serial:${s2}`]);
    // The serial's list: both tickets once each, in order, each entry saying who made it.
    const naming = await complaintsNamingSerial(conn, s1);
    expect(naming.map((c) => [c.ticketCode, c.phone])).to.deep.equal([[other.code, B], [t.code, p1]]);
    expect((await ticketKeyModel(conn).find({ _id: new RegExp(`^serial:${s1}:`) }).lean()).map((d) => d.ticketCode)).to.deep.equal([other.code, t.code]);
  });

  it('alone with kept copies: the ticket just created is counted without reading it back; a re-entered serial still counts as stored', async () => {
    const alone = await mongoose.createConnection(uri, { retryWrites: false, monitorCommands: true }).asPromise();
    keepCopies(alone, { max: 100 });
    trustKnownEnds(alone);
    const phone = '+84911222333';
    try {
      const t = await createTicket(alone, { complaintId: `f-${++n}`, conversation: `messenger:${n}`, situation: 'failed_card_used', phone, serial: '10002026000051' }, NOW);
      const reads: string[] = [];
      alone.getClient().on('commandStarted', (e) => {
        if (e.commandName === 'find') reads.push(String(e.command.find));
      });
      const q = { phone, since: new Date(NOW.getTime() - HOUR), situations: ['failed_card_used'] as Situation[] };
      expect(await complaintsOfPhone(alone, q)).to.deep.equal([{ ticketCode: t.code, serial: '10002026000051' }]);
      expect(reads).to.deep.equal([]);
      await updateTicket(alone, t.code, { serial: '10002026000052' }, 'bot', NOW);
      expect(await complaintsOfPhone(alone, q)).to.deep.equal([{ ticketCode: t.code, serial: '10002026000052' }]);
      expect(reads).to.include('tickets');
    } finally {
      await alone.close();
    }
  });

  it('without a phone, only the complaint at hand counts (when it fails)', async () => {
    const q = fraudLookups({ fields: { serial: '10002026000041' }, config: TEST_CONFIG }, NOW);
    expect(q.customer).to.equal(undefined);
    expect(fraudCounts({ situation: 'failed_card_used', fields: { serial: '10002026000041' } }, { namingSerial: [], ofCustomer: [] }).recentSerialsByCustomer).to.equal(1);
    expect(fraudCounts({ situation: 'success_not_credited', fields: { serial: '10002026000041' } }, { namingSerial: [], ofCustomer: [] }).recentSerialsByCustomer).to.equal(0);
  });
});
