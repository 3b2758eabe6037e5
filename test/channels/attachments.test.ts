import { expect } from 'chai';
import { startChannelWorld, ChannelWorld, turnsDone, waitForTurns } from './world';
import { envelope, metaJson, nextMid, postToMessenger } from './graph-server';
import { nextMsgId, postToZalo } from './zalo-server';
import { startFileHost, PNG, type FileHost } from '../support/files';

// Photos from Messenger and Zalo, as the platforms deliver them (a CDN URL that expires): the bot
// downloads each one when it arrives and keeps it with the transcript, the caption beside it.
describe('attachments from Messenger and Zalo are kept', function () {
  this.timeout(30000);
  let w: ChannelWorld;
  let files: FileHost;
  before(async () => {
    [w, files] = await Promise.all([startChannelWorld('attachments', { ATTACHMENTS_ALLOW_PRIVATE_HOSTS: 'on' }), startFileHost()]);
    files.put('/fb/photo.png', PNG, 'image/png');
    files.put('/zalo/photo.png', PNG, 'image/png');
  });
  after(async () => {
    await w?.close();
    await files?.close();
  });
  const col = (name: string) => w.app.db.connection.collection(name);
  const lastIn = (conversation: string) => col('transcripts').find({ conversation, direction: 'in' }).sort({ at: -1 }).limit(1).next();
  const stored = async (id: string) => Buffer.from((await col('attachments').findOne({ _id: id as never }))!.data.buffer);

  it('Messenger: an image message is downloaded and stored', async () => {
    const psid = '2470000000099001';
    const event = { sender: { id: psid }, recipient: { id: w.graph.pageId }, timestamp: Date.now(), message: { mid: nextMid(), attachments: [{ type: 'image', payload: { url: `${files.url}/fb/photo.png` } }] } };
    const n = await turnsDone(w.app, 'messenger');
    expect(await postToMessenger(w.app.url, Buffer.from(metaJson(envelope(w.graph.pageId, [event]))), w.graph.appSecret)).to.equal(200);
    await waitForTurns(w.app, 'messenger', n + 1);
    const entry = await lastIn(`messenger:${psid}`);
    expect(entry!.files).to.have.length(1);
    expect(entry!.files[0]).to.include({ contentType: 'image/png', size: PNG.length });
    expect((await stored(entry!.files[0].id)).equals(PNG)).to.equal(true);
  });

  it('Zalo: an image with a caption keeps both', async () => {
    const userId = '4099000000000001';
    const event = {
      app_id: w.zalo.appId,
      user_id_by_app: '979122185046046317',
      event_name: 'user_send_image',
      timestamp: String(Date.now()),
      sender: { id: userId },
      recipient: { id: w.zalo.oaId },
      message: { msg_id: nextMsgId(), text: 'mặt sau thẻ của em', attachments: [{ type: 'image', payload: { url: `${files.url}/zalo/photo.png`, thumbnail: `${files.url}/zalo/photo.png` } }] },
    };
    const n = await turnsDone(w.app, 'zalo');
    expect(await postToZalo(w.app.url, w.zalo, Buffer.from(JSON.stringify(event)))).to.equal(200);
    await waitForTurns(w.app, 'zalo', n + 1);
    const entry = await lastIn(`zalo:${userId}`);
    expect(entry!.text).to.equal('mặt sau thẻ của em');
    expect(entry!.files[0]).to.include({ contentType: 'image/png' });
    expect((await stored(entry!.files[0].id)).equals(PNG)).to.equal(true);
  });
});
