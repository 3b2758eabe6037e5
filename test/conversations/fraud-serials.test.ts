import { expect } from 'chai';
import { startWorld, World, converse, allText, ticketOf, nextSerial } from './harness';
import { complaintScript } from './complaint-script';

// The procedure's fraud signal "several different serials failing from one customer in a short
// time" (machines/complaint/fraud.ts), over whole conversations of one phone: complaints about
// top-ups that went through do not count, failed ones do (threshold 3 in config/procedure.json).

const PHONE = '0987 654 321';
const SOLD_AT = '2026-11-20T09:15:00+07:00';
const MINH_ANH = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };
const AT = '2026-11-24T20:00:00+07:00';

describe('many failing serials from one customer', function () {
  this.timeout(90000);
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.close());

  /** One whole complaint from PHONE; returns its stored ticket. */
  async function complain(kind: 'went_through' | 'failed') {
    const serial = nextSerial();
    if (kind === 'went_through') {
      world.issuer.put(
        { serial, denomination: 50000, status: 'used', activatedAt: '2026-10-01T08:00:00+07:00', soldAt: SOLD_AT, soldBy: MINH_ANH, usedAt: AT, usedBy: { service: 'Naruto Đại Chiến', account: 'ninja_2010' } },
        [{ id: `TP-${serial}`, at: AT, service: 'Naruto Đại Chiến', account: 'ninja_2010', result: 'success', providerAck: true }],
      );
    } else {
      world.issuer.put(
        { serial, denomination: 50000, status: 'active', activatedAt: '2026-10-01T08:00:00+07:00', soldAt: SOLD_AT, soldBy: MINH_ANH },
        [{ id: `TP-${serial}`, at: AT, service: 'Naruto Đại Chiến', account: 'ninja_2010', result: 'failed', error: 'wrong_code' }],
      );
    }
    const conv = `fraud-serials-${serial}`;
    const situation = kind === 'went_through' ? 'nạp thẻ thành công mà không thấy tiền' : 'nap the bao sai ma the';
    const ex = await converse(world.app, conv, [
      ...complaintScript({ situation, serial, phone: PHONE }),
      ...(kind === 'went_through' ? ['không phải'] : []),
    ]);
    const ticket = await ticketOf(world.app, conv);
    expect(ticket, allText(ex)).to.not.equal(null);
    return { ticket: ticket!, text: allText(ex) };
  }

  it('counts only the serials whose top-up failed, and hands the third one to a person', async () => {
    // Two complaints about top-ups that went through (Branch A, not the customer's account).
    for (let i = 0; i < 2; i += 1) {
      const { ticket } = await complain('went_through');
      expect(ticket.resolution).to.equal('wrong_account');
      expect(ticket.fraudSignals).to.deep.equal([]);
    }
    // Third serial from this phone, the first that fails: the customer's typing error, no signal.
    const first = await complain('failed');
    expect(first.ticket.findings.recentSerialsByCustomer, first.text).to.equal(1);
    expect(first.ticket.fraudSignals).to.deep.equal([]);
    expect(first.ticket.resolution).to.equal('reenter_code');

    const second = await complain('failed');
    expect(second.ticket.findings.recentSerialsByCustomer).to.equal(2);
    expect(second.ticket.resolution).to.equal('reenter_code');

    // The third failing serial within 24 hours reaches the threshold: suspected fraud, an agent decides.
    const third = await complain('failed');
    expect(third.ticket.findings.recentSerialsByCustomer).to.equal(3);
    expect(third.ticket.fraudSignals).to.deep.equal(['many_serials_short_time']);
    expect(third.ticket.status).to.equal('waiting_agent');
    expect(third.ticket.handoffReason).to.equal('fraud_suspected');
    expect(third.text).to.match(/thẩm định lại/);
  });
});
