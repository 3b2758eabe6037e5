// Answers given ahead of their questions (issue 12): the machine keeps them, skips the questions
// they answer through the same transitions as typed answers, and never lets them overwrite one.
import { expect } from 'chai';
import { OLD_TX, RECENT_TX, SERIAL, SERVICE_WITH_HOTLINE, startComplaint } from './fixtures';

describe('complaint machine: prefilled answers', () => {
  it('skips every question already answered and asks only the missing ones', () => {
    const c = startComplaint();
    c.send({
      type: 'PREFILL',
      answers: { situation: 'failed_card_not_found', isBitCard: true, service: SERVICE_WITH_HOTLINE, denomination: 50000, serial: SERIAL },
    });
    expect(c.tags).to.deep.equal(['ask:purchasePlace']);
    expect(c.context.fields).to.include({ denomination: 50000, serial: SERIAL });
    expect(c.context.situation).to.equal('failed_card_not_found');
    c.send({ type: 'ANSWER', field: 'purchasePlace', value: 'Đại lý Minh Anh' }, { type: 'PREFILL', answers: { phone: '+84912345678' } });
    expect(c.tags).to.deep.equal(['ask:transactionAt']);
    c.send({ type: 'ANSWER', field: 'transactionAt', value: RECENT_TX }, { type: 'ANSWER', field: 'statusText', value: 'x' });
    // The phone given earlier is not asked again.
    expect(c.tags).to.deep.equal(['ask:email']);
    expect(c.context.fields.phone).to.equal('+84912345678');
  });

  it('a prefilled time still goes through Article 3: an old one closes the complaint as expired', () => {
    const c = startComplaint();
    c.send({ type: 'PREFILL', answers: { situation: 'failed_card_used', isBitCard: true, service: SERVICE_WITH_HOTLINE, denomination: 50000, serial: SERIAL, purchasePlace: 'Đại lý', transactionAt: OLD_TX } });
    expect(c.tags).to.deep.equal(['await:createTicket']);
    expect(c.context.resolution).to.equal('expired');
    expect(c.takeKeys()).to.include('outcome:expired');
  });

  it('never overwrites an answer already given', () => {
    const c = startComplaint();
    c.send({ type: 'ANSWER', field: 'situation', value: 'failed_card_used' }, { type: 'PREFILL', answers: { situation: 'other', isBitCard: true } });
    expect(c.context.situation).to.equal('failed_card_used');
    expect(c.tags).to.deep.equal(['ask:service']);
  });

  it('another issuer named before the card is confirmed as BIT closes it as out of scope, naming the issuer', () => {
    const c = startComplaint();
    c.takeKeys();
    c.send({ type: 'PREFILL', answers: { situation: 'failed_other' }, issuer: 'Viettel' });
    expect(c.tags).to.deep.equal(['await:createTicket']);
    expect(c.context.resolution).to.equal('out_of_scope');
    expect(c.says.at(-1)).to.deep.equal({ type: 'say', key: 'outcome:outOfScopeNamed', vars: { issuer: 'Viettel' } });
  });

  it('an issuer named after the card was confirmed as BIT changes nothing', () => {
    const c = startComplaint();
    c.send({ type: 'ANSWER', field: 'situation', value: 'failed_other' }, { type: 'ANSWER', field: 'isBitCard', value: true });
    c.send({ type: 'PREFILL', answers: {}, issuer: 'Viettel' });
    expect(c.tags).to.deep.equal(['ask:service']);
  });
});
