// One hand-written walk per resolution code and per handoff reason, asserting what the ticket and
// the customer end up with. The generated path tests prove reachability; these pin the details.
import { expect } from 'chai';
import type { CardFindings, Situation } from '../../machines/complaint/types';
import {
  at,
  FINDINGS,
  intake,
  NOW,
  OLD_TX,
  RECENT_TX,
  SERIAL,
  SERVICE_WITHOUT_HOTLINE,
  startComplaint,
  untilCardCheck,
  type EventWithoutNow,
} from './fixtures';

const TICKET = 'KN-2611-0001';
/** The context as a snapshot stores it (JSON drops keys set to undefined). */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value));
/** NOW is Wednesday 25 Nov 2026 10:00: three working days later is Monday 30 Nov. */
/** Three working days after Wednesday 25 Nov: the close of Monday 30 Nov. */
const DEADLINE = '2026-11-30T17:30:00+07:00';
/** 15 working minutes after 10:00 on a working day. */
const FIRST_RESPONSE = '2026-11-25T10:15:00+07:00';
const LIVE_REASONS = ['customer_request', 'repeated_misses', 'other_situation'];

function checkedWith(situation: Situation, findings: CardFindings, now?: string) {
  const c = startComplaint();
  const send = (...events: EventWithoutNow[]) => (now ? events.forEach((e) => c.actor.send(at(e, now))) : c.send(...events));
  send(...untilCardCheck(situation, now ? '2026-02-12T20:00:00+07:00' : undefined));
  expect(c.tags).to.deep.equal(['await:checkCard']);
  c.takeKeys();
  send({ type: 'CARD_CHECKED', findings });
  return c;
}

const yes = (field: 'isOwnAccount' | 'cardShell' | 'offerAgent'): EventWithoutNow => ({ type: 'ANSWER', field, value: true });
const no = (field: 'isOwnAccount' | 'cardShell' | 'offerAgent'): EventWithoutNow => ({ type: 'ANSWER', field, value: false });

function expectClosed(c: ReturnType<typeof startComplaint>, resolution: string) {
  const snap = c.actor.getSnapshot();
  expect(snap.status).to.equal('done');
  expect(snap.value).to.equal('closed');
  expect(c.context.status).to.equal('closed');
  expect(c.context.resolution).to.equal(resolution);
  expect(c.context.ticketCode).to.equal(TICKET);
}

/**
 * A check (third party, re-verification, fraud review) promises its outcome within 3 working days;
 * a live handoff (the customer asked, too many misses, "other") promises a first answer only.
 */
function expectHandedOff(c: ReturnType<typeof startComplaint>, reason: string, promised?: string) {
  const live = LIVE_REASONS.includes(reason);
  const snap = c.actor.getSnapshot();
  expect(snap.value).to.equal('handedOff');
  expect(c.tags).to.deep.equal(['owner:queue']);
  expect(c.context.status).to.equal('waiting_agent');
  expect(c.context.handoffReason).to.equal(reason);
  expect(c.context.deadline).to.equal(live ? undefined : (promised ?? DEADLINE));
  if (live) expect(c.context.firstResponseDue).to.equal(promised ?? FIRST_RESPONSE);
  expect(c.context.ticketCode).to.equal(TICKET);
  const notice = c.says.findLast((e) => e.key.startsWith('outcome:handoff.'));
  const deadline = promised ?? (live ? FIRST_RESPONSE : DEADLINE);
  expect(notice).to.deep.equal({ type: 'say', key: `outcome:handoff.${reason}`, vars: { ticketCode: TICKET, deadline } });
}

describe('complaint machine scenarios', () => {
  describe('start', () => {
    it('greets once and asks the situation, then whether it is a BIT card', () => {
      const c = startComplaint();
      expect(c.takeKeys()).to.deep.equal(['outcome:greeting']);
      expect(c.tags).to.deep.equal(['ask:situation']);
      c.send({ type: 'ANSWER', field: 'situation', value: 'failed_other' });
      expect(c.tags).to.deep.equal(['ask:isBitCard']);
      expect(c.context.complaintAt).to.equal(NOW);
      expect(c.takeKeys()).to.deep.equal([]);
    });

    it('asks the Article 4 fields in order, then the summary', () => {
      const c = startComplaint();
      const asked: string[] = [];
      for (const e of intake('failed_card_used')) {
        asked.push(c.tags[0]);
        c.send(e);
      }
      asked.push(c.tags[0]);
      expect(asked).to.deep.equal([
        'ask:situation',
        'ask:isBitCard',
        'ask:service',
        'ask:denomination',
        'ask:serial',
        'ask:purchasePlace',
        'ask:transactionAt',
        'ask:statusText',
        'ask:phone',
        'ask:email',
        'ask:confirm',
      ]);
      expect(c.context.fields).to.deep.include({ denomination: 50000, serial: SERIAL, transactionAt: RECENT_TX, email: 'khach@example.vn' });
    });

    it('asks only a description and contact details for an "other" situation', () => {
      const c = startComplaint();
      c.send({ type: 'ANSWER', field: 'situation', value: 'other' }, { type: 'ANSWER', field: 'isBitCard', value: true });
      expect(c.tags).to.deep.equal(['ask:statusText']);
      c.send(
        { type: 'ANSWER', field: 'statusText', value: 'Hỏi về khuyến mãi' },
        { type: 'ANSWER', field: 'phone', value: '+84912345678' },
        { type: 'ANSWER', field: 'email', value: null },
      );
      expect(c.tags).to.deep.equal(['ask:confirm']);
      expect(c.context.fields).to.deep.equal({ statusText: 'Hỏi về khuyến mãi', phone: '+84912345678', email: null });
    });

    it('ignores an answer or an invalid report for a field it is not asking', () => {
      const c = startComplaint();
      c.send({ type: 'ANSWER', field: 'phone', value: '+84912345678' }, { type: 'INVALID', field: 'phone', reason: 'x' });
      expect(c.tags).to.deep.equal(['ask:situation']);
      expect(c.context.fields).to.deep.equal({});
      expect(c.context.misses).to.equal(0);
    });
  });

  describe('Branch A: success not credited', () => {
    it('shows the top-up with a masked account, then closes wrong_account', () => {
      const c = checkedWith('success_not_credited', FINDINGS.success);
      expect(c.tags).to.deep.equal(['ask:isOwnAccount']);
      expect(c.says.at(-1)).to.deep.equal({
        type: 'say',
        key: 'outcome:topupFound',
        vars: { service: 'Naruto Đại Chiến', at: '2026-11-20T10:02:00+07:00', account: 'ni******10' },
      });
      c.takeKeys();
      c.send(no('isOwnAccount'));
      expectClosed(c, 'wrong_account');
      expect(c.says.at(-1)?.vars).to.deep.equal({ ticketCode: TICKET });
      expect(c.takeKeys()).to.deep.equal(['outcome:closed.wrong_account']);
    });

    it('gives the provider hotline and closes provider_contact', () => {
      const c = checkedWith('success_not_credited', FINDINGS.success);
      c.send(yes('isOwnAccount'));
      expect(c.tags).to.deep.equal(['ask:providerChoice']);
      c.takeKeys();
      c.send({ type: 'ANSWER', field: 'providerChoice', value: 'call' });
      expectClosed(c, 'provider_contact');
      expect(c.says.map((s) => [s.key, s.vars])).to.deep.equal([
        ['outcome:providerHotline', { service: 'Naruto Đại Chiến', hotline: '1900 1234' }],
        ['outcome:closed.provider_contact', { ticketCode: TICKET }],
      ]);
    });

    it('sends the customer to the game support when the catalogue has no hotline', () => {
      const c = startComplaint();
      const events = untilCardCheck('success_not_credited').map((e) =>
        e.type === 'ANSWER' && e.field === 'service' ? { ...e, value: SERVICE_WITHOUT_HOTLINE } : e,
      );
      c.send(...events, { type: 'CARD_CHECKED', findings: FINDINGS.success }, yes('isOwnAccount'));
      c.takeKeys();
      c.send({ type: 'ANSWER', field: 'providerChoice', value: 'call' });
      expect(c.says.at(-2)).to.deep.equal({ type: 'say', key: 'outcome:providerNoHotline', vars: { service: 'Game lạ' } });
      expectClosed(c, 'provider_contact');
    });

    it('hands off a provider investigation with a 3-working-day deadline', () => {
      const c = checkedWith('success_not_credited', FINDINGS.success);
      c.send(yes('isOwnAccount'), { type: 'ANSWER', field: 'providerChoice', value: 'investigate' });
      expectHandedOff(c, 'provider_investigation');
      expect(c.context.resolution).to.equal('provider_investigation');
    });

    it('closes provider_investigation when the agent reports the provider result', () => {
      const c = checkedWith('success_not_credited', FINDINGS.success);
      c.send(yes('isOwnAccount'), { type: 'ANSWER', field: 'providerChoice', value: 'investigate' });
      c.takeKeys();
      c.send({ type: 'AGENT_RESOLVED', resolution: 'provider_investigation' });
      expectClosed(c, 'provider_investigation');
      expect(c.takeKeys()).to.deep.equal(['outcome:closed.provider_investigation']);
    });

    it('re-verifies when no successful top-up exists', () => {
      const c = checkedWith('success_not_credited', FINDINGS.wrongCode);
      expectHandedOff(c, 're_verification');
      expect(c.context.resolution).to.equal(undefined);
      expect(c.context.findings).to.deep.equal(FINDINGS.wrongCode);
    });
  });

  describe('Branch B: failed top-up', () => {
    it('closes used_after_purchase with the time of use and the service', () => {
      const c = checkedWith('failed_card_used', FINDINGS.usedAfterSale);
      expectClosed(c, 'used_after_purchase');
      expect(c.says.map((s) => s.key)).to.deep.equal(['outcome:usedAfterPurchase', 'outcome:closed.used_after_purchase']);
      expect(c.says[0].vars).to.deep.equal({ usedAt: '2026-11-20T10:02:00+07:00', service: 'Naruto Đại Chiến' });
    });

    it('asks for the card shell before the used_before_purchase exchange, then lists the exchange points', () => {
      const c = checkedWith('failed_card_used', FINDINGS.usedBeforeSale);
      expect(c.tags).to.deep.equal(['ask:cardShell']);
      expect(c.context.exchangeCase).to.equal('used_before_purchase');
      expect(c.context.resolution).to.equal(undefined);
      c.send(yes('cardShell'));
      expectClosed(c, 'used_before_purchase');
      expect(c.says.at(-1)?.vars).to.deep.equal({ points: '• Điểm A: 1 Lê Lợi, TP.HCM\n• Điểm B: 2 Tràng Tiền, Hà Nội' });
      expect(c.takeKeys()).to.deep.equal(['outcome:closed.used_before_purchase', 'outcome:exchangePoints']);
    });

    it('exchanges an issuer_error card (locked after sale) with the shell', () => {
      const c = checkedWith('failed_other', FINDINGS.lockedAfterSale);
      c.send(yes('cardShell'));
      expectClosed(c, 'issuer_error');
      expect(c.takeKeys()).to.deep.equal(['outcome:closed.issuer_error', 'outcome:exchangePoints']);
    });

    it('exchanges an issuer_error card (system_error attempt)', () => {
      const c = checkedWith('failed_card_not_found', FINDINGS.systemError);
      expect(c.context.exchangeCase).to.equal('issuer_error');
      c.send(yes('cardShell'));
      expectClosed(c, 'issuer_error');
    });

    it('refuses the exchange without a valid card shell (card_shell_invalid)', () => {
      const c = checkedWith('failed_card_used', FINDINGS.usedBeforeSale);
      c.send(no('cardShell'));
      expectClosed(c, 'card_shell_invalid');
      expect(c.takeKeys()).to.deep.equal(['outcome:closed.card_shell_invalid']);
    });

    it('guides the customer to re-enter serial and code (reenter_code)', () => {
      const c = checkedWith('failed_card_not_found', FINDINGS.wrongCode);
      expectClosed(c, 'reenter_code');
      expect(c.takeKeys()).to.deep.equal(['outcome:closed.reenter_code']);
      expect(c.context.fraudSignals).to.deep.equal([]);
    });

    it('re-verifies a used card without a recorded sale', () => {
      const c = checkedWith('failed_card_used', FINDINGS.usedNoSale);
      expectHandedOff(c, 're_verification');
    });
  });

  describe('unknown serial', () => {
    it('asks to re-enter the serial once and checks again without the summary or a second ticket', () => {
      const c = checkedWith('failed_card_not_found', FINDINGS.notFound);
      expect(c.tags).to.deep.equal(['ask:serial']);
      expect(c.context.serialReentered).to.equal(true);
      expect(c.says.at(-1)).to.deep.equal({ type: 'say', key: 'outcome:serialNotFound', vars: { serial: SERIAL } });
      c.send({ type: 'ANSWER', field: 'serial', value: '10001234567891' });
      expect(c.tags).to.deep.equal(['await:checkCard']);
      expect(c.context.fields.serial).to.equal('10001234567891');
      c.send({ type: 'CARD_CHECKED', findings: FINDINGS.wrongCode });
      expectClosed(c, 'reenter_code');
    });

    it('suspects fraud when the re-entered serial is unknown too', () => {
      const c = checkedWith('failed_card_not_found', FINDINGS.notFound);
      c.send({ type: 'ANSWER', field: 'serial', value: '10001234567891' }, { type: 'CARD_CHECKED', findings: FINDINGS.notFound });
      expectHandedOff(c, 'fraud_suspected');
      expect(c.context.fraudSignals).to.deep.equal(['serial_unknown_after_reentry']);
    });
  });

  describe('fraud', () => {
    const signals = {
      serialInOtherComplaint: 'serial_in_other_complaint',
      manySerials: 'many_serials_short_time',
      inactiveWithoutSale: 'inactive_without_sale',
      denominationMismatch: 'denomination_mismatch',
      placeMismatch: 'purchase_place_mismatch',
    } as const;
    for (const [name, signal] of Object.entries(signals)) {
      it(`hands off ${signal} as fraud_suspected and records the signal`, () => {
        const c = checkedWith('failed_card_inactive', FINDINGS[name as keyof typeof signals]);
        expectHandedOff(c, 'fraud_suspected');
        expect(c.context.fraudSignals).to.deep.equal([signal]);
      });
    }

    it('closes fraud_refused when the agent refuses', () => {
      const c = checkedWith('failed_other', FINDINGS.placeMismatch);
      c.takeKeys();
      c.send({ type: 'AGENT_RESOLVED', resolution: 'fraud_refused' });
      expectClosed(c, 'fraud_refused');
      expect(c.takeKeys()).to.deep.equal(['outcome:closed.fraud_refused']);
      expect(c.context.fraudSignals).to.deep.equal(['purchase_place_mismatch']);
    });
  });

  describe('Article 3: one month', () => {
    it('refuses an expired complaint, records a ticket and closes expired', () => {
      const c = startComplaint();
      c.send(...intake('failed_card_used', OLD_TX).slice(0, 7));
      expect(c.tags).to.deep.equal(['await:createTicket']);
      expect(c.says.at(-1)).to.deep.equal({
        type: 'say',
        key: 'outcome:expired',
        vars: { transactionAt: OLD_TX, limit: '2026-11-24T10:00:00+07:00' },
      });
      c.send({ type: 'TICKET_CREATED', code: TICKET });
      expectClosed(c, 'expired');
      expect(c.says.at(-1)?.key).to.equal('outcome:closed.expired');
    });

    it('counts from when the complaint was made, not from the later answer', () => {
      const c = startComplaint();
      const events = intake('failed_card_used', '2026-10-25T10:00:00+07:00');
      // The complaint starts exactly one month after the top-up; the time is given 5 minutes later.
      c.actor.send({ ...(events[0] as { type: 'ANSWER'; field: 'situation'; value: Situation }), now: NOW });
      for (const e of events.slice(1)) c.actor.send({ ...e, now: '2026-11-25T10:05:00+07:00' } as never);
      expect(c.tags).to.deep.equal(['ask:confirm']);
    });

    it('re-checks a transaction time corrected from the summary', () => {
      const c = startComplaint();
      c.send(...intake('failed_card_used'), { type: 'EDIT', field: 'transactionAt' });
      expect(c.tags).to.deep.equal(['ask:transactionAt']);
      c.send({ type: 'ANSWER', field: 'transactionAt', value: OLD_TX });
      expect(c.tags).to.deep.equal(['await:createTicket']);
      expect(c.context.resolution).to.equal('expired');
      c.send({ type: 'TICKET_CREATED', code: TICKET });
      expectClosed(c, 'expired');
    });
  });

  describe('out of scope', () => {
    it('explains, records a ticket and closes out_of_scope when it is not a BIT card', () => {
      const c = startComplaint();
      c.takeKeys();
      c.send({ type: 'ANSWER', field: 'situation', value: 'failed_other' }, { type: 'ANSWER', field: 'isBitCard', value: false });
      expect(c.takeKeys()).to.deep.equal(['outcome:outOfScope']);
      expect(c.tags).to.deep.equal(['await:createTicket']);
      c.send({ type: 'TICKET_CREATED', code: TICKET });
      expectClosed(c, 'out_of_scope');
      expect(c.takeKeys()).to.deep.equal(['outcome:closed.out_of_scope']);
    });
  });

  describe('other situation', () => {
    it('records a ticket, hands off other_situation, and closes agent_resolved when the agent resolves', () => {
      const c = startComplaint();
      c.send(...intake('other'), { type: 'ANSWER', field: 'confirm', value: true });
      expect(c.tags).to.deep.equal(['await:createTicket']);
      c.send({ type: 'TICKET_CREATED', code: TICKET });
      expectHandedOff(c, 'other_situation');
      c.send({ type: 'AGENT_RESOLVED', resolution: 'agent_resolved' });
      expectClosed(c, 'agent_resolved');
      expect(c.says.at(-1)).to.deep.equal({ type: 'say', key: 'outcome:closed.agent_resolved', vars: { ticketCode: TICKET } });
    });

    it('only lets the customer correct the fields it asked', () => {
      const c = startComplaint();
      c.send(...intake('other'), { type: 'EDIT', field: 'serial' }, { type: 'ANSWER', field: 'confirm', value: 'service' });
      expect(c.tags).to.deep.equal(['ask:confirm']);
      c.send({ type: 'EDIT', field: 'phone' });
      expect(c.tags).to.deep.equal(['ask:phone']);
    });
  });

  describe('card system unavailable', () => {
    it('says the check is delayed and hands off card_system_unavailable', () => {
      const c = startComplaint();
      c.send(...untilCardCheck('failed_other'));
      c.takeKeys();
      c.send({ type: 'CARD_SYSTEM_FAILED', error: 'timeout' });
      expect(c.says.slice(-2).map((s) => s.key)).to.deep.equal(['outcome:checkDelayed', 'outcome:handoff.card_system_unavailable']);
      expectHandedOff(c, 'card_system_unavailable');
      expect(c.context.cardSystemError).to.equal('timeout');
    });
  });

  describe('asking for a person', () => {
    it('records the ticket first when none exists (customer_request)', () => {
      const c = startComplaint();
      c.send({ type: 'ANSWER', field: 'situation', value: 'failed_other' }, { type: 'ASK_AGENT' });
      expect(c.tags).to.deep.equal(['await:createTicket']);
      c.send({ type: 'ASK_AGENT' }, { type: 'TICKET_CREATED', code: TICKET });
      expectHandedOff(c, 'customer_request');
    });

    it('goes straight to the queue when the ticket exists', () => {
      const c = startComplaint();
      c.send(...untilCardCheck('failed_other'));
      const tagsSeen: string[] = [];
      c.actor.subscribe((s) => tagsSeen.push(...s.tags));
      c.send({ type: 'ASK_AGENT' });
      expect(tagsSeen).to.not.include('await:createTicket');
      expectHandedOff(c, 'customer_request');
    });

    it('promises a live handoff a first answer in 15 working minutes, not 3 working days', () => {
      const c = startComplaint();
      // Friday 13 Feb 2026 at 11:50: ten minutes before the lunch break, five after it.
      c.actor.send({ type: 'ASK_AGENT', now: '2026-02-13T11:50:00+07:00' });
      c.actor.send({ type: 'TICKET_CREATED', code: TICKET, now: '2026-02-13T11:50:01+07:00' });
      expectHandedOff(c, 'customer_request', '2026-02-13T13:35:00+07:00');
      expect(c.says.map((e) => e.key)).to.not.include('outcome:agentsAway');
    });

    it('outside working hours tells the customer when agents are back (17:59 Friday, holiday Monday)', () => {
      const c = startComplaint();
      // Friday 24 Apr 2026 at 17:59; Monday 27 Apr is a holiday in TEST_CONFIG.
      c.actor.send({ type: 'ASK_AGENT', now: '2026-04-24T17:59:00+07:00' });
      c.actor.send({ type: 'TICKET_CREATED', code: TICKET, now: '2026-04-24T17:59:01+07:00' });
      expect(c.context.firstResponseDue).to.equal('2026-04-28T08:15:00+07:00');
      expect(c.says.at(-1)).to.deep.equal({ type: 'say', key: 'outcome:agentsAway', vars: { backAt: '2026-04-28T08:00:00+07:00' } });
    });

    it('counts a check\'s 3 working days around Tết, to the close of the last one', () => {
      const c = checkedWith('success_not_credited', FINDINGS.wrongCode, '2026-02-13T10:00:00+07:00');
      // Friday 13 Feb 2026; 16–20 Feb are holidays in TEST_CONFIG: Mon 23, Tue 24, Wed 25.
      expectHandedOff(c, 're_verification', '2026-02-25T17:30:00+07:00');
    });
  });

  describe('bad answers', () => {
    const invalid: EventWithoutNow = { type: 'INVALID', field: 'phone', reason: 'not a phone number' };

    it('offers an agent after maxMisses invalid answers and hands off repeated_misses on yes', () => {
      const c = startComplaint();
      c.send(...intake('failed_other').slice(0, 8));
      expect(c.tags).to.deep.equal(['ask:phone']);
      c.send(invalid, invalid);
      expect(c.tags).to.deep.equal(['ask:phone']);
      expect(c.context.misses).to.equal(2);
      c.send(invalid);
      expect(c.tags).to.deep.equal(['ask:offerAgent']);
      c.send(yes('offerAgent'));
      expect(c.tags).to.deep.equal(['await:createTicket']);
      c.send({ type: 'TICKET_CREATED', code: TICKET });
      expectHandedOff(c, 'repeated_misses');
    });

    it('returns to the same question with a fresh count on no', () => {
      const c = startComplaint();
      c.send(...intake('failed_other').slice(0, 8), invalid, invalid, invalid, no('offerAgent'));
      expect(c.tags).to.deep.equal(['ask:phone']);
      expect(c.context.misses).to.equal(0);
      c.send(invalid, { type: 'ANSWER', field: 'phone', value: '+84912345678' });
      expect(c.context.misses).to.equal(0);
      expect(c.tags).to.deep.equal(['ask:email']);
    });

    it('keeps a correction going through the offer of an agent', () => {
      const c = startComplaint();
      c.send(...intake('failed_other'), { type: 'ANSWER', field: 'confirm', value: 'phone' });
      expect(c.context.editing).to.equal('phone');
      c.send(invalid, invalid, invalid, no('offerAgent'), { type: 'ANSWER', field: 'phone', value: '+84987654321' });
      expect(c.tags).to.deep.equal(['ask:confirm']);
      expect(c.context.editing).to.equal(undefined);
      expect(c.context.fields.phone).to.equal('+84987654321');
    });
  });

  describe('summary corrections', () => {
    it('corrects a field and comes back to the summary', () => {
      const c = startComplaint();
      c.send(...intake('failed_card_used'), { type: 'EDIT', field: 'denomination' });
      expect(c.tags).to.deep.equal(['ask:denomination']);
      expect(c.context.editing).to.equal('denomination');
      c.send({ type: 'ANSWER', field: 'denomination', value: 100000 });
      expect(c.tags).to.deep.equal(['ask:confirm']);
      expect(c.context.fields.denomination).to.equal(100000);
      expect(c.context.editing).to.equal(undefined);
    });

    it('ignores EDIT outside the summary', () => {
      const c = startComplaint();
      c.send(...intake('failed_card_used').slice(0, 4), { type: 'EDIT', field: 'service' });
      expect(c.tags).to.deep.equal(['ask:serial']);
    });
  });

  describe('cancel and restart', () => {
    it('cancels before a ticket exists', () => {
      const c = startComplaint();
      c.send({ type: 'ANSWER', field: 'situation', value: 'failed_other' });
      c.takeKeys();
      c.send({ type: 'CANCEL' });
      expect(c.actor.getSnapshot().status).to.equal('done');
      expect(c.actor.getSnapshot().value).to.equal('cancelled');
      expect(c.context.status).to.equal('cancelled');
      expect(c.takeKeys()).to.deep.equal(['outcome:cancelled']);
    });

    it('cancels with the ticket code once a ticket exists', () => {
      const c = checkedWith('failed_card_used', FINDINGS.usedBeforeSale);
      c.takeKeys();
      c.send({ type: 'CANCEL' });
      expect(c.context.status).to.equal('cancelled');
      expect(c.says.at(-1)).to.deep.equal({ type: 'say', key: 'outcome:cancelledWithTicket', vars: { ticketCode: TICKET } });
    });

    it('restarts with a fresh context and the new complaint id, keeping the config', () => {
      const c = startComplaint();
      c.send(...intake('failed_card_used').slice(0, 5), { type: 'INVALID', field: 'purchasePlace', reason: 'x' });
      c.takeKeys();
      c.send({ type: 'RESTART', complaintId: 'C-2' });
      expect(c.takeKeys()).to.deep.equal(['outcome:restarted']);
      expect(c.tags).to.deep.equal(['ask:situation']);
      expect(stored(c.context)).to.deep.equal({
        complaintId: 'C-2',
        config: c.context.config,
        fields: {},
        misses: 0,
        serialReentered: false,
        fraudSignals: [],
        status: 'open',
      });
    });

    it('restarts from the offer of an agent back to the first question', () => {
      const c = startComplaint();
      const bad: EventWithoutNow = { type: 'INVALID', field: 'situation', reason: 'x' };
      c.send(bad, bad, bad);
      expect(c.tags).to.deep.equal(['ask:offerAgent']);
      c.send({ type: 'RESTART', complaintId: 'C-2' });
      expect(c.tags).to.deep.equal(['ask:situation']);
    });
  });

  describe('handed off', () => {
    it('ignores everything but AGENT_RESOLVED and HAND_BACK', () => {
      const c = checkedWith('failed_card_used', FINDINGS.usedNoSale);
      const before = c.actor.getSnapshot();
      c.takeKeys();
      c.send(
        { type: 'ANSWER', field: 'situation', value: 'other' },
        { type: 'CANCEL' },
        { type: 'RESTART', complaintId: 'C-9' },
        { type: 'ASK_AGENT' },
        { type: 'EDIT', field: 'phone' },
        { type: 'CARD_CHECKED', findings: FINDINGS.wrongCode },
        { type: 'TICKET_CREATED', code: 'KN-OTHER' },
        { type: 'INVALID', field: 'phone', reason: 'x' },
      );
      expect(c.actor.getSnapshot().value).to.equal('handedOff');
      expect(c.context).to.deep.equal(before.context);
      expect(c.takeKeys()).to.deep.equal([]);
    });

    it('hands back to the bot: says so and asks the situation of a new complaint', () => {
      const c = checkedWith('failed_card_used', FINDINGS.usedNoSale);
      c.takeKeys();
      c.send({ type: 'HAND_BACK', complaintId: 'C-2' });
      expect(c.takeKeys()).to.deep.equal(['outcome:botBack']);
      expect(c.tags).to.deep.equal(['ask:situation']);
      // A new complaint id: the next complaint gets its own ticket, the agent's stays as it is.
      expect(c.context.complaintId).to.equal('C-2');
      expect(stored(c.context)).to.deep.equal({
        complaintId: 'C-2',
        config: c.context.config,
        fields: {},
        misses: 0,
        serialReentered: false,
        fraudSignals: [],
        status: 'open',
      });
    });
  });
});
