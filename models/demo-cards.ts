import type { Connection } from 'mongoose';
import type { Situation } from '../machines/complaint/types';
import { cardModel, CardDoc } from './card';
import { topupModel, TopupAttempt } from './topup';
import { isDuplicateKey } from './duplicate-key';

// Demo data for the built-in card system: one serial per Step 3 branch of procedure.md, so the
// whole procedure can be walked on a fresh machine. Times are relative to the seeding instant and
// re-seeding refreshes them, so every demo stays inside Article 3's one-month window.

/** Serials the built-in server answers without looking at the database (simulated outages). */
export const OUTAGE_SERIALS = {
  /** Both endpoints answer HTTP 500. */
  serverError: '10002026000500',
  /** Both endpoints never answer: the bot's client gives up after CARD_SYSTEM_TIMEOUT_MS. */
  hang: '10002026000408',
} as const;

/** A serial that is in no table: the card system answers 404 not_found. */
export const UNKNOWN_SERIAL = '10002026000404';

export interface DemoCardRow {
  serial: string;
  branch: string;
  situationToChoose: Situation;
  /** What the tester types when asked (service, denomination, place of purchase, time). */
  whatToType: string;
  expected: string;
}

type CardData = Omit<CardDoc, '_id'>;
type TopupData = TopupAttempt;

interface DemoCard extends DemoCardRow {
  build?: (now: Date) => { card: CardData; topups: TopupData[] };
}

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** `now` shifted and cut to the minute, so the times read like ones a shop would record. */
function ago(now: Date, ms: number): Date {
  const t = now.getTime() - ms;
  return new Date(t - (t % 60_000));
}

const MINH_ANH = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };
const HOANG_LONG = { name: 'Cửa hàng Hoàng Long', address: '45 Trần Phú, Hà Đông, Hà Nội' };
const THU_TRANG = { name: 'Tạp hóa Thu Trang', address: '8 Nguyễn Trãi, Q.5, TP.HCM' };

const NARUTO = 'Naruto Đại Chiến';
const CUU_AM = 'Cửu Âm Chân Kinh';
const BANG_BANG = 'Bang Bang';

function hint(service: string, denomination: string, place: { name: string; address: string } | string, when = '20h hôm qua'): string {
  const where = typeof place === 'string' ? place : `${place.name}, ${place.address}`;
  return `Dịch vụ: ${service} · Mệnh giá: ${denomination} · Nơi mua: ${where} · Thời điểm nạp: ${when}`;
}

const sold = (now: Date, by = MINH_ANH) => ({ activatedAt: ago(now, 20 * DAY), soldAt: ago(now, 3 * DAY), soldBy: by });

const DEMOS: DemoCard[] = [
  {
    serial: '10002026000001',
    branch: 'A: successful top-up, provider acknowledged',
    situationToChoose: 'success_not_credited',
    whatToType: hint(NARUTO, '50.000đ', MINH_ANH),
    expected:
      'Shows Naruto Đại Chiến, the time and the masked account. "Not my account" → wrong_account; ' +
      '"my account" → call the provider (provider_contact, hotline) or Qpal investigates (provider_investigation, agent, 3 working days).',
    build: (now) => ({
      card: { denomination: 50000, status: 'used', ...sold(now), usedAt: ago(now, DAY), usedBy: { service: NARUTO, account: 'ninja_2010' } },
      topups: [{ id: 'TP-DEMO-0101', at: ago(now, DAY), service: NARUTO, account: 'ninja_2010', result: 'success', providerAck: true }],
    }),
  },
  {
    serial: '10002026000002',
    branch: 'A: successful top-up, provider did not acknowledge',
    situationToChoose: 'success_not_credited',
    whatToType: hint(CUU_AM, '100.000đ', MINH_ANH),
    expected:
      'As above (branch A); the agent sees providerAck=false. "My account" → provider_contact or provider_investigation; "not mine" → wrong_account.',
    build: (now) => ({
      card: { denomination: 100000, status: 'used', ...sold(now), usedAt: ago(now, DAY), usedBy: { service: CUU_AM, account: 'kiemkhach88' } },
      topups: [{ id: 'TP-DEMO-0201', at: ago(now, DAY), service: CUU_AM, account: 'kiemkhach88', result: 'success', providerAck: false }],
    }),
  },
  {
    // The redemption itself is left out of the top-ups on purpose: a successful top-up would read
    // as branch A, and these three demos are about the card's own status.
    serial: '10002026000003',
    branch: 'B used: used after purchase',
    situationToChoose: 'failed_card_used',
    whatToType: hint(NARUTO, '20.000đ', MINH_ANH),
    expected: 'No compensation: the bot gives the date/time of use (2 days ago) and the service (used_after_purchase).',
    build: (now) => ({
      card: { denomination: 20000, status: 'used', ...sold(now), usedAt: ago(now, 2 * DAY), usedBy: { service: NARUTO, account: 'hokage_99' } },
      topups: [{ id: 'TP-DEMO-0301', at: ago(now, DAY), service: NARUTO, account: 'sasuke_2012', result: 'failed', error: 'card_used' }],
    }),
  },
  {
    serial: '10002026000004',
    branch: 'B used: used before purchase',
    situationToChoose: 'failed_card_used',
    whatToType: hint(BANG_BANG, '50.000đ', MINH_ANH),
    expected: 'Asks about the card shell; "yes" → keep it and bring it to an exchange point (used_before_purchase); "no" → card_shell_invalid.',
    build: (now) => ({
      card: { denomination: 50000, status: 'used', ...sold(now), usedAt: ago(now, 5 * DAY), usedBy: { service: BANG_BANG, account: 'sniper_vn' } },
      topups: [{ id: 'TP-DEMO-0401', at: ago(now, DAY), service: BANG_BANG, account: 'bangbang_pro', result: 'failed', error: 'card_used' }],
    }),
  },
  {
    serial: '10002026000005',
    branch: 'B used: used, no sale recorded',
    situationToChoose: 'failed_card_used',
    whatToType: hint(NARUTO, '10.000đ', MINH_ANH),
    expected: 'Cannot tell: handed to an agent for re-verification (re_verification), deadline 3 working days.',
    build: (now) => ({
      card: { denomination: 10000, status: 'used', activatedAt: ago(now, 20 * DAY), usedAt: ago(now, 2 * DAY), usedBy: { service: NARUTO, account: 'itachi_x' } },
      topups: [{ id: 'TP-DEMO-0501', at: ago(now, DAY), service: NARUTO, account: 'naruto_fan', result: 'failed', error: 'card_used' }],
    }),
  },
  {
    serial: '10002026000006',
    branch: 'B other: inactive card with a sale',
    situationToChoose: 'failed_card_inactive',
    whatToType: hint(CUU_AM, '20.000đ', MINH_ANH),
    expected: "Qpal's technical error: asks about the card shell; \"yes\" → exchange (issuer_error).",
    build: (now) => ({
      card: { denomination: 20000, status: 'inactive', soldAt: ago(now, 3 * DAY), soldBy: MINH_ANH },
      topups: [{ id: 'TP-DEMO-0601', at: ago(now, DAY), service: CUU_AM, account: 'kiemkhach88', result: 'failed', error: 'card_inactive' }],
    }),
  },
  {
    serial: '10002026000007',
    branch: 'B other: locked card with a sale',
    situationToChoose: 'failed_card_inactive',
    whatToType: hint(NARUTO, '50.000đ', MINH_ANH),
    expected: "Qpal's technical error: asks about the card shell; \"yes\" → exchange (issuer_error).",
    build: (now) => ({
      card: { denomination: 50000, status: 'locked', ...sold(now) },
      topups: [{ id: 'TP-DEMO-0701', at: ago(now, DAY), service: NARUTO, account: 'ninja_2010', result: 'failed', error: 'card_inactive' }],
    }),
  },
  {
    serial: '10002026000008',
    branch: 'B other: attempt failed with system_error',
    situationToChoose: 'failed_other',
    whatToType: hint(BANG_BANG, '100.000đ', MINH_ANH),
    expected: "Qpal's technical error: asks about the card shell; \"yes\" → exchange (issuer_error).",
    build: (now) => ({
      card: { denomination: 100000, status: 'active', ...sold(now) },
      topups: [{ id: 'TP-DEMO-0801', at: ago(now, DAY), service: BANG_BANG, account: 'sniper_vn', result: 'failed', error: 'system_error' }],
    }),
  },
  {
    serial: '10002026000009',
    branch: 'B customer error: wrong code, data match',
    situationToChoose: 'failed_card_not_found',
    whatToType: hint(NARUTO, '20.000đ', MINH_ANH),
    expected: 'Guides the customer to re-enter serial and code carefully (reenter_code).',
    build: (now) => ({
      card: { denomination: 20000, status: 'active', ...sold(now) },
      topups: [
        { id: 'TP-DEMO-0902', at: ago(now, DAY), service: NARUTO, account: 'ninja_2010', result: 'failed', error: 'wrong_code' },
        { id: 'TP-DEMO-0901', at: ago(now, DAY + HOUR), service: NARUTO, account: 'ninja_2010', result: 'failed', error: 'wrong_code' },
      ],
    }),
  },
  {
    serial: '10002026000010',
    branch: 'B customer error: denomination differs (card is 100.000đ)',
    situationToChoose: 'failed_card_not_found',
    whatToType: hint(NARUTO, '200.000đ', MINH_ANH),
    expected: 'Fraud signal denomination_mismatch: handed to an agent (fraud_suspected); the agent may refuse (fraud_refused).',
    build: (now) => ({
      card: { denomination: 100000, status: 'active', ...sold(now) },
      topups: [{ id: 'TP-DEMO-1001', at: ago(now, DAY), service: NARUTO, account: 'ninja_2010', result: 'failed', error: 'wrong_code' }],
    }),
  },
  {
    serial: '10002026000011',
    branch: 'B customer error: inactive card, no sale recorded',
    situationToChoose: 'failed_card_inactive',
    whatToType: hint(CUU_AM, '50.000đ', THU_TRANG),
    expected: 'Fraud signal inactive_without_sale: handed to an agent (fraud_suspected).',
    build: (now) => ({
      card: { denomination: 50000, status: 'inactive' },
      topups: [{ id: 'TP-DEMO-1101', at: ago(now, DAY), service: CUU_AM, account: 'kiemkhach88', result: 'failed', error: 'card_inactive' }],
    }),
  },
  {
    serial: '10002026000012',
    branch: 'B customer error: sold by Cửa hàng Hoàng Long (Hà Nội), customer names another shop',
    situationToChoose: 'failed_card_not_found',
    whatToType: hint(BANG_BANG, '20.000đ', THU_TRANG),
    expected:
      'Fraud signal purchase_place_mismatch: handed to an agent (fraud_suspected). Typing "Cửa hàng Hoàng Long, 45 Trần Phú, Hà Đông" instead gives reenter_code.',
    build: (now) => ({
      card: { denomination: 20000, status: 'active', ...sold(now, HOANG_LONG) },
      topups: [{ id: 'TP-DEMO-1201', at: ago(now, DAY), service: BANG_BANG, account: 'sniper_vn', result: 'failed', error: 'wrong_code' }],
    }),
  },
  {
    serial: UNKNOWN_SERIAL,
    branch: 'Serial unknown to the card system (404)',
    situationToChoose: 'failed_card_not_found',
    whatToType: hint(NARUTO, '50.000đ', MINH_ANH),
    expected: 'Asks to check and re-enter the serial; the same serial again → fraud signal serial_unknown_after_reentry, agent.',
  },
  {
    serial: OUTAGE_SERIALS.serverError,
    branch: 'Card system unreachable: answers HTTP 500',
    situationToChoose: 'failed_other',
    whatToType: hint(NARUTO, '50.000đ', MINH_ANH),
    expected: 'Tells the customer the check is delayed; ticket kept and handed to an agent (card_system_unavailable), 3 working days.',
  },
  {
    serial: OUTAGE_SERIALS.hang,
    branch: 'Card system unreachable: never answers (time-out)',
    situationToChoose: 'failed_other',
    whatToType: hint(NARUTO, '50.000đ', MINH_ANH),
    expected: 'After CARD_SYSTEM_TIMEOUT_MS (3 s): same as the HTTP 500 case (card_system_unavailable).',
  },
];

// Each demo gets its own phone: with one phone for all, the third serial within the fraud window
// would add many_serials_short_time and send every later demo to an agent.
const demoPhone = (serial: string) => `0900 000 ${serial.slice(-3)}`;

export const DEMO_CARDS: readonly DemoCardRow[] = DEMOS.map(({ build: _build, ...row }) => ({
  ...row,
  whatToType: `${row.whatToType} · SĐT: ${demoPhone(row.serial)}`,
}));

/** Upserts every demo card and its top-ups; safe to run at every start. */
export async function seedDemoCards(conn: Connection, now: Date): Promise<void> {
  const Card = cardModel(conn);
  const Topup = topupModel(conn);
  const writes: Promise<unknown>[] = [];
  for (const demo of DEMOS) {
    if (!demo.build) continue;
    const { card, topups } = demo.build(now);
    writes.push(upsert(() => Card.replaceOne({ _id: demo.serial }, { _id: demo.serial, ...card }, { upsert: true })));
    // Replacing the whole list also drops attempts an older version of this table seeded.
    writes.push(upsert(() => Topup.replaceOne({ _id: demo.serial }, { _id: demo.serial, attempts: topups }, { upsert: true })));
  }
  await Promise.all(writes);
  // The serials that must stay unknown.
  const unseeded = DEMOS.filter((d) => !d.build).map((d) => d.serial);
  await Promise.all([Card.deleteMany({ _id: { $in: unseeded } }), Topup.deleteMany({ _id: { $in: unseeded } })]);
}

// Two processes seeding at once can both try to insert the same _id (upserts are not atomic on
// FerretDB); the loser's retry then finds the document and replaces it.
async function upsert(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await write();
  }
}

/** The demo table as Markdown, for the README. */
export function formatDemoTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '| Serial | Branch | Situation to choose | What to type | Expected |',
    '|---|---|---|---|---|',
    ...DEMO_CARDS.map(
      (d) => `| \`${d.serial}\` | ${cell(d.branch)} | \`${d.situationToChoose}\` | ${cell(d.whatToType)} | ${cell(d.expected)} |`,
    ),
  ];
  return lines.join('\n');
}
