import { expect } from 'chai';
import { startWorld, World, converse, allText, ticketOf, nextPhone, nextSerial } from './harness';
import { startFileHost, PNG, type FileHost } from '../support/files';
import { cardUsedTopup, usedCard } from '../support/issuer';

// Article 3 turns on the card shell: at that question a photo of it counts as "I still have it",
// and the photo is kept with the conversation. A sticker is not a photo of anything.
describe('a photo of the card shell at the card-shell question', function () {
  this.timeout(60000);
  let world: World;
  let files: FileHost;
  before(async () => {
    [world, files] = await Promise.all([startWorld({ ATTACHMENTS_ALLOW_PRIVATE_HOSTS: 'on' }), startFileHost()]);
    files.put('/shell.png', PNG, 'image/png');
  });
  after(async () => {
    await world.close();
    await files.close();
  });

  async function untilShellQuestion(conv: string): Promise<void> {
    const serial = nextSerial();
    world.issuer.put(usedCard(serial, '2026-11-19T10:02:00+07:00'), [cardUsedTopup(serial)]);
    const ex = await converse(world.app, conv, ['thẻ đã được sử dụng', 'có', 'naruto', '50k', serial, 'Đại lý Minh Anh, 12 Lê Lợi Q1', '8 giờ tối hôm qua', 'Đúng như vậy', nextPhone(), 'bỏ qua', 'Gửi khiếu nại']);
    expect(allText(ex)).to.match(/còn giữ xác thẻ/);
  }

  it('a photo alone is a yes: the exchange is granted and the photo is kept', async () => {
    const conv = 'shell-photo-yes';
    await untilShellQuestion(conv);
    const ex = await converse(world.app, conv, [''], { attachments: [{ contentType: 'image/jpeg', contentUrl: `${files.url}/shell.png` }] });
    expect(allText(ex)).to.match(/đổi thẻ mới/);
    const t = await ticketOf(world.app, conv);
    expect(t).to.include({ status: 'closed', resolution: 'used_before_purchase' });
    const entry = await world.app.db.connection.collection('transcripts').findOne({ conversation: `cli:${conv}`, 'files.0': { $exists: true } });
    expect(entry!.files[0]).to.include({ contentType: 'image/png', size: PNG.length });
    const stored = await world.app.db.connection.collection('attachments').findOne({ _id: entry!.files[0].id });
    expect(Buffer.from(stored!.data.buffer).equals(PNG)).to.equal(true);
  });

  it('words with the photo still decide; a sticker is asked again', async () => {
    const conv = 'shell-photo-words';
    await untilShellQuestion(conv);
    const sticker = await converse(world.app, conv, [''], { attachments: [{ contentType: 'image/sticker' }] });
    expect((await ticketOf(world.app, conv))!.status).to.not.equal('closed');
    expect(allText(sticker)).to.not.match(/đổi thẻ mới/);
    const ex = await converse(world.app, conv, ['mất rồi'], { attachments: [{ contentType: 'image/jpeg', contentUrl: `${files.url}/shell.png` }] });
    expect(allText(ex)).to.match(/Điều 3/);
    expect(await ticketOf(world.app, conv)).to.include({ status: 'closed', resolution: 'card_shell_invalid' });
  });
});
