// Synthetic tickets shaped like the bot's (findings, conversation reference and all), for timing
// the reports on a realistic collection. Deterministic: the same n gives the same tickets.
import { HANDOFF_REASONS, RESOLUTIONS, SITUATIONS } from '../../machines/complaint/types';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const MIN = 60_000;

export function syntheticTickets(n: number, endMs: number, days: number): Array<Record<string, unknown>> {
  const rand = rng(16);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i += 1) {
    const createdAt = new Date(endMs - Math.floor(rand() * days * 1440) * MIN);
    const handed = rand() < 0.4;
    const open = handed && rand() < 0.15;
    const handedOffAt = handed ? new Date(createdAt.getTime() + 3 * MIN) : undefined;
    const code = `KN-S${String(i).padStart(7, '0')}`;
    const serial = String(10002026000000 + i);
    out.push({
      _id: code,
      code,
      codeDay: '0101',
      codeSeq: i,
      complaintId: `synthetic-${i}`,
      title: 'Yêu cầu khiếu nại',
      transactionType: 'mua thẻ cào BIT',
      situation: pick(SITUATIONS),
      service: { id: 'naruto', name: 'Naruto Đại Chiến', hotline: '1900 1234' },
      denomination: 50000,
      serial,
      purchasePlace: 'Đại lý Minh Anh, 12 Lê Lợi, Q.1, TP.HCM',
      transactionAt: new Date(createdAt.getTime() - 20 * 60 * MIN),
      statusText: 'Nạp thẻ báo thẻ không tồn tại',
      phone: `+8490${String(1000000 + i).slice(-7)}`,
      email: null,
      channel: 'facebook',
      conversation: `facebook:${1000000000 + i}`,
      conversationReference: {
        activityId: `mid.${i}`,
        user: { id: `${1000000000 + i}`, name: 'Khách hàng' },
        bot: { id: 'qpal-page', name: 'Qpal' },
        conversation: { id: `${1000000000 + i}`, isGroup: false },
        channelId: 'facebook',
        locale: 'vi-VN',
        serviceUrl: 'https://graph.facebook.com/v21.0',
      },
      findings: {
        card: { serial, denomination: 50000, status: 'active', activatedAt: '2026-10-01T09:00:00+07:00', soldAt: '2026-10-20T09:00:00+07:00', soldBy: { name: 'Đại lý Minh Anh', address: '12 Lê Lợi' } },
        topups: [{ id: `TP-${i}`, at: '2026-11-24T20:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja123', serial, result: 'failed', error: 'wrong_code' }],
        otherComplaintsWithSerial: 0,
        recentSerialsByCustomer: 1,
        checkedAt: createdAt.toISOString(),
      },
      fraudSignals: [],
      status: open ? 'waiting_agent' : 'closed',
      resolution: open ? undefined : pick(RESOLUTIONS),
      handoffReason: handed ? pick(HANDOFF_REASONS) : undefined,
      handedOffAt,
      firstResponseDue: handedOffAt ? new Date(handedOffAt.getTime() + 15 * MIN) : undefined,
      firstHumanReplyAt: handedOffAt && rand() < 0.9 ? new Date(handedOffAt.getTime() + Math.floor(rand() * 40) * MIN) : undefined,
      deadline: handed ? new Date(createdAt.getTime() + 3 * 1440 * MIN) : undefined,
      closedAt: open ? undefined : new Date(createdAt.getTime() + Math.floor(rand() * (handed ? 4 * 1440 : 10)) * MIN),
      csat: !open && rand() < 0.6 ? { askedAt: createdAt, ...(rand() < 0.7 ? { rating: 1 + Math.floor(rand() * 5) } : { skipped: true }) } : undefined,
      confirmation: { phoneCalls: [] },
      createdAt,
      updatedAt: createdAt,
    });
  }
  return out;
}
