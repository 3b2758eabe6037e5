import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { testConnection } from '../support/database';
import type { NewTicket } from '../../models/ticket';
import { createTicket } from '../../models/ticket-create';
import { countOtherComplaintsWithSerial, countRecentSerialsByPhone } from '../../models/ticket-fraud-queries';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-11-25T03:00:00Z');
const A = '+84912345678';
const B = '+84987654321';
let n = 0;

describe('fraud look-ups on tickets', () => {
  let conn: Connection;
  const make = (over: Partial<NewTicket>, at = NOW) =>
    createTicket(conn, { complaintId: `f-${++n}`, conversation: `messenger:${n}`, ...over }, at);

  before(async () => {
    conn = await testConnection('ticket_fraud');
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
    expect(await countOtherComplaintsWithSerial(conn, serial, { excludeCode: mine.code, phone: A, conversation: 'messenger:me' })).to.equal(2);
    expect(await countOtherComplaintsWithSerial(conn, serial, { excludeCode: theirs.code, phone: B })).to.equal(2);
    expect(await countOtherComplaintsWithSerial(conn, '10002026000099', { phone: A })).to.equal(0);
  });

  it('falls back to the conversation when either side has no phone', async () => {
    const serial = '10002026000012';
    const mine = await make({ serial, conversation: 'messenger:x' });
    await make({ serial, conversation: 'messenger:x' }); // same chat, earlier complaint without a phone
    await make({ serial, phone: A, conversation: 'messenger:x' }); // same chat, with a phone
    await make({ serial, phone: B, conversation: 'zalo:y' }); // another chat
    await make({ serial, conversation: 'zalo:z' }); // another chat, no phone
    expect(await countOtherComplaintsWithSerial(conn, serial, { excludeCode: mine.code, conversation: 'messenger:x' })).to.equal(2);
    // With a phone on our side: tickets with a phone compare phones, the others compare chats.
    expect(await countOtherComplaintsWithSerial(conn, serial, { excludeCode: mine.code, phone: A, conversation: 'messenger:x' })).to.equal(2);
  });

  it('counts distinct serials of one phone since a given time', async () => {
    const phone = '+84900000001';
    await make({ phone, serial: '10002026000001' }, new Date(NOW.getTime() - 10 * DAY));
    await make({ phone, serial: '10002026000002' }, new Date(NOW.getTime() - 2 * DAY));
    await make({ phone, serial: '10002026000002' }, new Date(NOW.getTime() - DAY));
    await make({ phone, serial: '10002026000003' }, NOW);
    await make({ phone }, NOW); // no serial yet
    await make({ phone: '+84900000002', serial: '10002026000004' }, NOW);
    expect(await countRecentSerialsByPhone(conn, phone, new Date(NOW.getTime() - 7 * DAY))).to.equal(2);
    expect(await countRecentSerialsByPhone(conn, phone, new Date(NOW.getTime() - 30 * DAY))).to.equal(3);
    expect(await countRecentSerialsByPhone(conn, '+84900000009', new Date(0))).to.equal(0);
  });
});
