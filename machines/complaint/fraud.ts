// Step 3: "Nếu không phù hợp và phát hiện khách hàng gian lận, Qpal sẽ từ chối giải quyết khiếu
// nại". The bot never refuses on its own: it records the signals below on the ticket and an agent
// decides (resolution fraud_refused or another one).
import { fold } from '../text/fold';
import type { CardFindings, ComplaintFields, FraudSignal, ProcedureConfig } from './types';

/**
 * Words that name a kind of shop or street rather than a particular one ("Đại lý", "Tiệm",
 * "Shop", "Đường"…). Sharing one of them says nothing about being the same point of sale.
 */
const GENERIC_PLACE_WORDS = new Set([
  'dai', 'ly', 'cua', 'hang', 'shop', 'tiem', 'quan', 'duong', 'pho',
  'the', 'cao', 'sim', 'dien', 'thoai', 'tap', 'hoa', 'sieu', 'thi', 'mart', 'store',
  'cty', 'tnhh', 'kiot', 'kiosk', 'phuong', 'huyen', 'tinh',
]);

function tokens(text: string): string[] {
  return fold(text).split(/[^a-z0-9]+/).filter(Boolean);
}

function significantTokens(text: string): string[] {
  return tokens(text).filter((t) => t.length >= 3 && !GENERIC_PLACE_WORDS.has(t));
}

/**
 * The customer's point of sale differs from the one the issuer recorded: none of the distinctive
 * words of the recorded shop name appear in what the customer wrote. Unknown on either side (or a
 * shop name made only of generic words) is not a mismatch: absence of data is not a signal.
 */
export function purchasePlaceMismatch(customerText: string | undefined, soldByName: string | undefined): boolean {
  if (!customerText || !soldByName) return false;
  const wanted = significantTokens(soldByName);
  if (wanted.length === 0) return false;
  const said = new Set(tokens(customerText));
  return !wanted.some((t) => said.has(t));
}

/** Every fraud signal the findings show, in FRAUD_SIGNALS order. */
export function detectFraudSignals(
  fields: ComplaintFields,
  findings: CardFindings,
  config: Pick<ProcedureConfig, 'fraudManySerialsThreshold'>,
): FraudSignal[] {
  const signals: FraudSignal[] = [];
  const card = findings.card;
  if (findings.otherComplaintsWithSerial > 0) signals.push('serial_in_other_complaint');
  if (findings.recentSerialsByCustomer >= config.fraudManySerialsThreshold) signals.push('many_serials_short_time');
  if (card && card.status === 'inactive' && !card.soldAt) signals.push('inactive_without_sale');
  if (card && fields.denomination !== undefined && fields.denomination !== card.denomination) {
    signals.push('denomination_mismatch');
  }
  if (card && purchasePlaceMismatch(fields.purchasePlace, card.soldBy?.name)) signals.push('purchase_place_mismatch');
  return signals;
}
