import { expect } from 'chai';
import { startWorld, World, converse, allText, lastText, ticketOf, ownerOf, nextPhone, nextSerial } from './harness';
import { fold } from '../../machines/text/fold';

// Customers as they really write (issue 12): commands in the first message, a whole complaint in
// one message, free text at every choice, other issuers, questions that are not complaints, and
// the thanks after a case. Whole conversations over HTTP against the real bot and database.

const SOLD_AT = '2026-11-20T09:15:00+07:00';
const MINH_ANH = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };
const success = { at: '2026-11-24T20:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja_2010', result: 'success' as const, providerAck: true };

function branchA(world: World, serial: string): void {
  world.issuer.put(
    { serial, denomination: 50000, status: 'used', activatedAt: '2026-10-01T08:00:00+07:00', soldAt: SOLD_AT, soldBy: MINH_ANH, usedAt: success.at, usedBy: { service: success.service, account: success.account } },
    [{ ...success, id: `TP-${serial}` }],
  );
}

function usedBefore(world: World, serial: string): void {
  world.issuer.put(
    { serial, denomination: 50000, status: 'used', activatedAt: '2026-10-01T08:00:00+07:00', soldAt: SOLD_AT, soldBy: MINH_ANH, usedAt: '2026-11-19T10:02:00+07:00', usedBy: { service: 'Naruto Đại Chiến', account: 'x' } },
    [{ at: '2026-11-24T20:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja', result: 'failed', error: 'card_used', id: `TP-${serial}` }],
  );
}

/** The whole story in one message, as customers write it. */
function oneMessage(serial: string, phone: string, situation = 'nạp thẻ BIT thành công mà không thấy tiền đâu'): string {
  return `${situation}, thẻ 50k nạp vào Naruto lúc 8h tối qua, serial ${serial}, mua ở Đại lý Minh Anh 12 Lê Lợi, sđt ${phone}`;
}

describe('customers writing freely (issue 12)', function () {
  this.timeout(90000);
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.close());

  describe('commands in the very first message', () => {
    const agentRequests = ['cho mình gặp nhân viên với', 'cho minh gap nhan vien voi', 'mình muốn nói chuyện với người thật', 'ad ơi chuyển nhân viên giúp e', 'gap tu van vien'];
    agentRequests.forEach((text, i) => {
      it(`"${text}" goes to a person at once, without the greeting or the situation menu`, async () => {
        const conv = `first-agent-${i}`;
        const ex = await converse(world.app, conv, [text]);
        expect(allText(ex)).to.match(/chuyển Quý khách đến nhân viên/);
        expect(allText(ex)).not.to.match(/Xin chào|tình huống nào/);
        expect(await ownerOf(world.app, conv)).to.equal('queue');
        expect(await ticketOf(world.app, conv)).to.include({ handoffReason: 'customer_request' });
      });
    });

    for (const text of ['hủy', 'huy', 'thôi không cần nữa']) {
      it(`"${text}" as a first message says there is nothing to cancel`, async () => {
        const ex = await converse(world.app, `first-cancel-${fold(text).replace(/\W+/g, '-')}`, [text]);
        expect(allText(ex)).to.match(/chưa có khiếu nại nào đang làm dở/);
        expect(allText(ex)).not.to.match(/tình huống nào/);
      });
    }

    it('"tra cứu khiếu nại" as a first message asks for the ticket code', async () => {
      const ex = await converse(world.app, 'first-lookup', ['tra cứu khiếu nại']);
      expect(lastText(ex)).to.match(/mã khiếu nại/i);
    });

    it('"bắt đầu lại" as a first message starts the intake', async () => {
      const ex = await converse(world.app, 'first-restart', ['bat dau lai']);
      expect(lastText(ex)).to.match(/tình huống nào/);
    });
  });

  describe('a complaint given in one message', () => {
    it('keeps the game and value from the first sentence and asks only what is missing', async () => {
      const ex = await converse(world.app, 'one-naruto', ['Mình nạp thẻ BIT 200k vào Naruto mà báo thẻ không tồn tại']);
      const text = allText(ex);
      expect(text).to.match(/serial/i);
      expect(text).not.to.match(/dịch vụ\/game nào|Mệnh giá thẻ là bao nhiêu/);
      // The customer is told what was read.
      expect(text).to.match(/đã ghi nhận/).and.match(/Dịch vụ: Naruto Đại Chiến/).and.match(/Mệnh giá: 200\.000/);
    });

    it('details given at another question are kept and said back, not counted as a wrong answer', async () => {
      const ex = await converse(world.app, 'mid-extra', ['thẻ không tồn tại', 'có', 'thẻ 50k, sđt 0912 777 888']);
      const text = ex[2].replies.map((r) => r.text).join('\n');
      expect(text).to.match(/đã ghi nhận/).and.match(/50\.000/).and.match(/\+84912777888|0912/);
      // Still the game question, then the value is not asked.
      expect(text).to.match(/dịch vụ\/game nào/);
      const next = await converse(world.app, 'mid-extra', ['naruto']);
      expect(allText(next)).to.match(/serial/i).and.not.match(/Mệnh giá thẻ là/);
    });

    for (const typing of ['with diacritics', 'without diacritics'] as const) {
      it(`every field from one rambling message reaches the summary and the ticket (${typing})`, async () => {
        const serial = nextSerial();
        branchA(world, serial);
        const phone = nextPhone();
        const conv = `one-all-${typing.replace(/ /g, '-')}`;
        const first = oneMessage(serial, phone);
        const ex = await converse(world.app, conv, [typing === 'with diacritics' ? first : fold(first), 'dung vay', 'bo qua']);
        const summary = lastText(ex);
        expect(summary, allText(ex)).to.match(/kiểm tra lại thông tin/);
        expect(summary).to.match(/Naruto Đại Chiến/).and.match(/50\.000/).and.match(new RegExp(serial)).and.match(/minh anh/i).and.match(/20:00 24\/11\/2026/);
        // Only the status and the e-mail were asked: nothing given was asked again.
        expect(allText(ex)).not.to.match(/dịch vụ\/game nào|Mệnh giá thẻ là|Số serial in trên thẻ|mua thẻ ở cửa hàng|nạp thẻ lúc nào|Số điện thoại để Qpal/);
        const done = await converse(world.app, conv, ['gui', 'đúng là của em', 'em tự gọi nhà cung cấp ạ']);
        const t = await ticketOf(world.app, conv);
        expect(t, allText(done)).to.include({ serial, denomination: 50000, resolution: 'provider_contact' });
        expect(t!.statusText).to.match(/không được cộng/);
      });
    }
  });

  describe('free text at every choice', () => {
    async function toBranchA(conv: string): Promise<void> {
      const serial = nextSerial();
      branchA(world, serial);
      await converse(world.app, conv, [oneMessage(serial, nextPhone()), 'đúng vậy', 'không có email', 'gửi đi']);
    }

    const investigate = ['nhờ qpal tra soát giúp em với ạ', 'nho qpal tra soat giup em', 'qpal kiểm tra hộ mình nhé', 'đề nghị Qpal tra soát giao dịch với nhà cung cấp'];
    for (const text of investigate) {
      it(`branch A: "${text}" asks Qpal to investigate`, async () => {
        const conv = `freeA-inv-${fold(text).replace(/\W+/g, '-')}`;
        await toBranchA(conv);
        const ex = await converse(world.app, conv, ['dung roi la cua em', text]);
        const t = await ticketOf(world.app, conv);
        expect(t, allText(ex)).to.include({ resolution: 'provider_investigation', handoffReason: 'provider_investigation' });
      });
    }

    const call = ['để em tự liên hệ nhà cung cấp', 'tu goi nha cung cap', 'cho em xin số tổng đài'];
    for (const text of call) {
      it(`branch A: "${text}" calls the provider`, async () => {
        const conv = `freeA-call-${fold(text).replace(/\W+/g, '-')}`;
        await toBranchA(conv);
        const ex = await converse(world.app, conv, ['vâng đúng ạ', text]);
        expect(allText(ex)).to.match(/1900 0001/);
        expect(await ticketOf(world.app, conv)).to.include({ resolution: 'provider_contact' });
      });
    }

    it('branch A: an unclear answer is asked again with the buttons, never guessed', async () => {
      const conv = 'freeA-unclear';
      await toBranchA(conv);
      const ex = await converse(world.app, conv, ['có', 'ok']);
      const last = ex[1].replies;
      expect(last[0].text).to.match(/chưa rõ Quý khách chọn cách nào/);
      expect(last[0].choices).to.deep.equal(['Tự gọi nhà cung cấp', 'Nhờ Qpal tra soát']);
    });

    it('card shell: "vẫn còn giữ ạ" and "mat roi" are read', async () => {
      for (const [text, resolution] of [['vẫn còn giữ ạ', 'used_before_purchase'], ['mat roi a', 'card_shell_invalid']] as const) {
        const serial = nextSerial();
        usedBefore(world, serial);
        const conv = `free-shell-${resolution}`;
        const ex = await converse(world.app, conv, [oneMessage(serial, nextPhone(), 'thẻ bit báo đã được sử dụng'), 'như trên', 'bỏ qua', 'ok gửi', text]);
        expect(await ticketOf(world.app, conv), allText(ex)).to.include({ resolution });
      }
    });

    it('a lone character is never consent: "ữ" at a yes/no question is asked again with the buttons', async () => {
      const ex = await converse(world.app, 'free-lone', ['thẻ không tồn tại', 'ữ']);
      const reask = ex[1].replies;
      expect(reask[0].text).to.match(/«có» hoặc «không»/);
      expect(reask[0].choices).to.deep.equal(['Đúng, thẻ BIT', 'Không phải']);
      expect(allText(ex)).not.to.match(/dịch vụ\/game nào/);
    });

    it('status: a description is added to the prefilled text', async () => {
      const serial = nextSerial();
      branchA(world, serial);
      const conv = 'free-status-add';
      await converse(world.app, conv, [oneMessage(serial, nextPhone()), 'em nạp 2 lần đều vậy', 'bỏ qua', 'gửi']);
      const t = await ticketOf(world.app, conv);
      expect(t!.statusText).to.match(/không được cộng/).and.match(/em nạp 2 lần đều vậy/);
    });
  });

  describe('other issuers', () => {
    const cases: Array<[string, RegExp]> = [
      ['thẻ viettel 100k của em nạp không được', /Viettel/],
      ['the vinaphone nap ko vao', /Vinaphone/],
      ['em nạp thẻ Garena mà báo lỗi', /Garena/],
      ['thẻ zing 50k bị lỗi', /Zing/],
    ];
    for (const [text, issuer] of cases) {
      it(`"${text}" gets the out-of-scope answer at once, naming ${issuer.source}`, async () => {
        const conv = `issuer-${fold(text).replace(/\W+/g, '-')}`;
        const ex = await converse(world.app, conv, [text]);
        expect(allText(ex)).to.match(issuer).and.match(/không phải thẻ cào BIT/);
        expect(allText(ex)).not.to.match(/có phải thẻ cào BIT do Qpal phát hành không/);
        expect(await ticketOf(world.app, conv)).to.include({ resolution: 'out_of_scope' });
      });
    }
  });

  describe('questions that are not complaints', () => {
    const cases: Array<[string, RegExp]> = [
      ['mua thẻ bit ở đâu vậy shop', /đại lý, cửa hàng tạp hóa/],
      ['the bi rach thi con nap duoc khong a', /rách hoặc mờ/],
      ['thẻ bit nạp được game nào vậy', /Naruto Đại Chiến/],
    ];
    for (const [text, answer] of cases) {
      it(`"${text}" is answered, then a complaint or a person is offered`, async () => {
        const conv = `faq-${fold(text).replace(/\W+/g, '-')}`;
        const ex = await converse(world.app, conv, [text]);
        const replies = ex[0].replies;
        expect(allText(ex)).to.match(answer);
        expect(replies[replies.length - 1].choices).to.deep.equal(['Khiếu nại', 'Gặp nhân viên']);
        const next = await converse(world.app, conv, ['Gặp nhân viên']);
        expect(allText(next)).to.match(/chuyển Quý khách đến nhân viên/);
      });
    }
  });

  describe('the end of a case', () => {
    it('thanks get a short closing; a new problem starts a new intake without the long greeting', async () => {
      const conv = 'closing-1';
      const ex = await converse(world.app, conv, ['thẻ của em là thẻ viettel', 'cảm ơn ạ', 'ok']);
      expect(ex[1].replies.map((r) => r.text).join()).to.match(/cảm ơn Quý khách/);
      expect(ex[1].replies.map((r) => r.text).join()).not.to.match(/tình huống nào|Xin chào/);
      expect(ex[2].replies.map((r) => r.text).join()).not.to.match(/tình huống nào|Xin chào/);
      const again = await converse(world.app, conv, ['lại bị lỗi thẻ đã được sử dụng']);
      expect(allText(again)).to.match(/có phải thẻ cào BIT/);
      expect(allText(again)).not.to.match(/Xin chào/);
    });

    it('the long greeting is shown once per conversation', async () => {
      const conv = 'greet-once';
      const first = await converse(world.app, conv, ['chào shop', 'hủy']);
      expect(allText(first)).to.match(/Xin chào/);
      const second = await converse(world.app, conv, ['thẻ không tồn tại']);
      expect(allText(second)).not.to.match(/Xin chào/);
      expect(allText(second)).to.match(/có phải thẻ cào BIT/);
    });
  });
});
