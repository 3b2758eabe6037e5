// Simulated customers for the benchmark: one script per branch of procedure.md, typed the way
// customers type (with and without diacritics, teen-code), each with its own card in the built-in
// card system so no two conversations share a serial or a phone (fraud rules would kick in).
import type { CardDoc } from '../../models/card';
import type { TopupAttempt } from '../../models/topup';

const DAY = 86_400_000;
const MINH_ANH = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };

export interface Seed {
  card?: Omit<CardDoc, '_id'>;
  topups?: Array<Omit<TopupAttempt, 'id'>>;
}

export interface Scenario {
  name: string;
  seed(now: Date): Seed;
  messages(serial: string, phone: string): string[];
}

const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);
const sold = (now: Date) => ({ activatedAt: ago(now, 20 * DAY), soldAt: ago(now, 3 * DAY), soldBy: MINH_ANH });
const spaced = (serial: string) => serial.replace(/(\d{4})(?=\d)/g, '$1 ');

function complaint(situation: string, serial: string, phone: string, after: string[], plain = false): string[] {
  const withMarks = [situation, 'có', 'naruto', '50k', spaced(serial), 'Đại lý Minh Anh 12 Lê Lợi', '8 giờ tối hôm qua', 'Đúng như vậy', phone, 'bỏ qua', 'Gửi khiếu nại', ...after];
  return plain ? withMarks.map((m) => m.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')) : withMarks;
}

const usedBy = { service: 'Naruto Đại Chiến', account: 'ninja_2010' };

export const SCENARIOS: Scenario[] = [
  {
    name: 'A wrong_account',
    seed: (now) => ({
      card: { denomination: 50000, status: 'used', ...sold(now), usedAt: ago(now, DAY), usedBy },
      topups: [{ at: ago(now, DAY), ...usedBy, result: 'success', providerAck: true }],
    }),
    messages: (s, p) => complaint('nap the thanh cong ma ko thay tien', s, p, ['không phải']),
  },
  {
    name: 'A provider_contact',
    seed: (now) => ({
      card: { denomination: 50000, status: 'used', ...sold(now), usedAt: ago(now, DAY), usedBy },
      topups: [{ at: ago(now, DAY), ...usedBy, result: 'success', providerAck: true }],
    }),
    messages: (s, p) => complaint('nạp thành công mà không được cộng tiền', s, p, ['đúng rồi', 'Tự gọi nhà cung cấp']),
  },
  {
    name: 'A provider_investigation',
    seed: (now) => ({
      card: { denomination: 50000, status: 'used', ...sold(now), usedAt: ago(now, DAY), usedBy },
      topups: [{ at: ago(now, DAY), ...usedBy, result: 'success', providerAck: false }],
    }),
    messages: (s, p) => complaint('Đã nạp, chưa cộng', s, p, ['có', 'Nhờ Qpal tra soát'], true),
  },
  {
    name: 'B used_after_purchase',
    seed: (now) => ({
      card: { denomination: 50000, status: 'used', ...sold(now), usedAt: ago(now, 2 * DAY), usedBy },
      topups: [{ at: ago(now, DAY), ...usedBy, result: 'failed', error: 'card_used' }],
    }),
    messages: (s, p) => complaint('báo thẻ đã được sử dụng', s, p, []),
  },
  {
    name: 'B used_before_purchase',
    seed: (now) => ({
      card: { denomination: 50000, status: 'used', ...sold(now), usedAt: ago(now, 4 * DAY), usedBy },
      topups: [{ at: ago(now, DAY), ...usedBy, result: 'failed', error: 'card_used' }],
    }),
    messages: (s, p) => complaint('the da dung roi', s, p, ['còn giữ'], true),
  },
  {
    name: 'B issuer_error',
    seed: (now) => ({
      card: { denomination: 50000, status: 'inactive', ...sold(now) },
      topups: [{ at: ago(now, DAY), ...usedBy, result: 'failed', error: 'card_inactive' }],
    }),
    messages: (s, p) => complaint('thẻ chưa kích hoạt', s, p, ['có']),
  },
  {
    name: 'B reenter_code',
    seed: (now) => ({
      card: { denomination: 50000, status: 'active', ...sold(now) },
      topups: [{ at: ago(now, DAY), ...usedBy, result: 'failed', error: 'wrong_code' }],
    }),
    messages: (s, p) => complaint('thẻ không tồn tại', s, p, []),
  },
  {
    name: 'B fraud (denomination)',
    seed: (now) => ({
      card: { denomination: 100000, status: 'active', ...sold(now) },
      topups: [{ at: ago(now, DAY), ...usedBy, result: 'failed', error: 'wrong_code' }],
    }),
    messages: (s, p) => complaint('bao the ko ton tai', s, p, [], true),
  },
  {
    // Not the built-in outage serial: one serial shared by a tenth of all complaints would measure
    // the fraud rule "serial already in another complaint", not a customer's conversation.
    name: 'B unknown serial, re-entered → fraud',
    seed: () => ({}),
    messages: (s, p) => complaint('thẻ không tồn tại', s, p, [spaced(s)]),
  },
  {
    name: 'other → agent',
    seed: () => ({}),
    messages: (_s, p) => ['Vấn đề khác', 'có', 'Em muốn hỏi đại lý bán thẻ BIT gần nhà', p, 'bỏ qua', 'Gửi khiếu nại', 'alo'],
  },
];

export function serialFor(i: number): string {
  return `1000${String(5_000_000_000 + i)}`;
}

export function phoneFor(i: number): string {
  const n = String(1_000_000 + (i % 9_000_000)).padStart(7, '0');
  return `0912${n.slice(-6)}`;
}
