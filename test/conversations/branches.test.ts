import { expect } from 'chai';
import { startWorld, World, converse, allText, lastText, withoutDiacritics, ticketOf, ownerOf, nextPhone, nextSerial, DEADLINE_TEXT } from './harness';
import type { IssuerCard, IssuerTopup } from '../support/issuer';

// One conversation per branch of procedure.md, each typed with and without diacritics, through the
// real bot, the real database and an issuer server that speaks the card-system contract (docs/card-system.md).

const SOLD_AT = '2026-11-20T09:15:00+07:00';
const MINH_ANH = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };
const PLACE = 'Đại lý Minh Anh, 12 Lê Lợi Q1';

interface Setup {
  card?: Omit<IssuerCard, 'serial'>;
  topups?: Array<Omit<IssuerTopup, 'serial' | 'id'>>;
  outage?: 'http500' | 'hang' | 'malformed';
}

interface Case {
  name: string;
  situation: string;
  setup: Setup;
  denomination?: string;
  place?: string;
  /** Answers after the summary is confirmed. */
  after?: string[];
  /** The serial the ticket ends with, when the customer re-entered another one. */
  finalSerial?: string;
  expect: { status: string; resolution?: string; handoffReason?: string; fraud?: string[]; says: RegExp[] };
}

const used = (usedAt: string, soldAt?: string): Setup['card'] => ({
  denomination: 50000,
  status: 'used',
  activatedAt: '2026-10-01T08:00:00+07:00',
  ...(soldAt ? { soldAt, soldBy: MINH_ANH } : {}),
  usedAt,
  usedBy: { service: 'Naruto Đại Chiến', account: 'ninja_2010' },
});
const active = (extra: Partial<IssuerCard> = {}): Setup['card'] => ({
  denomination: 50000,
  status: 'active',
  activatedAt: '2026-10-01T08:00:00+07:00',
  soldAt: SOLD_AT,
  soldBy: MINH_ANH,
  ...extra,
});
const success = { at: '2026-11-24T20:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja_2010', result: 'success' as const, providerAck: true };
const failedWith = (error: string) => ({ at: '2026-11-24T20:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja_2010', result: 'failed' as const, error });

const CASES: Case[] = [
  {
    name: 'A: success not credited, not my account → wrong_account',
    situation: 'nạp thẻ thành công mà không thấy tiền',
    setup: { card: used('2026-11-24T20:00:00+07:00', SOLD_AT), topups: [success] },
    after: ['không phải'],
    expect: { status: 'closed', resolution: 'wrong_account', says: [/ni\*+10/, /Qpal không hỗ trợ/] },
  },
  {
    name: 'A: my account, I call the provider → provider_contact with the hotline',
    situation: 'nap the thanh cong ma ko dc cong tien',
    setup: { card: used('2026-11-24T20:00:00+07:00', SOLD_AT), topups: [success] },
    after: ['đúng rồi', 'Tự gọi nhà cung cấp'],
    expect: { status: 'closed', resolution: 'provider_contact', says: [/tổng đài của Naruto Đại Chiến theo số 1900/, /liên hệ trực tiếp nhà cung cấp/] },
  },
  {
    name: 'A: my account, Qpal investigates → provider_investigation, agent, 3 working days',
    situation: 'Đã nạp, chưa cộng',
    setup: { card: used('2026-11-24T20:00:00+07:00', SOLD_AT), topups: [{ ...success, providerAck: false }] },
    after: ['có', 'Nhờ Qpal tra soát'],
    expect: { status: 'waiting_agent', resolution: 'provider_investigation', handoffReason: 'provider_investigation', says: [/tra soát/, new RegExp(DEADLINE_TEXT)] },
  },
  {
    name: 'A: no successful top-up on record → re-verification by an agent',
    situation: 'nạp thành công mà không được cộng',
    setup: { card: active(), topups: [] },
    expect: { status: 'waiting_agent', handoffReason: 're_verification', says: [/thẩm định lại/, new RegExp(DEADLINE_TEXT)] },
  },
  {
    name: 'B used: used after purchase → used_after_purchase with date and service',
    situation: 'báo thẻ đã được sử dụng',
    setup: { card: used('2026-11-21T10:02:00+07:00', SOLD_AT), topups: [failedWith('card_used')] },
    expect: { status: 'closed', resolution: 'used_after_purchase', says: [/10:02 21\/11\/2026/, /Naruto Đại Chiến/, /không chịu trách nhiệm bồi thường/] },
  },
  {
    name: 'B used: used before purchase, shell kept → used_before_purchase with exchange points',
    situation: 'the da dung roi',
    setup: { card: used('2026-11-19T10:02:00+07:00', SOLD_AT), topups: [failedWith('card_used')] },
    after: ['còn giữ'],
    expect: { status: 'closed', resolution: 'used_before_purchase', says: [/đổi thẻ mới/, /điểm đổi thẻ/] },
  },
  {
    name: 'B used: used before purchase, no shell → card_shell_invalid citing Article 3',
    situation: 'Thẻ đã được sử dụng',
    setup: { card: used('2026-11-19T10:02:00+07:00', SOLD_AT), topups: [failedWith('card_used')] },
    after: ['mất rồi'],
    expect: { status: 'closed', resolution: 'card_shell_invalid', says: [/Điều 3/, /không thể đổi thẻ/] },
  },
  {
    name: 'B used: no sale recorded → re-verification',
    situation: 'thẻ bị sử dụng rồi',
    setup: { card: used('2026-11-19T10:02:00+07:00'), topups: [failedWith('card_used')] },
    expect: { status: 'waiting_agent', handoffReason: 're_verification', says: [/thẩm định lại/] },
  },
  {
    name: 'B other: inactive card with a sale → issuer_error exchange',
    situation: 'thẻ chưa kích hoạt',
    setup: { card: active({ status: 'inactive' }), topups: [failedWith('card_inactive')] },
    after: ['còn'],
    expect: { status: 'closed', resolution: 'issuer_error', says: [/lỗi kỹ thuật của Qpal/] },
  },
  {
    name: 'B other: locked card with a sale → issuer_error exchange',
    situation: 'Thẻ chưa kích hoạt',
    setup: { card: active({ status: 'locked' }), topups: [failedWith('card_inactive')] },
    after: ['có'],
    expect: { status: 'closed', resolution: 'issuer_error', says: [/lỗi kỹ thuật của Qpal/] },
  },
  {
    name: 'B other: a system_error attempt → issuer_error exchange',
    situation: 'nạp không thành công, báo lỗi hệ thống',
    setup: { card: active(), topups: [failedWith('system_error')] },
    after: ['vâng còn giữ'],
    expect: { status: 'closed', resolution: 'issuer_error', says: [/lỗi kỹ thuật của Qpal/] },
  },
  {
    name: 'B customer error: wrong code, data match → reenter_code',
    situation: 'thẻ không tồn tại',
    setup: { card: active(), topups: [failedWith('wrong_code')] },
    expect: { status: 'closed', resolution: 'reenter_code', says: [/nhập cẩn thận/] },
  },
  {
    name: 'B customer error: active card, no attempt on record → reenter_code',
    situation: 'thẻ không tồn tại',
    setup: { card: active(), topups: [] },
    expect: { status: 'closed', resolution: 'reenter_code', says: [/nhập cẩn thận/] },
  },
  {
    name: 'B customer error: denomination differs → fraud, agent',
    situation: 'bao the ko ton tai',
    denomination: '200k',
    setup: { card: active(), topups: [failedWith('wrong_code')] },
    expect: { status: 'waiting_agent', handoffReason: 'fraud_suspected', fraud: ['denomination_mismatch'], says: [/thẩm định lại/] },
  },
  {
    name: 'B customer error: another point of sale → fraud, agent',
    situation: 'sai mã thẻ',
    place: 'Tạp hóa Thu Trang, 8 Nguyễn Trãi Q5',
    setup: { card: active(), topups: [failedWith('card_not_found')] },
    expect: { status: 'waiting_agent', handoffReason: 'fraud_suspected', fraud: ['purchase_place_mismatch'], says: [/thẩm định lại/] },
  },
  {
    name: 'B: inactive card with no sale recorded → fraud, agent',
    situation: 'thẻ chưa được kích hoạt',
    setup: { card: { denomination: 50000, status: 'inactive' }, topups: [failedWith('card_inactive')] },
    expect: { status: 'waiting_agent', handoffReason: 'fraud_suspected', fraud: ['inactive_without_sale'], says: [/thẩm định lại/] },
  },
  {
    name: 'B: serial unknown, re-entered and still unknown → fraud, agent',
    situation: 'thẻ không tồn tại',
    setup: {},
    after: ['1000 9999 0000 01'],
    finalSerial: '10009999000001',
    expect: { status: 'waiting_agent', handoffReason: 'fraud_suspected', fraud: ['serial_unknown_after_reentry'], says: [/không tìm thấy thẻ/, /thẩm định lại/] },
  },
  {
    name: 'card system answers 500 → delayed, agent re-verifies',
    situation: 'lỗi khác khi nạp',
    setup: { outage: 'http500' },
    expect: { status: 'waiting_agent', handoffReason: 'card_system_unavailable', says: [/chưa kiểm tra được/, new RegExp(DEADLINE_TEXT)] },
  },
  {
    name: 'card system never answers → delayed, agent re-verifies',
    situation: 'lỗi khác khi nạp',
    setup: { outage: 'hang' },
    expect: { status: 'waiting_agent', handoffReason: 'card_system_unavailable', says: [/chưa kiểm tra được/] },
  },
  {
    name: 'card system answers garbage → delayed, agent re-verifies',
    situation: 'lỗi khác khi nạp',
    setup: { outage: 'malformed' },
    expect: { status: 'waiting_agent', handoffReason: 'card_system_unavailable', says: [/chưa kiểm tra được/] },
  },
];

describe('complaint branches, as customers type them', function () {
  this.timeout(60000);
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.close());

  for (const c of CASES) {
    for (const typing of ['with diacritics', 'without diacritics'] as const) {
      it(`${c.name} (${typing})`, async () => {
        const serial = nextSerial();
        if (c.setup.card) world.issuer.put({ serial, ...c.setup.card }, (c.setup.topups ?? []).map((t, i) => ({ ...t, id: `TP-${serial}-${i}` })));
        if (c.setup.outage) world.issuer.outage(serial, c.setup.outage);
        const script = [
          c.situation,
          'có',
          'naruto',
          c.denomination ?? '50k',
          serial.replace(/(\d{4})(?=\d)/g, '$1 '),
          c.place ?? PLACE,
          '8 giờ tối hôm qua',
          'Đúng như vậy',
          nextPhone(),
          'bỏ qua',
          'Gửi khiếu nại',
          ...(c.after ?? []),
        ];
        const conv = `${c.name.slice(0, 20)}-${typing}-${serial}`.replace(/[^a-zA-Z0-9-]/g, '_');
        const ex = await converse(world.app, conv, typing === 'with diacritics' ? script : withoutDiacritics(script));
        const ticket = await ticketOf(world.app, conv);
        expect(ticket, allText(ex)).to.not.equal(null);
        expect(ticket!.status, allText(ex)).to.equal(c.expect.status);
        if (c.expect.resolution) expect(ticket!.resolution).to.equal(c.expect.resolution);
        if (c.expect.handoffReason) expect(ticket!.handoffReason).to.equal(c.expect.handoffReason);
        for (const f of c.expect.fraud ?? []) expect(ticket!.fraudSignals).to.include(f);
        expect(ticket!.code).to.match(/^KN-2511-\d{4}$/);
        const text = allText(ex);
        for (const re of c.expect.says) expect(text).to.match(re);
        expect(lastText(ex)).to.include(ticket!.code);
        expect(ticket!.serial).to.equal(c.finalSerial ?? serial);
        expect(ticket!.service?.name).to.equal('Naruto Đại Chiến');
        if (c.expect.status === 'waiting_agent') {
          expect(await ownerOf(world.app, conv)).to.equal('queue');
          expect(new Date(ticket!.deadline).toISOString()).to.equal(new Date('2026-11-30T17:30:00+07:00').toISOString());
        }
      });
    }
  }
});
