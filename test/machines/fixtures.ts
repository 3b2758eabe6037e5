// Shared data for the machine tests: one complaint's answers, and card-system findings that reach
// each row of procedure.md's Step 3 table when paired with those answers.
import { createActor } from 'xstate';
import { complaintMachine } from '../../machines/complaint/machine';
import type { BusinessCalendar, Shift } from '../../machines/rules/business-calendar';
import type {
  CardFindings,
  CardRecord,
  ComplaintEvent,
  ProcedureConfig,
  SayEvent,
  Situation,
  Topup,
} from '../../machines/complaint/types';

/** Wednesday 25 Nov 2026, 10:00 in Hà Nội. */
export const NOW = '2026-11-25T10:00:00+07:00';

const DAY: Shift[] = [{ from: 8 * 60, to: 12 * 60 }, { from: 13 * 60 + 30, to: 17 * 60 + 30 }];

/** Monday–Friday 08:00–12:00 and 13:30–17:30, a few holidays, no exceptions. */
export const TEST_CALENDAR: BusinessCalendar = {
  week: [[], DAY, DAY, DAY, DAY, DAY, []],
  holidays: ['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27'],
  exceptions: {},
};

export const TEST_CONFIG: ProcedureConfig = {
  calendar: TEST_CALENDAR,
  workingDaysForThirdParty: 3,
  firstResponseMinutes: 15,
  slaWarningMinutes: 5,
  slaAlertTo: [],
  fraudManySerialsThreshold: 3,
  fraudWindowHours: 24,
  maxMisses: 3,
  exchangePoints: [
    { name: 'Điểm A', address: '1 Lê Lợi, TP.HCM' },
    { name: 'Điểm B', address: '2 Tràng Tiền, Hà Nội' },
  ],
};

export const SERIAL = '10001234567890';
export const SERVICE_WITH_HOTLINE = { id: 'naruto', name: 'Naruto Đại Chiến', hotline: '1900 1234' };
export const SERVICE_WITHOUT_HOTLINE = { name: 'Game lạ' };
export const RECENT_TX = '2026-11-20T10:00:00+07:00';
/** More than one calendar month before NOW. */
export const OLD_TX = '2026-10-24T10:00:00+07:00';

export const SOLD_AT = '2026-11-19T09:00:00+07:00';
export const SOLD_BY = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };

export function card(over: Partial<CardRecord> = {}): CardRecord {
  return {
    serial: SERIAL,
    denomination: 50000,
    status: 'active',
    activatedAt: '2026-10-01T08:00:00+07:00',
    soldAt: SOLD_AT,
    soldBy: SOLD_BY,
    ...over,
  };
}

export function topup(over: Partial<Topup> = {}): Topup {
  return {
    id: 'TP-1',
    at: '2026-11-20T10:02:00+07:00',
    service: 'Naruto Đại Chiến',
    account: 'ninja_2010',
    serial: SERIAL,
    result: 'failed',
    error: 'wrong_code',
    ...over,
  };
}

export function findings(over: Partial<CardFindings> = {}): CardFindings {
  return { card: card(), topups: [], otherComplaintsWithSerial: 0, recentSerialsByCustomer: 1, checkedAt: NOW, ...over };
}

const USED = { status: 'used', usedBy: { service: 'Naruto Đại Chiến', account: 'ninja_2010' } } as const;

/** Findings named for what they show; the branch they reach depends on the situation. */
export const FINDINGS = {
  notFound: findings({ card: null }),
  success: findings({
    card: card({ ...USED, usedAt: '2026-11-20T10:02:00+07:00' }),
    topups: [topup({ result: 'success', error: undefined, providerAck: true })],
  }),
  noAttempts: findings(),
  usedAfterSale: findings({ card: card({ ...USED, usedAt: '2026-11-20T10:02:00+07:00' }) }),
  usedBeforeSale: findings({ card: card({ ...USED, usedAt: '2026-11-18T10:02:00+07:00' }) }),
  usedNoSale: findings({ card: card({ ...USED, usedAt: '2026-11-18T10:02:00+07:00', soldAt: undefined, soldBy: undefined }) }),
  lockedAfterSale: findings({ card: card({ status: 'locked' }) }),
  systemError: findings({ topups: [topup({ error: 'system_error' })] }),
  wrongCode: findings({ topups: [topup({ error: 'wrong_code' }), topup({ id: 'TP-0', error: 'card_not_found' })] }),
  inconsistent: findings({ topups: [topup({ error: 'card_used' })] }),
  serialInOtherComplaint: findings({ otherComplaintsWithSerial: 1 }),
  manySerials: findings({ recentSerialsByCustomer: 3 }),
  inactiveWithoutSale: findings({ card: card({ status: 'inactive', soldAt: undefined, soldBy: undefined }) }),
  denominationMismatch: findings({ card: card({ denomination: 100000 }) }),
  placeMismatch: findings({ card: card({ soldBy: { name: 'Tiệm Hoàng Long', address: 'Hà Nội' } }) }),
} satisfies Record<string, CardFindings>;

type WithoutNow<E> = E extends unknown ? Omit<E, 'now'> : never;
export type EventWithoutNow = WithoutNow<ComplaintEvent>;

export function at(event: EventWithoutNow, now = NOW): ComplaintEvent {
  return { ...event, now } as ComplaintEvent;
}

/** The Article 4 answers of a complaint, situation and BIT confirmation first. */
export function intake(situation: Situation, transactionAt = RECENT_TX): EventWithoutNow[] {
  const head: EventWithoutNow[] = [
    { type: 'ANSWER', field: 'situation', value: situation },
    { type: 'ANSWER', field: 'isBitCard', value: true },
  ];
  const contact: EventWithoutNow[] = [
    { type: 'ANSWER', field: 'statusText', value: 'Nạp thẻ báo lỗi' },
    { type: 'ANSWER', field: 'phone', value: '+84912345678' },
    { type: 'ANSWER', field: 'email', value: 'khach@example.vn' },
  ];
  if (situation === 'other') return [...head, ...contact];
  return [
    ...head,
    { type: 'ANSWER', field: 'service', value: SERVICE_WITH_HOTLINE },
    { type: 'ANSWER', field: 'denomination', value: 50000 },
    { type: 'ANSWER', field: 'serial', value: SERIAL },
    { type: 'ANSWER', field: 'purchasePlace', value: 'đại lý minh anh, 12 Lê Lợi' },
    { type: 'ANSWER', field: 'transactionAt', value: transactionAt },
    ...contact,
  ];
}

/** Intake, summary confirmed and ticket recorded: the machine waits for the card check. */
export function untilCardCheck(situation: Situation, transactionAt?: string): EventWithoutNow[] {
  return [
    ...intake(situation, transactionAt),
    { type: 'ANSWER', field: 'confirm', value: true },
    { type: 'TICKET_CREATED', code: 'KN-2611-0001' },
  ];
}

export function startComplaint(config: ProcedureConfig = TEST_CONFIG) {
  const says: SayEvent[] = [];
  const actor = createActor(complaintMachine, { input: { complaintId: 'C-1', config } });
  actor.on('say', (e) => says.push(e));
  actor.start();
  return {
    actor,
    says,
    send(...events: EventWithoutNow[]) {
      for (const e of events) actor.send(at(e));
    },
    get context() {
      return actor.getSnapshot().context;
    },
    get tags() {
      return [...actor.getSnapshot().tags].sort();
    },
    /** Keys said since the last call. */
    takeKeys(): string[] {
      return says.splice(0).map((s) => s.key);
    },
  };
}
