// Step 3: "Nếu không phù hợp và phát hiện khách hàng gian lận, Qpal sẽ từ chối giải quyết khiếu
// nại". The bot never refuses on its own: it records the signals below on the ticket and an agent
// decides (resolution fraud_refused or another one).
//
// Every signal, window and threshold is defined here (numbers in config/procedure.json); the models
// only run the look-ups `fraudLookups` asks for and `fraudCounts` reads what they found.
import { fold } from '../text/fold';
import { SITUATIONS, type CardFindings, type ComplaintContext, type ComplaintFields, type FraudSignal, type ProcedureConfig, type Situation } from './types';

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

/**
 * Article 2's failed top-ups ("kết quả trả về Không thành công"): a complaint in one of these
 * situations is about a serial that fails. Procedure: "several different serials failing from one
 * customer in a short time".
 */
export const FAILING_SITUATIONS: readonly Situation[] = SITUATIONS.filter((s) => s.startsWith('failed_'));

/** What earlier tickets the fraud rules need, as look-ups the models run with these parameters. */
export interface FraudLookups {
  /** Every ticket naming this serial, whoever made it. */
  serial: string;
  /** This customer's tickets created since `since` in one of `situations`; absent without a phone. */
  customer?: { phone: string; since: Date; situations: readonly Situation[] };
}

export function fraudLookups(
  context: Pick<ComplaintContext, 'fields' | 'config'>,
  now: Date,
): FraudLookups {
  const { serial = '', phone } = context.fields;
  const since = new Date(now.getTime() - context.config.fraudWindowHours * 3_600_000);
  return { serial, customer: phone ? { phone, since, situations: FAILING_SITUATIONS } : undefined };
}

/** An earlier ticket naming the serial, and who made it. */
export interface SerialComplaint {
  ticketCode: string;
  phone?: string;
  conversation?: string;
}

/** An earlier ticket of this customer that `fraudLookups` asked for. */
export interface CustomerComplaint {
  ticketCode: string;
  serial?: string;
}

/**
 * The complaint at hand as the fraud counts see it. `conversation` is the chat it came from
 * (absent for a phone ticket).
 */
export type ComplaintAtHand = Pick<ComplaintContext, 'fields' | 'situation' | 'ticketCode'> & { conversation?: string };

/**
 * "Another customer": another phone when both tickets have one; otherwise only a shared
 * conversation shows it is the same customer.
 */
export function isAnotherCustomer(other: SerialComplaint, self: ComplaintAtHand): boolean {
  if (self.fields.phone && other.phone) return other.phone !== self.fields.phone;
  return !(self.conversation && other.conversation === self.conversation);
}

/** The counts `detectFraudSignals` reads, from what the look-ups found. */
export function fraudCounts(
  self: ComplaintAtHand,
  found: { namingSerial: SerialComplaint[]; ofCustomer: CustomerComplaint[] },
): Pick<CardFindings, 'otherComplaintsWithSerial' | 'recentSerialsByCustomer'> {
  const earlier = (t: { ticketCode: string }) => t.ticketCode !== self.ticketCode;
  const otherComplaintsWithSerial = found.namingSerial.filter((t) => earlier(t) && isAnotherCustomer(t, self)).length;
  // The complaint at hand counts from its own answers: its ticket may still hold the serial the
  // customer has just re-entered.
  const serials = new Set(found.ofCustomer.filter(earlier).map((t) => t.serial).filter(Boolean));
  if (self.fields.serial && self.situation && FAILING_SITUATIONS.includes(self.situation)) serials.add(self.fields.serial);
  return { otherComplaintsWithSerial, recentSerialsByCustomer: serials.size };
}

/** Every fraud signal the findings show, in FRAUD_SIGNALS order. */
export function detectFraudSignals(
  fields: ComplaintFields,
  findings: CardFindings,
  config: Pick<ProcedureConfig, 'fraudManySerialsThreshold'>,
  opts: { serialReentered?: boolean } = {},
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
  // The first 404 is taken for a typing mistake (the customer types the serial again).
  if (!card && opts.serialReentered) signals.push('serial_unknown_after_reentry');
  return signals;
}
