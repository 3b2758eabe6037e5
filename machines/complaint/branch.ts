// Article 5, Step 3: what the card system's records mean for the complaint. Kept apart from the
// machine so every row of procedure.md's branch table is a plain function call in a unit test.
import { detectFraudSignals } from './fraud';
import type { CardFindings, ComplaintContext, FraudSignal, Topup } from './types';

/** Exchange cases: Article 3 requires the card shell before a new card is promised. */
export type ExchangeResolution = NonNullable<ComplaintContext['exchangeCase']>;

export type BranchDecision =
  /** 404 the first time: the customer may have mistyped the serial. */
  | { next: 'reenterSerial' }
  | { next: 'handoff'; reason: 'fraud_suspected' | 're_verification' }
  /** Branch A: show the top-up and ask whether the account is the customer's. */
  | { next: 'askOwnAccount'; topup: Topup }
  | { next: 'close'; resolution: 'used_after_purchase' | 'reenter_code' }
  | { next: 'askCardShell'; exchangeCase: ExchangeResolution };

export interface Branch {
  /** Recorded on the ticket whatever the decision, for the agent. */
  fraudSignals: FraudSignal[];
  decision: BranchDecision;
}

export type BranchInput = Pick<ComplaintContext, 'situation' | 'fields' | 'serialReentered' | 'config'>;

const reVerify: BranchDecision = { next: 'handoff', reason: 're_verification' };

export function decideBranch(context: BranchInput, findings: CardFindings): Branch {
  const fraudSignals = detectFraudSignals(context.fields, findings, context.config, { serialReentered: context.serialReentered });
  const card = findings.card;

  if (!card) {
    // A mistyped serial is the likeliest cause of a 404, so the customer gets one more try
    // before an unknown serial counts against them (fraud.ts: `serial_unknown_after_reentry`).
    if (!context.serialReentered) return { fraudSignals, decision: { next: 'reenterSerial' } };
    return { fraudSignals, decision: { next: 'handoff', reason: 'fraud_suspected' } };
  }

  // Fraud comes first in every situation: Branch A would otherwise show a (masked) account to
  // someone whose data do not match the card.
  if (fraudSignals.length > 0) return { fraudSignals, decision: { next: 'handoff', reason: 'fraud_suspected' } };

  return { fraudSignals, decision: decideOnRecords(context, findings, card) };
}

function decideOnRecords(
  context: BranchInput,
  findings: CardFindings,
  card: NonNullable<CardFindings['card']>,
): BranchDecision {
  if (context.situation === 'success_not_credited') {
    // Topups come newest first; a success the customer was not credited for is the provider's to
    // investigate, so without one there is nothing to show and an agent re-verifies.
    const success = findings.topups.find((t) => t.result === 'success');
    return success ? { next: 'askOwnAccount', topup: success } : reVerify;
  }
  if (context.situation === undefined || context.situation === 'other') return reVerify;

  if (card.status === 'used') {
    if (!card.soldAt || !card.usedAt) return reVerify;
    const used = Date.parse(card.usedAt);
    const sold = Date.parse(card.soldAt);
    if (used > sold) return { next: 'close', resolution: 'used_after_purchase' };
    if (used < sold) return { next: 'askCardShell', exchangeCase: 'used_before_purchase' };
    return reVerify; // same instant: the records cannot tell who used it
  }

  const soldButUnusable = (card.status === 'inactive' || card.status === 'locked') && Boolean(card.soldAt);
  const systemError = findings.topups.some((t) => t.result === 'failed' && t.error === 'system_error');
  if (soldButUnusable || systemError) return { next: 'askCardShell', exchangeCase: 'issuer_error' };

  return card.status === 'active' ? activeCard(findings.topups) : reVerify;
}

const reenterCode: BranchDecision = { next: 'close', resolution: 'reenter_code' };

/**
 * Article 5, "Lỗi của khách hàng": a serial or code typed wrong; when the customer's data match
 * the system (no fraud signal, checked before), Qpal guides them to enter serial and code again.
 */
function activeCard(topups: Topup[]): BranchDecision {
  // Never tried: the top-up the customer saw fail did not reach this card, so they typed another
  // serial or code, and the card still holds its value. Not "used", not Qpal's technical error
  // (active, no system_error): the customer's error, decided as such (procedure.md, Step 3).
  if (topups.length === 0) return reenterCode;
  const typingErrorsOnly = topups.every((t) => t.result === 'failed' && (t.error === 'wrong_code' || t.error === 'card_not_found'));
  return typingErrorsOnly ? reenterCode : reVerify;
}
