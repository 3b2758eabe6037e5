import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import { simpleParser, ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { startWorld, World, converse, allText, lastText, withoutDiacritics, ticketOf, ownerOf, nextPhone, nextSerial, NOW } from './harness';

const MINH_ANH = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };

function opening(serial: string, time = '8 giờ tối hôm qua', phone = nextPhone()): string[] {
  return ['thẻ không tồn tại', 'có', 'naruto', '50k', serial, 'Đại lý Minh Anh 12 Lê Lợi', time, 'Đúng như vậy', phone];
}

function activeCard(world: World, serial: string) {
  world.issuer.put(
    { serial, denomination: 50000, status: 'active', soldAt: '2026-10-20T09:00:00+07:00', soldBy: MINH_ANH },
    [{ id: `TP-${serial}`, at: '2026-10-25T12:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja', result: 'failed', error: 'wrong_code' }],
  );
}

describe('the procedure around the branches', function () {
  this.timeout(60000);
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.close());

  describe('Article 3: one calendar month, in Asia/Ho_Chi_Minh', () => {
    // NOW is 10:00 on 25/11/2026: a top-up at 10:00 on 25/10 is exactly one month old.
    const cases: Array<[string, string, string]> = [
      ['exactly one month', '10h ngày 25/10/2026', 'closed:reenter_code'],
      ['one month and one minute', '9h59 ngày 25/10/2026', 'closed:expired'],
      ['one month and one minute, typed without diacritics', '9h59 ngay 25/10/2026', 'closed:expired'],
      ['well inside the month', '8 giờ tối hôm kia', 'closed:reenter_code'],
    ];
    for (const [name, time, expected] of cases) {
      it(`${name}: "${time}" → ${expected}`, async () => {
        const serial = nextSerial();
        activeCard(world, serial);
        const conv = `art3-${serial}`;
        const ex = await converse(world.app, conv, [...opening(serial, time), 'bỏ qua', 'Gửi khiếu nại']);
        const t = await ticketOf(world.app, conv);
        expect(`${t?.status}:${t?.resolution}`, allText(ex)).to.equal(expected);
        if (expected.endsWith('expired')) {
          expect(allText(ex)).to.match(/Điều 3/).and.match(/1 tháng/);
          // Refused at once: the summary and the card check are never reached.
          expect(allText(ex)).not.to.match(/kiểm tra lại thông tin khiếu nại/);
        }
      });
    }

    it('asks for the hour when only a day is given on the boundary day', async () => {
      const serial = nextSerial();
      activeCard(world, serial);
      const conv = `art3-hour-${serial}`;
      const ex = await converse(world.app, conv, [...opening(serial).slice(0, 6), 'ngày 25/10/2026', '11h ngày 25/10/2026']);
      expect(ex[6].replies[0].text).to.match(/cả giờ nạp/);
      expect(ex[7].replies.map((r) => r.text).join()).to.match(/Tình trạng giao dịch/);
    });
  });

  it('a card not issued by Qpal is out of scope, with a ticket and the reason', async () => {
    const conv = 'scope-1';
    const ex = await converse(world.app, conv, ['thẻ không tồn tại', 'không phải']);
    expect(allText(ex)).to.match(/chỉ tiếp nhận khiếu nại về thẻ cào BIT/);
    const t = await ticketOf(world.app, conv);
    expect(t).to.include({ status: 'closed', resolution: 'out_of_scope' });
  });

  for (const typing of ['with diacritics', 'without diacritics'] as const) {
    it(`an "other" situation is described, recorded and handed to an agent (${typing})`, async () => {
      const conv = `other-${typing.replace(/ /g, '-')}`;
      const script = ['Vấn đề khác', 'có', 'Tôi muốn hỏi đại lý gần nhà bán thẻ BIT', nextPhone(), 'bỏ qua', 'Gửi khiếu nại'];
      const ex = await converse(world.app, conv, typing === 'with diacritics' ? script : withoutDiacritics(script));
      const t = await ticketOf(world.app, conv);
      expect(t, allText(ex)).to.include({ status: 'waiting_agent', handoffReason: 'other_situation' });
      expect(t!.statusText.toLowerCase()).to.include(typing === 'with diacritics' ? 'đại lý gần nhà' : 'dai ly gan nha');
      expect(await ownerOf(world.app, conv)).to.equal('queue');
    });
  }

  for (const phrase of ['gặp nhân viên', 'gap nhan vien', 'cho em gặp nhân viên tư vấn']) {
    it(`"${phrase}" at any question hands the conversation to a person, keeping what was given`, async () => {
      const serial = nextSerial();
      const conv = `agent-${phrase.length}-${serial}`;
      const ex = await converse(world.app, conv, ['thẻ đã được sử dụng', 'có', 'naruto', '50k', serial, phrase]);
      expect(lastText(ex)).to.match(/chuyển Quý khách đến nhân viên/);
      const t = await ticketOf(world.app, conv);
      expect(t).to.include({ status: 'waiting_agent', handoffReason: 'customer_request', serial, denomination: 50000 });
      // The bot no longer talks over the agent: one short note, then silence.
      const later = await converse(world.app, conv, ['alo', 'có ai không']);
      expect(later[0].replies.map((r) => r.text).join()).to.match(/chuyển cho nhân viên/);
      expect(later[1].replies).to.have.length(0);
    });
  }

  it('three bad answers to one question offer a person; accepting hands off', async () => {
    const conv = 'misses-1';
    const ex = await converse(world.app, conv, ['thẻ đã được sử dụng', 'có', 'naruto', 'nhiều lắm', 'không nhớ', '???', 'có']);
    expect(ex[5].replies.map((r) => r.text).join()).to.match(/gặp nhân viên/);
    expect(ex[5].replies.at(-1)!.choices).to.deep.equal(['Gặp nhân viên', 'Thử lại']);
    expect(lastText(ex)).to.match(/giúp hoàn tất thông tin/);
    expect(await ticketOf(world.app, conv)).to.include({ handoffReason: 'repeated_misses', status: 'waiting_agent' });
  });

  it('declining the offer asks the same question again, with nothing lost', async () => {
    const conv = 'misses-2';
    const ex = await converse(world.app, conv, ['thẻ đã được sử dụng', 'có', 'naruto', 'a', 'b', 'c', 'Thử lại', '20 nghìn']);
    expect(ex[6].replies.at(-1)!.text).to.match(/Mệnh giá/);
    expect(lastText(ex)).to.match(/serial/);
  });

  it('"hủy" cancels; the next message starts a new complaint', async () => {
    const conv = 'cancel-1';
    const ex = await converse(world.app, conv, ['thẻ đã được sử dụng', 'có', 'naruto', 'huy', 'alo']);
    expect(ex[3].replies.map((r) => r.text).join()).to.match(/đã hủy yêu cầu khiếu nại/);
    // A new intake, without the long greeting a second time in the same conversation.
    expect(ex[4].replies[0].text).to.match(/tình huống nào/).and.not.match(/Xin chào/);
    expect(await ticketOf(world.app, conv)).to.equal(null);
  });

  it('"bắt đầu lại" restarts from the first question', async () => {
    const ex = await converse(world.app, 'restart-1', ['thẻ đã được sử dụng', 'có', 'naruto', 'bắt đầu lại']);
    expect(lastText(ex)).to.match(/bắt đầu lại một khiếu nại mới/);
    expect(ex[3].replies.at(-1)!.text).to.match(/tình huống nào/);
  });

  it('the summary lets the customer correct a field, then shows it again', async () => {
    const serial = nextSerial();
    activeCard(world, serial);
    const conv = `edit-${serial}`;
    const ex = await converse(world.app, conv, [...opening(serial), 'bỏ qua', 'Sửa mệnh giá', '100 nghìn', 'sửa số điện thoại', '0987 654 321', 'Gửi khiếu nại']);
    expect(ex[10].replies.at(-1)!.text).to.match(/Mệnh giá/);
    expect(ex[11].replies.at(-1)!.text).to.match(/Mệnh giá: 100\.000đ/);
    expect(ex[13].replies.at(-1)!.text).to.match(/Điện thoại: 0987 654 321/);
    const t = await ticketOf(world.app, conv);
    expect(t).to.include({ denomination: 100000, phone: '+84987654321' });
    // The card is 50.000đ: the corrected value is what Step 3 compared.
    expect(t!.fraudSignals).to.include('denomination_mismatch');
  });

  describe('bad input at every question gets a specific answer and loses nothing', () => {
    const steps: Array<[string, string, RegExp]> = [
      ['situation', 'alo alo', /chưa rõ Quý khách gặp tình huống nào/],
      ['isBitCard', 'hmm', /«có» hoặc «không»/],
      ['service', '', /chưa ghi tên dịch vụ/],
      ['denomination', '75k', /không có mệnh giá này/],
      ['serial', '12 34', /quá ngắn/],
      ['purchasePlace', 'a', /tên cửa hàng/],
      ['transactionAt', '8h tối ngày mai', /tương lai/],
      ['statusText', 'x'.repeat(5000), /quá dài/],
      ['phone', '1900 1234', /không phải số di động|không hợp lệ/],
      ['email', 'abc@', /email chưa đúng dạng/],
    ];
    const good = ['thẻ không tồn tại', 'có', 'naruto', '50k', '1000 2026 1111 22', 'Đại lý Minh Anh', 'hôm qua lúc 20h', 'Đúng như vậy', '0912 000 111', 'bỏ qua'];
    it('re-asks each question with its reason and keeps earlier answers', async () => {
      const conv = 'bad-input';
      await converse(world.app, conv, ['xin chào']);
      for (let i = 0; i < steps.length; i += 1) {
        const [field, bad, reason] = steps[i];
        const [badEx] = await converse(world.app, conv, [bad]);
        const text = badEx.replies.map((r) => r.text).join('\n');
        expect(text, field).to.match(reason);
        await converse(world.app, conv, [good[i]]);
      }
      const [summary] = await converse(world.app, conv, ['sửa']);
      expect(summary.replies.at(-1)!.text).to.match(/Serial: 10002026111122/).and.match(/Mệnh giá: 50\.000đ/).and.match(/Điện thoại: 0912 000 111/).and.not.match(/\+84/);
    });

    it('a sticker or an image gets a specific answer', async () => {
      const [, , ex] = await converse(world.app, 'sticker-1', ['thẻ không tồn tại', 'có', '']).then(async (first) => {
        const sticker = await converse(world.app, 'sticker-1', [''], { attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/sticker.png' }] });
        return [...first.slice(0, 2), sticker[0]];
      });
      expect(ex.replies[0].text).to.match(/hình ảnh hay nhãn dán/);
    });

    it('emoji only gets a specific answer', async () => {
      const ex = await converse(world.app, 'emoji-1', ['thẻ không tồn tại', '😀👍']);
      expect(ex[1].replies[0].text).to.match(/chưa nhận được nội dung/);
    });

    it('a 5,000-character message is stored whole in the transcript', async () => {
      const long = 'thẻ lỗi '.repeat(700).slice(0, 5000);
      await converse(world.app, 'long-1', [long]);
      const entry = await world.app.db.connection.collection('transcripts').findOne({ conversation: 'cli:long-1', direction: 'in' });
      expect(entry?.text).to.have.length(5000);
    });
  });

  it('"tra cứu" with the right phone tells status and deadline; a wrong phone reveals nothing', async () => {
    const serial = nextSerial();
    const phone = '0912 777 888';
    const conv2 = `lookup-src-${serial}`;
    world.issuer.outage(serial, 'http500');
    await converse(world.app, conv2, [...opening(serial, '8 giờ tối hôm qua', phone), 'bỏ qua', 'Gửi khiếu nại']);
    const t2 = await ticketOf(world.app, conv2);
    const ok = await converse(world.app, 'lookup-1', [`tra cứu ${t2!.code.toLowerCase()}`, phone]);
    expect(ok[0].replies[0].text).to.match(/số điện thoại/);
    expect(ok[1].replies[0].text).to.match(new RegExp(`${t2!.code} đang chờ nhân viên xử lý, hạn trả lời: 17:30 30/11/2026`));
    const wrong = await converse(world.app, 'lookup-2', [`tra cuu ${t2!.code}`, '0987 000 000']);
    expect(wrong[1].replies[0].text).to.match(/không tìm thấy khiếu nại nào khớp/);
    expect(wrong[1].replies[0].text).not.to.match(/chờ nhân viên/);
    const unknown = await converse(world.app, 'lookup-3', ['tra cứu KN-0101-9999', phone]);
    expect(unknown[1].replies[0].text).to.equal(wrong[1].replies[0].text.replace(t2!.code, 'KN-0101-9999'));
  });

  describe('Step 4 by e-mail', () => {
    let smtp: SMTPServer;
    let mails: ParsedMail[];
    let mailWorld: World;
    before(async () => {
      mails = [];
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, _session, cb) {
          simpleParser(stream).then((m) => {
            mails.push(m);
            cb();
          }, cb);
        },
      });
      await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
      const port = (smtp.server.address() as AddressInfo).port;
      mailWorld = await startWorld({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    });
    after(async () => {
      await mailWorld.close();
      await new Promise<void>((r) => smtp.close(() => r()));
    });

    it('sends the confirmation with the outcome and ticket code when an address was given', async () => {
      const serial = nextSerial();
      activeCard(mailWorld, serial);
      const conv = `mail-${serial}`;
      await converse(mailWorld.app, conv, [...opening(serial), 'Nguyen.Van.A@Gmail.com', 'Gửi khiếu nại']);
      const t = await ticketOf(mailWorld.app, conv);
      expect(t).to.include({ status: 'closed', resolution: 'reenter_code', email: 'nguyen.van.a@gmail.com' });
      expect(t!.confirmation.email).to.equal('sent');
      expect(mails).to.have.length(1);
      expect(mails[0].subject).to.equal(`Qpal xác nhận kết quả khiếu nại ${t!.code}`);
      expect(mails[0].text).to.include('nhập cẩn thận');
      expect((mails[0].to as { text: string }).text).to.include('nguyen.van.a@gmail.com');
    });

    it('records that no e-mail was sent when SMTP is not configured', async () => {
      const serial = nextSerial();
      activeCard(world, serial);
      const conv = `nomail-${serial}`;
      await converse(world.app, conv, [...opening(serial), 'a@b.vn', 'Gửi khiếu nại']);
      expect((await ticketOf(world.app, conv))!.confirmation.email).to.equal('not_configured');
    });
  });

  it('keeps the ticket history of what changed', async () => {
    const serial = nextSerial();
    activeCard(world, serial);
    const conv = `history-${serial}`;
    await converse(world.app, conv, [...opening(serial), 'bỏ qua', 'Gửi khiếu nại']);
    const t = await ticketOf(world.app, conv);
    const history = await world.app.db.connection.collection('ticket_history').find({ ticketCode: t!.code }).sort({ at: 1 }).toArray();
    expect(history.map((h) => h.action)).to.include('created').and.include('closed');
    const closing = history.find((h) => h.action === 'closed')!;
    expect(closing.actor).to.equal('bot');
    expect(new Date(closing.at).getTime()).to.equal(NOW.getTime());
  });
});
