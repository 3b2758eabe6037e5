import { expect } from 'chai';
import { formatTicketCode, normaliseTicketCode, ticketCodeDay } from '../../models/ticket-code';

describe('ticket codes', () => {
  it('takes the day and month in Asia/Ho_Chi_Minh', () => {
    expect(ticketCodeDay(new Date('2026-11-25T18:30:00Z'))).to.equal('2611');
    expect(ticketCodeDay(new Date('2026-11-25T16:59:59Z'))).to.equal('2511');
    expect(ticketCodeDay(new Date('2026-11-25T17:00:00Z'))).to.equal('2611');
    expect(ticketCodeDay(new Date('2026-12-31T17:00:00Z'))).to.equal('0101');
    expect(ticketCodeDay(new Date('2026-03-01T02:00:00Z'))).to.equal('0103');
  });

  it('pads the number to 4 digits and grows past 9999', () => {
    expect(formatTicketCode('2611', 42)).to.equal('KN-2611-0042');
    expect(formatTicketCode('2611', 9999)).to.equal('KN-2611-9999');
    expect(formatTicketCode('2611', 10000)).to.equal('KN-2611-10000');
  });

  it('reads what a customer types, in any case and spacing', () => {
    expect(normaliseTicketCode('kn-2611-0042')).to.equal('KN-2611-0042');
    expect(normaliseTicketCode(' KN 2611 0042 ')).to.equal('KN-2611-0042');
    expect(normaliseTicketCode('kn26110042')).to.equal('KN-2611-0042');
    expect(normaliseTicketCode('KN-2611-10000')).to.equal('KN-2611-10000');
    expect(normaliseTicketCode('KN-2611-42')).to.equal(null);
    expect(normaliseTicketCode('2611-0042')).to.equal(null);
    expect(normaliseTicketCode('')).to.equal(null);
  });
});
