// `--preload N` for the bench: a year of closed complaints written straight into the database
// before anything is measured, shaped like what the bot itself leaves behind — per ticket the
// ticket, 20 transcript entries, 3 history entries (both as the slot lists of models/slot-log.ts),
// its conversation, its card and top-ups, its ticket_keys slots (so the fraud look-ups meet a full
// collection, not an empty one) and its conversation's search key.
// Unordered insertMany in large batches through the models' collections: no validation, no
// per-document round trip; 100,000 tickets are ~2.6 million documents.
import type { Connection } from 'mongoose';
import { ticketModel } from '../../models/ticket';
import { transcriptModel } from '../../models/transcript';
import { ticketHistoryModel } from '../../models/ticket-history';
import { ticketKeyModel } from '../../models/ticket-keys';
import { ticketSearchKeyModel } from '../../models/ticket-search';
import { transcriptKey } from '../../models/transcript-log';
import { slotId } from '../../models/slot-log';
import { markCaseKeysReady } from '../../models/case-keys';
import { conversationModel, conversationKey } from '../../models/conversation';
import { cardModel } from '../../models/card';
import { topupModel } from '../../models/topup';
import { formatTicketCode, ticketCodeDay, ticketCodeDayModel } from '../../models/ticket-code';

const DAY = 86_400_000;
const TRANSCRIPT_PER_TICKET = 20;
const BATCH_TICKETS = 2_000;

/** Serials and phones of preloaded tickets: apart from the ones the bench's customers use. */
export const preloadSerial = (i: number) => `2000${String(6_000_000_000 + i)}`;
export const preloadPhone = (i: number) => `+8498${String(1_000_000 + i).slice(-7)}`;

const CLOSED: Array<{ situation: string; resolution: string; status: 'closed' | 'cancelled' }> = [
  { situation: 'success_not_credited', resolution: 'wrong_account', status: 'closed' },
  { situation: 'success_not_credited', resolution: 'provider_contact', status: 'closed' },
  { situation: 'failed_card_used', resolution: 'used_after_purchase', status: 'closed' },
  { situation: 'failed_card_used', resolution: 'used_before_purchase', status: 'closed' },
  { situation: 'failed_card_inactive', resolution: 'issuer_error', status: 'closed' },
  { situation: 'failed_card_not_found', resolution: 'reenter_code', status: 'closed' },
  { situation: 'failed_card_not_found', resolution: 'fraud_refused', status: 'closed' },
  { situation: 'other', resolution: 'agent_resolved', status: 'closed' },
];

const LINES_IN = ['the nap ko duoc', 'có', 'naruto', '50k', '1000 5000 0000 12', 'Đại lý Minh Anh 12 Lê Lợi', '8 giờ tối hôm qua', 'Đúng như vậy', '0912 345 678', 'Gửi khiếu nại'];
const LINES_OUT = [
  'Chào bạn, Qpal có thể giúp gì cho bạn?',
  'Bạn đã nạp thẻ vào dịch vụ nào?',
  'Mệnh giá thẻ là bao nhiêu?',
  'Bạn cho Qpal xin số serial in trên thẻ nhé.',
  'Bạn mua thẻ ở đâu?',
  'Bạn nạp thẻ lúc nào?',
  'Qpal tóm tắt lại thông tin khiếu nại của bạn như sau…',
  'Số điện thoại để Qpal liên hệ lại?',
  'Email (không bắt buộc)?',
  'Qpal đã ghi nhận khiếu nại, mã phiếu của bạn là …',
];

export interface PreloadResult {
  tickets: number;
  documents: number;
  seconds: number;
  /** Codes of a few preloaded tickets, and their phones, for the console measurements. */
  sample: Array<{ code: string; phone: string; serial: string }>;
}

/** Ticket i's code: spread over the 365 days before `now`, numbered within each day. */
function plan(n: number, now: Date) {
  const perDay = new Map<string, number>();
  return (i: number) => {
    const at = new Date(now.getTime() - (1 + Math.floor((i * 365) / Math.max(1, n))) * DAY - (i % 600) * 60_000);
    const day = ticketCodeDay(at);
    const seq = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, seq);
    return { at, day, seq, code: formatTicketCode(day, seq), perDay };
  };
}

export async function preloadClosedTickets(conn: Connection, n: number, now: Date, progress: (line: string) => void): Promise<PreloadResult> {
  const started = performance.now();
  const next = plan(n, now);
  const sample: PreloadResult['sample'] = [];
  let documents = 0;
  let perDay = new Map<string, number>();
  const raw = {
    tickets: ticketModel(conn).collection,
    transcripts: transcriptModel(conn).collection,
    history: ticketHistoryModel(conn).collection,
    keys: ticketKeyModel(conn).collection,
    searchKeys: ticketSearchKeyModel(conn).collection,
    conversations: conversationModel(conn).collection,
    cards: cardModel(conn).collection,
    topups: topupModel(conn).collection,
  };
  // The collections and their indexes exist before the data, as they would in production.
  await Promise.all([ticketModel, transcriptModel, ticketHistoryModel, ticketKeyModel, ticketSearchKeyModel, conversationModel, cardModel, topupModel].map((m) => m(conn).init()));
  let lastReport = started;
  for (let from = 0; from < n; from += BATCH_TICKETS) {
    const batch: Record<keyof typeof raw, Record<string, unknown>[]> = {
      tickets: [], transcripts: [], history: [], keys: [], searchKeys: [], conversations: [], cards: [], topups: [],
    };
    for (let i = from; i < Math.min(n, from + BATCH_TICKETS); i += 1) {
      const p = next(i);
      perDay = p.perDay;
      const kind = CLOSED[i % CLOSED.length];
      const serial = preloadSerial(i);
      const phone = preloadPhone(i);
      const conversation = conversationKey('messenger', `preload-${i}`);
      const closedAt = new Date(p.at.getTime() + 2 * 3_600_000);
      if (sample.length < 50 && i % Math.max(1, Math.floor(n / 50)) === 0) sample.push({ code: p.code, phone, serial });
      batch.tickets.push({
        _id: p.code, code: p.code, codeDay: p.day, codeSeq: p.seq, complaintId: `preload-${i}`,
        title: 'Yêu cầu khiếu nại', transactionType: 'mua thẻ cào BIT', situation: kind.situation,
        service: { id: 'naruto', name: 'Naruto Đại Chiến' }, denomination: 50000, serial,
        purchasePlace: 'Đại lý Minh Anh, 12 Lê Lợi, Q.1, TP.HCM', transactionAt: new Date(p.at.getTime() - DAY),
        phone, email: null, channel: 'messenger', conversation,
        conversationReference: { channelId: 'messenger', conversation: { id: `preload-${i}` }, user: { id: `u-${i}`, name: `Khách ${i}` } },
        findings: { cardStatus: 'used' }, fraudSignals: [], status: kind.status, resolution: kind.resolution,
        confirmation: { chatSentAt: closedAt, email: 'not_requested', phoneCalls: [] },
        createdAt: p.at, updatedAt: closedAt,
      });
      for (let k = 0; k < TRANSCRIPT_PER_TICKET; k += 1) {
        const inbound = k % 2 === 0;
        batch.transcripts.push({
          _id: slotId(transcriptKey(conversation), k), conversation, channelId: 'messenger', direction: inbound ? 'in' : 'out', author: inbound ? 'customer' : 'bot',
          text: inbound ? LINES_IN[(k / 2) % LINES_IN.length] : LINES_OUT[((k - 1) / 2) % LINES_OUT.length],
          at: new Date(p.at.getTime() + k * 20_000),
        });
      }
      batch.history.push(
        { _id: slotId(`h:${p.code}`, 0), ticketCode: p.code, at: p.at, actor: 'bot', action: 'created', changes: [{ field: 'status', from: null, to: 'open' }] },
        { _id: slotId(`h:${p.code}`, 1), ticketCode: p.code, at: new Date(p.at.getTime() + 60_000), actor: 'bot', action: 'updated', changes: [{ field: 'findings', from: null, to: { cardStatus: 'used' } }] },
        { _id: slotId(`h:${p.code}`, 2), ticketCode: p.code, at: closedAt, actor: 'bot', action: 'resolved', changes: [{ field: 'status', from: 'open', to: kind.status }, { field: 'resolution', from: null, to: kind.resolution }] },
      );
      const key = { ticketCode: p.code, serial, phone, conversation, at: p.at };
      batch.keys.push({ _id: `serial:${serial}:0`, ...key }, { _id: `phone:${phone}:0`, ...key });
      batch.searchKeys.push({ _id: `conv:${conversation}:0`, ticketCode: p.code, recent: [p.code], at: p.at });
      batch.conversations.push({
        _id: conversation, channelId: 'messenger', conversationId: `preload-${i}`,
        reference: { channelId: 'messenger', conversation: { id: `preload-${i}` }, user: { id: `u-${i}` } },
        owner: 'closed', lastInboundAt: p.at, createdAt: p.at, updatedAt: closedAt,
      });
      batch.cards.push({ _id: serial, denomination: 50000, status: 'used', activatedAt: new Date(p.at.getTime() - 30 * DAY), soldAt: new Date(p.at.getTime() - 5 * DAY), soldBy: { name: 'Đại lý Minh Anh' }, usedAt: new Date(p.at.getTime() - DAY), usedBy: { service: 'Naruto Đại Chiến', account: `acc_${i}` } });
      batch.topups.push({ _id: serial, attempts: [{ id: `TP-${serial}-0`, at: new Date(p.at.getTime() - DAY), service: 'Naruto Đại Chiến', account: `acc_${i}`, result: 'success', providerAck: true }] });
    }
    await Promise.all(
      (Object.keys(raw) as Array<keyof typeof raw>).map(async (name) => {
        const docs = batch[name];
        for (let k = 0; k < docs.length; k += 10_000) await raw[name].insertMany(docs.slice(k, k + 10_000), { ordered: false });
        documents += docs.length;
      }),
    );
    const t = performance.now();
    if (t - lastReport > 10_000 || from + BATCH_TICKETS >= n) {
      lastReport = t;
      progress(`preload: ${Math.min(n, from + BATCH_TICKETS)}/${n} tickets, ${documents} documents, ${((t - started) / 1000).toFixed(0)} s`);
    }
  }
  // The per-day hints, so the bench's own tickets of a day that also has preloaded ones get the
  // next free number at once.
  const days = [...perDay].map(([day, last]) => ({ updateOne: { filter: { _id: day }, update: { $max: { last } }, upsert: true } }));
  if (days.length) await ticketCodeDayModel(conn).bulkWrite(days, { ordered: false });
  // Written as this version writes (slot lists, no waiting ticket), so the console reads by _id.
  await markCaseKeysReady(conn, 'empty');
  return { tickets: n, documents, seconds: (performance.now() - started) / 1000, sample };
}
