import { expect } from 'chai';
import { NOW } from '../conversations/harness';
import { startChannelWorld, ChannelWorld, sleep } from '../channels/world';
import { envelope, metaJson, postToMessenger, textEvent } from '../channels/graph-server';
import { postToZalo, userText } from '../channels/zalo-server';

// Signed webhook deliveries against a running bot: a captured delivery replayed after
// WEBHOOK_MAX_AGE_MINUTES is acknowledged and never answered; fields of the wrong type are the
// sender's error (400), and the bot keeps answering customers afterwards.

const HOUR = 3600_000;

describe('security: webhooks', function () {
  this.timeout(30000);
  let w: ChannelWorld;
  before(async () => {
    w = await startChannelWorld('sec-webhooks', { WEBHOOK_MAX_AGE_MINUTES: '60' });
  });
  after(() => w?.close());
  afterEach(() => {
    w.clock.now = NOW;
  });

  let seq = 0;
  const newId = () => `24711000000${String((seq += 1)).padStart(5, '0')}`;
  const stale = async (channel: string) => {
    const m = await w.app.metrics.webhookStale.get();
    return m.values.filter((v) => v.labels.channel === channel).reduce((n, v) => n + v.value, 0);
  };
  const messenger = (events: Array<Record<string, unknown>>) => postToMessenger(w.app.url, Buffer.from(metaJson(envelope(w.graph.pageId, events))), w.graph.appSecret);
  const messengerRaw = (body: unknown) => postToMessenger(w.app.url, Buffer.from(JSON.stringify(body)), w.graph.appSecret);
  const zalo = (event: unknown) => postToZalo(w.app.url, w.zalo, Buffer.from(JSON.stringify(event)));
  async function until(check: () => boolean, ms = 10_000) {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) return false;
      await sleep(20);
    }
    return true;
  }

  it('Messenger: an event older than the limit is 200, counted, and never answered; a fresh one is answered', async () => {
    const psid = newId();
    const before = await stale('messenger');
    const old = textEvent(w.graph.pageId, psid, 'Thẻ đã được sử dụng', { timestamp: NOW.getTime() - 2 * HOUR });
    expect(await messenger([old])).to.equal(200);
    expect(await stale('messenger')).to.equal(before + 1);
    await sleep(1500);
    expect(w.graph.messagesTo(psid)).to.deep.equal([]);
    // The same customer writing now is answered: only the replay was dropped.
    expect(await messenger([textEvent(w.graph.pageId, psid, 'alo', { timestamp: NOW.getTime() - 5 * 60_000 })])).to.equal(200);
    expect(await until(() => w.graph.messagesTo(psid).length > 0)).to.equal(true);
  });

  it('Zalo: an event older than the limit is 200, counted, and never answered', async () => {
    const user = newId();
    const before = await stale('zalo');
    expect(await zalo(userText(w.zalo, user, 'Thẻ đã được sử dụng', { timestamp: NOW.getTime() - 3 * HOUR }))).to.equal(200);
    expect(await stale('zalo')).to.equal(before + 1);
    await sleep(1500);
    expect(w.zalo.sent.filter((s) => s.userId === user)).to.deep.equal([]);
    expect(await zalo(userText(w.zalo, user, 'alo', { timestamp: NOW.getTime() }))).to.equal(200);
    expect(await until(() => w.zalo.sent.some((s) => s.userId === user))).to.equal(true);
  });

  it('Messenger: fields of the wrong type are 400, and the bot still answers', async () => {
    const psid = newId();
    const good = () => textEvent(w.graph.pageId, psid, 'alo', { timestamp: NOW.getTime() });
    const cases: unknown[] = [
      { object: 'page', entry: { id: w.graph.pageId, messaging: [good()] } },
      { object: 'page', entry: [{ id: w.graph.pageId, messaging: { 0: good() } }] },
      { object: 'page', entry: [{ id: w.graph.pageId, messaging: [{ ...good(), message: { mid: 'm_1', text: 12345 } }] }] },
      { object: 'page', entry: [{ id: w.graph.pageId, messaging: [{ ...good(), sender: { id: { $gt: '' } } }] }] },
      { object: 'page', entry: [{ id: w.graph.pageId, messaging: [{ ...good(), message: { mid: 'm_2', text: 'x', attachments: 'x' } }] }] },
      { object: 'page', entry: [{ id: w.graph.pageId, messaging: [{ ...good(), postback: { payload: ['x'] } }] }] },
      { object: 'page', entry: [null] },
      { object: ['page'] },
    ];
    for (const body of cases) expect(await messengerRaw(body), JSON.stringify(body)).to.equal(400);
    await sleep(300);
    expect(w.graph.messagesTo(psid)).to.deep.equal([]);
    expect(await messenger([good()])).to.equal(200);
    expect(await until(() => w.graph.messagesTo(psid).length > 0)).to.equal(true);
  });

  it('Zalo: fields of the wrong type are 400, and the bot still answers', async () => {
    const user = newId();
    const good = () => userText(w.zalo, user, 'alo', { timestamp: NOW.getTime() });
    const cases: unknown[] = [
      { ...good(), event_name: 42 },
      { ...good(), sender: { id: { $ne: null } } },
      { ...good(), sender: 'x' },
      { ...good(), message: { msg_id: 'a', text: 7 } },
      { ...good(), message: 'hello' },
      { ...good(), timestamp: { t: 1 } },
    ];
    for (const body of cases) expect(await zalo(body), JSON.stringify(body)).to.equal(400);
    expect(await zalo([good()])).to.equal(400);
    await sleep(300);
    expect(w.zalo.sent.filter((s) => s.userId === user)).to.deep.equal([]);
    expect(await zalo(good())).to.equal(200);
    expect(await until(() => w.zalo.sent.some((s) => s.userId === user))).to.equal(true);
  });
});
