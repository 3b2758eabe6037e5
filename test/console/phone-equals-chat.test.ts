import { expect } from 'chai';
import argon2 from 'argon2';
import { startApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logging/logger';
import { readProcedureConfig } from '../../bot/complaint/procedure-config';
import { decideBranch } from '../../machines/complaint/branch';
import type { FraudSignal, HandoffReason, Resolution, Situation } from '../../machines/complaint/types';
import { agentModel } from '../../models/agent';
import { cardModel, type CardDoc } from '../../models/card';
import { OUTAGE_SERIALS } from '../../models/demo-cards';
import { topupModel, type TopupAttempt } from '../../models/topup';
import { NOW, allText, converse, ticketOf } from '../conversations/harness';
import { TEST_OPS_TOKEN } from '../support/app';
import { testDatabaseUri } from '../support/database';
import { ConsoleClient, PASSWORD } from './support';
import vi from '../../locales/vi/console.json';
import en from '../../locales/en/console.json';

// Issue 14: a complaint taken on the phone runs the chat's procedure. The same facts, told once to
// the bot in a chat and once to an agent who types them into the console, must end with the same
// branch, the same fraud signals and the same deadline, against the running bot, its database and
// its built-in card system (no CARD_SYSTEM_URL: the cards below are rows of that system).

const PLACE = 'Đại lý Minh Anh, 12 Lê Lợi Q1';
const DEADLINE = new Date('2026-11-30T17:30:00+07:00'); // 3 working days after Wed 25/11 10:00
const at = (iso: string) => new Date(iso);
const soldByMinhAnh = { activatedAt: at('2026-11-01T09:00:00+07:00'), soldAt: at('2026-11-20T09:00:00+07:00'), soldBy: { name: 'Đại lý Minh Anh' } };

interface Facts {
  name: string;
  situation: Situation;
  /** How the customer says it in the chat. */
  said: string;
  denomination?: string;
  transactionAt?: string;
  card?: Omit<CardDoc, '_id'>;
  topups?: Omit<TopupAttempt, 'id'>[];
  /** A serial the built-in system answers without its tables (an outage). */
  serial?: string;
  /** The chat's last message: the complaint stops before the summary when it closes early. */
  chatStopsAfterTime?: true;
  expect: {
    branch?: ReturnType<typeof decideBranch>['decision']['next'];
    resolution?: Resolution;
    handoffReason?: HandoffReason;
    fraudSignals: FraudSignal[];
    deadline?: Date;
    /** The question the records raise, which the agent asks on the line. */
    question?: 'serial' | 'isOwnAccount' | 'cardShell';
  };
}

const FACTS: Facts[] = [
  {
    name: 'valid, card used after it was sold → closed, no compensation',
    situation: 'failed_card_used',
    said: 'Thẻ đã được sử dụng',
    card: { denomination: 50000, status: 'used', ...soldByMinhAnh, usedAt: at('2026-11-24T19:00:00+07:00'), usedBy: { service: 'Naruto Đại Chiến', account: 'hokage_99' } },
    expect: { branch: 'close', resolution: 'used_after_purchase', fraudSignals: [] },
  },
  {
    name: 'valid, a typing error (only wrong-code attempts) → closed, type it again',
    situation: 'failed_card_not_found',
    said: 'sai mã thẻ',
    card: { denomination: 50000, status: 'active', ...soldByMinhAnh },
    topups: [{ at: at('2026-11-24T20:00:00+07:00'), service: 'Naruto Đại Chiến', account: 'ninja_2010', result: 'failed', error: 'wrong_code' }],
    expect: { branch: 'close', resolution: 'reenter_code', fraudSignals: [] },
  },
  {
    name: 'Article 3: more than one month after the top-up → recorded and closed as expired, no card check',
    situation: 'failed_card_used',
    said: 'Thẻ đã được sử dụng',
    transactionAt: '20h ngày 20/10/2026',
    chatStopsAfterTime: true,
    expect: { resolution: 'expired', fraudSignals: [] },
  },
  {
    name: 'fraud suspected: the value told differs from the card’s → an agent, 3 working days',
    situation: 'failed_card_not_found',
    said: 'bao the ko ton tai',
    denomination: '50k',
    card: { denomination: 100000, status: 'active', ...soldByMinhAnh },
    expect: { branch: 'handoff', handoffReason: 'fraud_suspected', fraudSignals: ['denomination_mismatch'], deadline: DEADLINE },
  },
  {
    name: 'fraud suspected: inactive card never sold → an agent, 3 working days',
    situation: 'failed_card_inactive',
    said: 'Thẻ chưa kích hoạt',
    card: { denomination: 50000, status: 'inactive' },
    expect: { branch: 'handoff', handoffReason: 'fraud_suspected', fraudSignals: ['inactive_without_sale'], deadline: DEADLINE },
  },
  {
    name: 'card not found → the serial is asked again',
    situation: 'failed_card_not_found',
    said: 'bao the ko ton tai',
    expect: { branch: 'reenterSerial', fraudSignals: [], question: 'serial' },
  },
  {
    name: 'used, no sale recorded → re-verification by an agent, 3 working days',
    situation: 'failed_card_used',
    said: 'báo thẻ đã được sử dụng',
    card: { denomination: 50000, status: 'used', activatedAt: at('2026-11-01T09:00:00+07:00'), usedAt: at('2026-11-24T19:00:00+07:00'), usedBy: { service: 'Naruto Đại Chiến', account: 'itachi_x' } },
    expect: { branch: 'handoff', handoffReason: 're_verification', fraudSignals: [], deadline: DEADLINE },
  },
  {
    name: 'Branch A: a successful top-up → is it the customer’s account?',
    situation: 'success_not_credited',
    said: 'nạp thẻ thành công mà không thấy tiền',
    card: { denomination: 50000, status: 'used', ...soldByMinhAnh, usedAt: at('2026-11-24T20:00:00+07:00'), usedBy: { service: 'Naruto Đại Chiến', account: 'ninja_2010' } },
    topups: [{ at: at('2026-11-24T20:00:00+07:00'), service: 'Naruto Đại Chiến', account: 'ninja_2010', result: 'success', providerAck: true }],
    expect: { branch: 'askOwnAccount', fraudSignals: [], question: 'isOwnAccount' },
  },
  {
    name: 'Qpal’s error (inactive card that was sold) → the card shell is asked for',
    situation: 'failed_card_inactive',
    said: 'Thẻ chưa kích hoạt',
    card: { denomination: 50000, status: 'inactive', soldAt: soldByMinhAnh.soldAt, soldBy: soldByMinhAnh.soldBy },
    expect: { branch: 'askCardShell', fraudSignals: [], question: 'cardShell' },
  },
  {
    name: 'the card system fails → an agent re-verifies, 3 working days',
    situation: 'failed_other',
    said: 'lỗi khác khi nạp',
    serial: OUTAGE_SERIALS.serverError,
    expect: { handoffReason: 'card_system_unavailable', fraudSignals: [], deadline: DEADLINE },
  },
];

const SNAKE_CODE = /\b[a-z]+_[a-z_]+\b/;

describe('a phone complaint runs the chat’s procedure: same facts, same branch, fraud signals and deadline (issue 14)', function () {
  this.timeout(120000);
  const clock = { now: NOW };
  const procedure = readProcedureConfig();
  let app: App;
  let lan: ConsoleClient;

  before(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MONGODB_URI: await testDatabaseUri('phone'),
      OPS_TOKEN: TEST_OPS_TOKEN,
      DEMO_DATA: 'off',
    });
    expect(config.CARD_SYSTEM_URL, 'the built-in card system').to.equal(undefined);
    app = await startApp(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { clock: () => clock.now });
    const passwordHash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 4096, timeCost: 2, parallelism: 1 });
    await agentModel(app.db.connection).create({ _id: 'lan', displayName: 'Lan Nguyễn', role: 'agent', passwordHash, active: true });
    lan = new ConsoleClient(app.url);
    expect((await lan.login('lan')).status).to.equal(200);
  });
  after(async () => {
    await app?.stop();
  });

  /** The decision Step 3 takes on what a ticket recorded (its facts and the card system's answer). */
  const branchOf = (t: Record<string, any>) =>
    t.findings
      ? decideBranch(
          {
            situation: t.situation,
            fields: { denomination: t.denomination, purchasePlace: t.purchasePlace, serial: t.serial },
            serialReentered: false,
            config: procedure,
          },
          { ...t.findings, topups: t.findings.topups ?? [] },
        ).decision.next
      : undefined;
  const time = (d: unknown) => (d ? new Date(d as string).getTime() : undefined);

  FACTS.forEach((f, i) => {
    it(f.name, async () => {
      const serial = f.serial ?? `1000202611${String(1000 + i).padStart(4, '0')}`;
      const phone = `0912 600 ${String(100 + i)}`;
      if (f.card) await cardModel(app.db.connection).create({ _id: serial, ...f.card });
      if (f.topups) await topupModel(app.db.connection).create({ _id: serial, attempts: f.topups.map((t, n) => ({ ...t, id: `TP-PH-${i}-${n}` })) });
      const facts = { service: 'naruto', denomination: f.denomination ?? '50k', serial: serial.replace(/(\d{4})(?=\d)/g, '$1 '), place: PLACE, time: f.transactionAt ?? '8 giờ tối hôm qua' };

      // The chat.
      const conv = `phone-eq-${i}`;
      const script = [f.said, 'có', facts.service, facts.denomination, facts.serial, facts.place, facts.time];
      if (!f.chatStopsAfterTime) script.push('Đúng như vậy', phone, 'bỏ qua', 'Gửi khiếu nại');
      const ex = await converse(app, conv, script);
      const chat = await ticketOf(app, conv);
      expect(chat, allText(ex)).to.not.equal(null);

      // The phone call, the same facts typed by the agent.
      const res = await lan.post('/tickets', {
        customerName: 'Chị Thu',
        situation: f.situation,
        service: facts.service,
        denomination: facts.denomination,
        serial: facts.serial,
        purchasePlace: facts.place,
        transactionAt: facts.time,
        statusText: '',
        phone,
        email: '',
      });
      const answer = (await res.json()) as { code: string; outcome: string; message: string };
      expect(res.status, JSON.stringify(answer)).to.equal(200);
      const byPhone = await app.db.connection.collection('tickets').findOne({ _id: answer.code as never });
      // Who called is kept, even when the procedure closed the complaint before the chat would ask it.
      expect(byPhone).to.include({ channel: 'phone', serial, customerName: 'Chị Thu', phone: `+84${phone.replace(/\D/g, '').slice(1)}` });

      // Same branch, fraud signals, deadline, outcome.
      for (const t of [chat!, byPhone!]) {
        const who = t.channel;
        expect(branchOf(t), `${who} branch`).to.equal(f.expect.branch);
        expect(t.fraudSignals, `${who} fraud signals`).to.deep.equal(f.expect.fraudSignals);
        expect(time(t.deadline), `${who} deadline`).to.equal(f.expect.deadline?.getTime());
        expect(t.resolution, `${who} resolution`).to.equal(f.expect.resolution);
        expect(t.handoffReason, `${who} handoff reason`).to.equal(f.expect.handoffReason);
        if (f.serial) expect(t.cardSystemError, `${who} card check failed`).to.equal('http_500');
        else if (f.card || f.expect.question === 'serial') expect(t.findings, `${who} card check`).to.be.an('object');
        else if (f.expect.resolution === 'expired') expect(t.findings, `${who} no card check`).to.equal(undefined);
      }
      expect(branchOf(byPhone!)).to.equal(branchOf(chat!));
      expect(byPhone!.fraudSignals).to.deep.equal(chat!.fraudSignals);
      expect(time(byPhone!.deadline)).to.equal(time(chat!.deadline));
      expect(time(byPhone!.firstResponseDue)).to.equal(time(chat!.firstResponseDue));
      expect(time(byPhone!.transactionAt)).to.equal(time(chat!.transactionAt));
      expect(byPhone!.statusText).to.equal(chat!.statusText);

      // Where each stands: closed in both; handed off in both (the phone case held by the agent who
      // took the call); a question the records raise is the chat's next message, and the agent's to ask.
      const claim = await app.db.connection.collection('console_claims').findOne({ ticketCode: byPhone!.code });
      if (f.expect.resolution) {
        expect(chat!.status).to.equal('closed');
        expect(byPhone!.status).to.equal('closed');
        expect(claim).to.equal(null);
      } else {
        expect(byPhone!.status).to.equal('waiting_agent');
        expect(claim).to.include({ agentId: 'lan' });
        expect(chat!.status).to.equal(f.expect.handoffReason ? 'waiting_agent' : 'open');
        expect(byPhone!.firstHumanReplyAt, 'the agent on the line answered').to.be.instanceOf(Date);
      }
      expect(answer.outcome).to.equal(f.expect.resolution ? 'closed' : f.expect.handoffReason ? 'handedOff' : 'needsAnswer');

      // The agent reads what happened, in Vietnamese, never a code.
      const message: string = answer.message;
      expect(message).to.include(byPhone!.code);
      expect(message).to.not.match(SNAKE_CODE);
      if (f.expect.resolution) expect(message).to.include(vi.resolution[f.expect.resolution]);
      if (f.expect.handoffReason) expect(message).to.include(vi.handoffReason[f.expect.handoffReason]);
      if (f.expect.deadline) expect(message).to.include('17:30 30/11/2026');
      for (const s of f.expect.fraudSignals) expect(message).to.include(vi.fraudSignal[s]);
      if (f.expect.question) expect(message).to.include(vi.phoneForm.question[f.expect.question].split(/[:{]/)[0]);
      // What the chat shows the customer (the masked account, the service, the time) the agent reads too.
      if (f.expect.question === 'isOwnAccount') expect(message).to.include('(Naruto Đại Chiến) lúc 20:00 24/11/2026').and.match(/tài khoản \S*\*+\S* /);
    });
  });

  it('answers in the agent’s language: English when the console is in English', async () => {
    const serial = '10002026119001';
    await cardModel(app.db.connection).create({ _id: serial, denomination: 100000, status: 'active', ...soldByMinhAnh });
    const res = await lan.post('/tickets', {
      situation: 'failed_card_not_found', service: 'naruto', denomination: '50k', serial, purchasePlace: PLACE,
      transactionAt: '8h tối qua', statusText: '', phone: '0912 600 900', email: '', lang: 'en',
    });
    expect(res.status).to.equal(200);
    const { code, message } = (await res.json()) as { code: string; message: string };
    expect(message).to.equal(
      `Complaint ${code} recorded and handed to an agent: ${en.handoffReason.fraud_suspected}, due by 17:30 30/11/2026. You hold it. ` +
        `Fraud signals: ${en.fraudSignal.denomination_mismatch}.`,
    );
  });

  it('a day without its hour on the day Article 3’s month ends is asked for, as in the chat', async () => {
    const res = await lan.post('/tickets', {
      situation: 'failed_card_used', service: 'naruto', denomination: '50k', serial: '1000 2026 1190 02', purchasePlace: PLACE,
      transactionAt: '25/10/2026', statusText: '', phone: '0912 600 901', email: '',
    });
    expect(res.status).to.equal(422);
    expect(((await res.json()) as { fields: unknown }).fields).to.deep.equal({ transactionAt: 'need_hour' });
    const chat = await converse(app, 'phone-eq-need-hour', ['Thẻ đã được sử dụng', 'có', 'naruto', '50k', '1000 2026 1190 02', PLACE, '25/10/2026']);
    expect(allText(chat.slice(-1))).to.include('cả giờ nạp thẻ');
  });
});
