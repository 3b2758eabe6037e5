import { expect } from 'chai';
import { startWorld, World, converse, allText, ticketOf, nextPhone, nextSerial } from './harness';
import { opsHeaders } from '../support/app';

const MINH_ANH = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };

/** A complaint the bot closes by itself (branch B customer error → reenter_code, Step 4 in the chat). */
function closingComplaint(world: World): string[] {
  const serial = nextSerial();
  world.issuer.put(
    { serial, denomination: 50000, status: 'active', soldAt: '2026-10-20T09:00:00+07:00', soldBy: MINH_ANH },
    [{ id: `TP-${serial}`, at: '2026-11-24T20:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja', result: 'failed', error: 'wrong_code' }],
  );
  return ['thẻ không tồn tại', 'có', 'naruto', '50k', serial, 'Đại lý Minh Anh 12 Lê Lợi', '8 giờ tối hôm qua', 'Đúng như vậy', nextPhone(), 'bỏ qua', 'Gửi khiếu nại'];
}

describe('satisfaction (CSAT) after Step 4, in whole conversations', function () {
  this.timeout(90000);
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.close());

  it('asks 1–5 with buttons after the closing, takes "5 sao" and a comment, stores both on the ticket', async () => {
    const conv = 'csat-full';
    const ex = await converse(world.app, conv, closingComplaint(world));
    const last = ex.at(-1)!.replies;
    expect(allText(ex)).to.match(/nhập cẩn thận/);
    const question = last.at(-1)!;
    expect(question.text).to.match(/từ 1 \(rất không hài lòng\) đến 5 \(rất hài lòng\)/);
    expect(question.choices).to.deep.equal(['1', '2', '3', '4', '5', 'Bỏ qua']);
    const code = (await ticketOf(world.app, conv))!.code as string;
    expect(question.text).to.include(code);

    const rated = await converse(world.app, conv, ['5 sao']);
    expect(rated[0].replies[0].text).to.match(/chấm 5\/5/).and.match(/góp ý/);
    expect(rated[0].replies[0].choices).to.deep.equal(['Bỏ qua']);
    const commented = await converse(world.app, conv, ['Nhân viên trả lời nhanh, cảm ơn!']);
    expect(commented[0].replies[0].text).to.match(/cảm ơn Quý khách đã góp ý/);

    const t = await ticketOf(world.app, conv);
    expect(t!.csat.rating).to.equal(5);
    expect(t!.csat.comment).to.equal('Nhân viên trả lời nhanh, cảm ơn!');
    expect(t!.csat.askedAt).to.be.instanceOf(Date);
    const metrics = await (await fetch(`${world.app.url}/metrics`, { headers: opsHeaders })).text();
    expect(metrics).to.match(/^csat_ratings_total\{rating="5"\} [1-9]/m);

    // Never twice: the next "4" is a new conversation turn for the bot, not a new rating.
    const again = await converse(world.app, conv, ['4']);
    expect(allText(again)).to.not.match(/chấm 4\/5/);
    expect((await world.app.db.connection.collection('tickets').findOne({ _id: code as never }))!.csat.rating).to.equal(5);
  });

  it('reads a rating typed without diacritics and "khong" as no comment', async () => {
    const conv = 'csat-nodia';
    await converse(world.app, conv, closingComplaint(world));
    const ex = await converse(world.app, conv, ['rat hai long', 'khong']);
    expect(ex[0].replies[0].text).to.match(/chấm 5\/5/);
    expect(ex[1].replies[0].text).to.match(/cảm ơn đánh giá/);
    const t = await ticketOf(world.app, conv);
    expect(t!.csat).to.include({ rating: 5 });
    expect(t!.csat.comment).to.equal(undefined);
  });

  it('is skippable with the button, and the skip is recorded', async () => {
    const conv = 'csat-skip';
    await converse(world.app, conv, closingComplaint(world));
    const ex = await converse(world.app, conv, ['Bỏ qua']);
    expect(ex[0].replies.map((r) => r.text).join('\n')).to.match(/cảm ơn Quý khách/);
    const t = await ticketOf(world.app, conv);
    expect(t!.csat.skipped).to.equal(true);
    expect(t!.csat.rating).to.equal(undefined);
  });

  it('reads "ba" as 3; a greeting instead of a rating ends the survey and the bot answers it (the long greeting only once per chat)', async () => {
    const conv = 'csat-three';
    await converse(world.app, conv, closingComplaint(world));
    const ex = await converse(world.app, conv, ['ba']);
    expect(ex[0].replies[0].text).to.match(/chấm 3\/5/);
    expect((await ticketOf(world.app, conv))!.csat.rating).to.equal(3);

    const other = 'csat-alo';
    await converse(world.app, other, closingComplaint(world));
    const alo = await converse(world.app, other, ['alo']);
    const answer = alo[0].replies.map((r) => r.text).join('\n');
    expect(answer).not.to.match(/chấm|sao|\d\/5/);
    expect(answer).to.match(/tình huống nào/);
    const t = await ticketOf(world.app, other);
    expect(t!.csat.rating).to.equal(undefined);
  });

  it('a new complaint typed instead of a rating is not lost: the survey ends and the bot takes the complaint', async () => {
    const conv = 'csat-new';
    await converse(world.app, conv, closingComplaint(world));
    const before = await ticketOf(world.app, conv);
    const ex = await converse(world.app, conv, ['nạp thẻ báo thẻ đã được sử dụng rồi']);
    // The situation was read from that message: the next question is whether it is a BIT card.
    expect(allText(ex)).to.match(/thẻ cào BIT/);
    const stored = await world.app.db.connection.collection('tickets').findOne({ _id: before!.code });
    expect(stored!.csat.rating).to.equal(undefined);
    expect(stored!.csat.askedAt).to.be.instanceOf(Date);
  });
});
