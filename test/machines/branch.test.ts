import { expect } from 'chai';
import { decideBranch, type BranchInput } from '../../machines/complaint/branch';
import type { Situation } from '../../machines/complaint/types';
import { card, FINDINGS, findings, TEST_CONFIG, topup } from './fixtures';

function input(situation: Situation, serialReentered = false): BranchInput {
  return {
    situation,
    serialReentered,
    config: TEST_CONFIG,
    fields: { denomination: 50000, purchasePlace: 'Đại lý Minh Anh', serial: '10001234567890' },
  };
}

const FAILED: Situation[] = ['failed_card_used', 'failed_card_not_found', 'failed_card_inactive', 'failed_other'];

describe('decideBranch (Step 3)', () => {
  describe('unknown serial (404)', () => {
    it('asks to re-enter the serial the first time', () => {
      expect(decideBranch(input('failed_card_not_found'), FINDINGS.notFound)).to.deep.equal({
        fraudSignals: [],
        decision: { next: 'reenterSerial' },
      });
    });

    it('suspects fraud when the re-entered serial is unknown too', () => {
      expect(decideBranch(input('failed_card_not_found', true), FINDINGS.notFound)).to.deep.equal({
        fraudSignals: ['serial_unknown_after_reentry'],
        decision: { next: 'handoff', reason: 'fraud_suspected' },
      });
    });

    it('applies to Branch A as well', () => {
      expect(decideBranch(input('success_not_credited'), FINDINGS.notFound).decision).to.deep.equal({ next: 'reenterSerial' });
    });
  });

  describe('Branch A (success not credited)', () => {
    it('shows the successful top-up', () => {
      const branch = decideBranch(input('success_not_credited'), FINDINGS.success);
      expect(branch.decision).to.deep.equal({ next: 'askOwnAccount', topup: FINDINGS.success.topups[0] });
    });

    it('picks the newest success among the attempts', () => {
      const newest = topup({ id: 'TP-9', result: 'success', error: undefined });
      const older = topup({ id: 'TP-1', result: 'success', error: undefined, at: '2026-11-19T10:00:00+07:00' });
      const f = findings({ card: card({ status: 'used', usedAt: newest.at }), topups: [topup({ id: 'TP-10' }), newest, older] });
      expect(decideBranch(input('success_not_credited'), f).decision).to.deep.equal({ next: 'askOwnAccount', topup: newest });
    });

    it('re-verifies when the system has no successful top-up', () => {
      expect(decideBranch(input('success_not_credited'), FINDINGS.wrongCode).decision).to.deep.equal({
        next: 'handoff',
        reason: 're_verification',
      });
    });
  });

  describe('Branch B (failed top-up)', () => {
    for (const situation of FAILED) {
      it(`${situation}: decides on the card record, whatever the message the customer saw`, () => {
        const next = (f: typeof FINDINGS.success) => decideBranch(input(situation), f).decision;
        expect(next(FINDINGS.usedAfterSale)).to.deep.equal({ next: 'close', resolution: 'used_after_purchase' });
        expect(next(FINDINGS.usedBeforeSale)).to.deep.equal({ next: 'askCardShell', exchangeCase: 'used_before_purchase' });
        expect(next(FINDINGS.usedNoSale)).to.deep.equal({ next: 'handoff', reason: 're_verification' });
        expect(next(FINDINGS.lockedAfterSale)).to.deep.equal({ next: 'askCardShell', exchangeCase: 'issuer_error' });
        expect(next(FINDINGS.systemError)).to.deep.equal({ next: 'askCardShell', exchangeCase: 'issuer_error' });
        expect(next(FINDINGS.wrongCode)).to.deep.equal({ next: 'close', resolution: 'reenter_code' });
        expect(next(FINDINGS.noAttempts)).to.deep.equal({ next: 'close', resolution: 'reenter_code' });
        expect(next(FINDINGS.inconsistent)).to.deep.equal({ next: 'handoff', reason: 're_verification' });
      });
    }

    it('guides an active card never tried to re-enter serial and code, in every failed situation (the customer typed another card)', () => {
      expect(FINDINGS.noAttempts.topups).to.deep.equal([]);
      expect(FINDINGS.noAttempts.card?.status).to.equal('active');
      for (const situation of FAILED) {
        expect(decideBranch(input(situation), FINDINGS.noAttempts)).to.deep.equal({
          fraudSignals: [],
          decision: { next: 'close', resolution: 'reenter_code' },
        });
      }
      // Not when a fraud signal shows the data do not match, nor when an attempt says otherwise.
      const otherValue = decideBranch({ ...input('failed_card_not_found'), fields: { ...input('failed_card_not_found').fields, denomination: 200000 } }, FINDINGS.noAttempts);
      expect(otherValue.decision).to.deep.equal({ next: 'handoff', reason: 'fraud_suspected' });
      const usedAttempt = findings({ topups: [topup({ error: 'card_used' })] });
      expect(decideBranch(input('failed_card_not_found'), usedAttempt).decision).to.deep.equal({ next: 'handoff', reason: 're_verification' });
    });

    it('treats an inactive card with a recorded sale as the issuer error', () => {
      const f = findings({ card: card({ status: 'inactive' }) });
      expect(decideBranch(input('failed_card_inactive'), f).decision).to.deep.equal({
        next: 'askCardShell',
        exchangeCase: 'issuer_error',
      });
    });

    it('looks at the card status before the attempts (a used card with a system error is still "used")', () => {
      const f = findings({ card: card({ status: 'used', usedAt: '2026-11-20T10:02:00+07:00' }), topups: [topup({ error: 'system_error' })] });
      expect(decideBranch(input('failed_other'), f).decision).to.deep.equal({ next: 'close', resolution: 'used_after_purchase' });
    });

    it('re-verifies a used card whose use and sale have the same instant, or no use time', () => {
      const same = findings({ card: card({ status: 'used', usedAt: card().soldAt }) });
      const noUse = findings({ card: card({ status: 'used' }) });
      expect(decideBranch(input('failed_card_used'), same).decision).to.deep.equal({ next: 'handoff', reason: 're_verification' });
      expect(decideBranch(input('failed_card_used'), noUse).decision).to.deep.equal({ next: 'handoff', reason: 're_verification' });
    });

    it('re-verifies a locked card without a sale (nothing says it was the issuer)', () => {
      const f = findings({ card: card({ status: 'locked', soldAt: undefined, soldBy: undefined }) });
      expect(decideBranch(input('failed_other'), f).decision).to.deep.equal({ next: 'handoff', reason: 're_verification' });
    });
  });

  describe('fraud signals', () => {
    const cases = {
      serialInOtherComplaint: 'serial_in_other_complaint',
      manySerials: 'many_serials_short_time',
      inactiveWithoutSale: 'inactive_without_sale',
      denominationMismatch: 'denomination_mismatch',
      placeMismatch: 'purchase_place_mismatch',
    } as const;
    for (const [name, signal] of Object.entries(cases)) {
      it(`${signal} hands off as suspected fraud in every situation`, () => {
        for (const situation of [...FAILED, 'success_not_credited'] as Situation[]) {
          expect(decideBranch(input(situation), FINDINGS[name as keyof typeof cases])).to.deep.equal({
            fraudSignals: [signal],
            decision: { next: 'handoff', reason: 'fraud_suspected' },
          });
        }
      });
    }

    it('are recorded even when the 404 branch asks to re-enter first', () => {
      const f = findings({ card: null, otherComplaintsWithSerial: 1 });
      expect(decideBranch(input('failed_other'), f)).to.deep.equal({
        fraudSignals: ['serial_in_other_complaint'],
        decision: { next: 'reenterSerial' },
      });
    });
  });
});
