import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NOW, nextPhone, nextSerial } from '../conversations/harness';
import { UndeliverableError } from '../../bot/channels/errors';
import { sendToBot } from '../../scripts/bot-client';
import { startChannelWorld, ChannelWorld, turnsDone, waitForTurns, sleep } from './world';
import { envelope, hubSignatures, metaJson, nextMid, postToMessenger, textEvent } from './graph-server';
import { opsHeaders } from '../support/app';
import { cardUsedTopup, usedCard } from '../support/issuer';

// Messenger straight from a Page, end to end: Meta's deliveries (escaped JSON, signed) reach the
// bot's webhook; the bot's answers reach a Graph API server that enforces the Send API contract.

const ask = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'locales', 'vi', 'ask.json'), 'utf8'));
const HOUR = 3600_000;

describe('Messenger channel', function () {
  this.timeout(30000);
  let w: ChannelWorld;
  before(async () => {
    w = await startChannelWorld('messenger');
  });
  after(() => w?.close());
  afterEach(() => {
    w.clock.now = NOW;
    // Nothing the bot sent broke the Send API contract (the server refuses and lists violations).
    expect(w.graph.violations).to.deep.equal([]);
  });

  let psidSeq = 0;
  const newPsid = () => `24700000000${String((psidSeq += 1)).padStart(5, '0')}`;
  const raw = (events: Array<Record<string, unknown>>) => Buffer.from(metaJson(envelope(w.graph.pageId, events)));
  const ev = (psid: string, text: string, o: Parameters<typeof textEvent>[3] = {}) =>
    textEvent(w.graph.pageId, psid, text, { timestamp: w.clock.now.getTime(), ...o });

  /** The customer writes; resolves with what the Page sent back during that turn. */
  async function say(psid: string, text: string, o: Parameters<typeof textEvent>[3] = {}) {
    const before = await turnsDone(w.app, 'messenger');
    const from = w.graph.messagesTo(psid).length;
    expect(await postToMessenger(w.app.url, raw([ev(psid, text, o)]), w.graph.appSecret)).to.equal(200);
    await waitForTurns(w.app, 'messenger', before + 1);
    return w.graph.messagesTo(psid).slice(from);
  }
  function lastQuickReplies(psid: string): Array<{ title: string; payload: string }> {
    const sent = w.graph.messagesTo(psid);
    for (let i = sent.length - 1; i >= 0; i -= 1) if (sent[i].message.quick_replies) return sent[i].message.quick_replies;
    return [];
  }
  /** Taps a quick reply: Meta sends its title as text and its payload in quick_reply. */
  async function tap(psid: string, title: string) {
    const qr = lastQuickReplies(psid).find((q) => q.title === title);
    expect(qr, `quick reply «${title}» among ${lastQuickReplies(psid).map((q) => q.title)}`).to.not.equal(undefined);
    return say(psid, qr!.title, { quickReplyPayload: qr!.payload });
  }
  const col = (name: string) => w.app.db.connection.collection(name);

  it('leaves Azure Bot Service (/api/messages, its Facebook channel included) as it was', async () => {
    const psid = newPsid();
    const replies = await sendToBot(w.app.url, `abs-${psid}`, 'alo', { channelId: 'facebook', userId: psid });
    // Suggested actions come back in the activity; the Azure connector renders them as quick replies.
    expect(replies.some((r) => r.choices.includes('Thẻ đã được sử dụng'))).to.equal(true);
    expect(w.graph.accepted.filter((r) => r.psid === psid)).to.deep.equal([]);
  });

  it('answers the verification handshake with the challenge only for the right verify token', async () => {
    const q = (token: string) => `${w.app.url}/webhooks/messenger?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${token}`;
    const ok = await fetch(q(w.graph.verifyToken));
    expect(ok.status).to.equal(200);
    expect(await ok.text()).to.equal('1158201444');
    expect((await fetch(q('guess'))).status).to.equal(403);
  });

  it('refuses deliveries with a missing or wrong signature and processes nothing', async () => {
    const psid = newPsid();
    const mid = nextMid();
    const body = raw([ev(psid, 'Thẻ đã được sử dụng', { mid })]);
    expect(await postToMessenger(w.app.url, body, w.graph.appSecret, 'missing')).to.equal(401);
    expect(await postToMessenger(w.app.url, body, w.graph.appSecret, 'invalid')).to.equal(403);
    // Signed with the App Secret but altered afterwards (one byte).
    const altered = Buffer.from(body);
    altered[altered.length - 3] ^= 1;
    const res = await fetch(`${w.app.url}/webhooks/messenger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...hubSignatures(body, w.graph.appSecret) },
      body: altered,
    });
    expect(res.status).to.equal(403);
    await sleep(200);
    expect(w.graph.accepted.filter((r) => r.psid === psid)).to.deep.equal([]);
    expect(await col('transcripts').countDocuments({ conversation: `messenger:${psid}` })).to.equal(0);
    expect(await col('processed_deliveries').countDocuments({ _id: `messenger:${mid}` as never })).to.equal(0);
    expect(await col('conversations').countDocuments({ _id: `messenger:${psid}` as never })).to.equal(0);
    // The same bytes correctly signed are accepted.
    const before = await turnsDone(w.app, 'messenger');
    expect(await postToMessenger(w.app.url, body, w.graph.appSecret, 'valid')).to.equal(200);
    await waitForTurns(w.app, 'messenger', before + 1);
    expect(w.graph.messagesTo(psid).length).to.be.greaterThan(0);
  });

  it('answers a delivery sent three times once, and again not after a restart on the same database', async () => {
    const psid = newPsid();
    const mid = nextMid();
    const body = raw([ev(psid, 'alo', { mid })]);
    const before = await turnsDone(w.app, 'messenger');
    const statuses = await Promise.all([1, 2, 3].map(() => postToMessenger(w.app.url, body, w.graph.appSecret)));
    expect(statuses).to.deep.equal([200, 200, 200]);
    await waitForTurns(w.app, 'messenger', before + 1);
    await sleep(300);
    expect(await turnsDone(w.app, 'messenger')).to.equal(before + 1);
    const answered = w.graph.messagesTo(psid).length;
    expect(answered).to.be.greaterThan(0);
    expect(await col('transcripts').countDocuments({ conversation: `messenger:${psid}`, direction: 'in' })).to.equal(1);
    expect(await col('processed_deliveries').countDocuments({ _id: `messenger:${mid}` as never })).to.equal(1);

    await w.restart();
    expect(await postToMessenger(w.app.url, body, w.graph.appSecret)).to.equal(200);
    await sleep(300);
    expect(await turnsDone(w.app, 'messenger')).to.equal(0);
    expect(w.graph.messagesTo(psid).length).to.equal(answered);
    expect(await w.app.db.connection.collection('transcripts').countDocuments({ conversation: `messenger:${psid}`, direction: 'in' })).to.equal(1);
  });

  it('answers 200 at once; the turn runs after', async () => {
    const psid = newPsid();
    const release = w.graph.hold();
    try {
      const before = await turnsDone(w.app, 'messenger');
      const t0 = Date.now();
      expect(await postToMessenger(w.app.url, raw([ev(psid, 'alo')]), w.graph.appSecret)).to.equal(200);
      expect(Date.now() - t0).to.be.lessThan(1000);
      // The turn is under way (the typing indicator waits at the Graph server), not finished.
      const end = Date.now() + 2000;
      while (w.graph.heldCount() === 0 && Date.now() < end) await sleep(10);
      expect(w.graph.heldCount()).to.be.greaterThan(0);
      expect(await turnsDone(w.app, 'messenger')).to.equal(before);
      release();
      await waitForTurns(w.app, 'messenger', before + 1);
    } finally {
      release();
    }
    // Typing first, then the answer.
    const mine = w.graph.accepted.filter((r) => r.psid === psid);
    expect(mine[0].body).to.deep.equal({ recipient: { id: psid }, sender_action: 'typing_on' });
    expect(mine.slice(1).every((r) => r.kind === 'message')).to.equal(true);
  });

  it('runs a whole complaint to a ticket, quick replies within Messenger limits', async () => {
    const psid = newPsid();
    const serial = nextSerial();
    w.issuer.put(usedCard(serial, '2026-11-21T10:02:00+07:00'), [cardUsedTopup(serial)]);
    const first = await say(psid, 'alo');
    expect(first.at(-1)!.message.quick_replies.map((q: { title: string }) => q.title)).to.include('Thẻ đã được sử dụng');
    await tap(psid, 'Thẻ đã được sử dụng');
    await tap(psid, 'Đúng, thẻ BIT');
    await say(psid, 'naruto');
    expect(lastQuickReplies(psid).length).to.equal(9); // the denominations
    await tap(psid, '50.000đ');
    await say(psid, serial.replace(/(\d{4})(?=\d)/g, '$1 '));
    await say(psid, 'Đại lý Minh Anh, 12 Lê Lợi Q1');
    await say(psid, '8 giờ tối hôm qua');
    await tap(psid, 'Đúng như vậy');
    await say(psid, nextPhone());
    await tap(psid, 'Bỏ qua');
    const last = await tap(psid, 'Gửi khiếu nại');

    const ticket = await col('tickets').findOne({ conversation: `messenger:${psid}` });
    expect(ticket, w.graph.textsTo(psid).join('\n---\n')).to.not.equal(null);
    expect(ticket).to.include({ status: 'closed', resolution: 'used_after_purchase', serial });
    expect(ticket!.service?.name).to.equal('Naruto Đại Chiến');
    expect(last.map((m) => m.message.text).join('\n')).to.include(ticket!.code);
    // Every message: plain RESPONSE (never a tag from the bot), quick replies within limits.
    const sent = w.graph.messagesTo(psid);
    expect(sent.every((m) => m.messaging_type === 'RESPONSE' && m.tag === undefined)).to.equal(true);
    for (const m of sent.filter((x) => x.message.quick_replies)) {
      expect(m.message.quick_replies.length).to.be.at.most(13);
      for (const q of m.message.quick_replies) expect([...q.title].length).to.be.within(1, 20);
    }
    // The Graph server saw a typing indicator for each turn.
    const typing = w.graph.accepted.filter((r) => r.psid === psid && r.kind === 'action');
    expect(typing.length).to.equal(12);
  });

  it('keeps Vietnamese byte-exact: escaped JSON verified on its bytes, NFD composed to NFC, replies as written', async () => {
    const psid = newPsid();
    await say(psid, 'alo');
    // Decomposed Vietnamese (macOS, some keyboards), with "/" and "@" that Meta escapes too.
    const typed = 'Thẻ đã được sử dụng / báo lỗi @ cửa hàng'.normalize('NFD');
    const body = raw([ev(psid, typed)]);
    expect(body.toString('latin1')).to.match(/\\u0323/).and.match(/\\\//);
    expect(body.every((b) => b < 0x80)).to.equal(true);
    const before = await turnsDone(w.app, 'messenger');
    expect(await postToMessenger(w.app.url, body, w.graph.appSecret)).to.equal(200);
    await waitForTurns(w.app, 'messenger', before + 1);
    const stored = await col('transcripts').find({ conversation: `messenger:${psid}`, direction: 'in' }).sort({ at: 1 }).toArray();
    expect(Buffer.from(stored[1].text, 'utf8').equals(Buffer.from(typed.normalize('NFC'), 'utf8'))).to.equal(true);
    // The question that followed reached the Page exactly as the locale file has it.
    const question = w.graph.messagesTo(psid).find((m) => m.message.text === ask.isBitCard.prompt);
    expect(question, w.graph.textsTo(psid).join('\n')).to.not.equal(undefined);
    expect(Buffer.from(question!.message.text).equals(Buffer.from(ask.isBitCard.prompt.normalize('NFC')))).to.equal(true);
  });

  it('ignores echoes, deliveries and reads; answers every event of a batch; postbacks and stickers become messages', async () => {
    const [a, b, c] = [newPsid(), newPsid(), newPsid()];
    const page = w.graph.pageId;
    const now = w.clock.now.getTime();
    const batch = {
      object: 'page',
      entry: [
        {
          id: page,
          time: now,
          messaging: [
            ev(a, 'alo'),
            { sender: { id: page }, recipient: { id: a }, timestamp: now, message: { mid: nextMid(), is_echo: true, app_id: 1517, text: 'alo' } },
            { sender: { id: a }, recipient: { id: page }, timestamp: now, delivery: { mids: ['m_1'], watermark: now } },
          ],
        },
        {
          id: page,
          time: now,
          messaging: [
            { sender: { id: b }, recipient: { id: page }, timestamp: now, postback: { mid: nextMid(), title: 'Bắt đầu', payload: 'GET_STARTED' } },
            { sender: { id: b }, recipient: { id: page }, timestamp: now, read: { watermark: now } },
          ],
        },
      ],
    };
    const before = await turnsDone(w.app, 'messenger');
    expect(await postToMessenger(w.app.url, Buffer.from(metaJson(batch)), w.graph.appSecret)).to.equal(200);
    await waitForTurns(w.app, 'messenger', before + 2);
    await sleep(200);
    expect(await turnsDone(w.app, 'messenger')).to.equal(before + 2);
    expect(w.graph.messagesTo(a).length).to.be.greaterThan(0);
    expect(w.graph.messagesTo(b).length).to.be.greaterThan(0);
    expect(await col('transcripts').countDocuments({ conversation: `messenger:${a}`, direction: 'in' })).to.equal(1);
    const postback = await col('transcripts').findOne({ conversation: `messenger:${b}`, direction: 'in' });
    expect(postback!.text).to.equal('GET_STARTED');

    // A sticker (thumbs-up) where a choice is expected: the bot asks for words.
    await say(c, 'alo');
    const sticker = { sender: { id: c }, recipient: { id: page }, timestamp: now, message: { mid: nextMid(), sticker_id: 369239263222822, attachments: [{ type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t39.1997-6/39178562_1505197616293642_5411344281094848512_n.png', sticker_id: 369239263222822 } }] } };
    const n = await turnsDone(w.app, 'messenger');
    expect(await postToMessenger(w.app.url, raw([sticker]), w.graph.appSecret)).to.equal(200);
    await waitForTurns(w.app, 'messenger', n + 1);
    const entry = await col('transcripts').find({ conversation: `messenger:${c}`, direction: 'in' }).sort({ at: -1 }).limit(1).next();
    expect(entry!.attachments).to.deep.equal(['image/sticker']);
    expect(w.graph.textsTo(c).at(-1)).to.match(/hình ảnh hay nhãn dán/);
  });

  it('retries the Send API on 500s and rate limits', async () => {
    const psid = newPsid();
    w.graph.failNext({ status: 500, code: 2 }, { status: 400, code: 613 });
    const refusedBefore = w.graph.refused.length;
    const replies = await say(psid, 'alo');
    expect(w.graph.refused.length - refusedBefore).to.equal(2);
    expect(replies.length).to.be.greaterThan(0);
    // The message refused twice went out once, followed by the rest of the turn.
    const first = w.graph.refused[refusedBefore].body.message.text;
    expect(replies.filter((m) => m.message.text === first)).to.have.length(1);
    expect(replies[0].message.text).to.equal(first);
  });

  it("agents' replies: plain within 24 h, HUMAN_AGENT after, undeliverable after 7 days; long ones split", async () => {
    const psid = newPsid();
    await say(psid, 'alo');
    const key = `messenger:${psid}`;
    const agentText = (n: number) => `Chào bạn, mình là Lan bên Qpal (${n}).`;

    w.clock.now = new Date(NOW.getTime() + 2 * HOUR);
    await w.app.desk.act(key, 'lan', { type: 'reply', text: agentText(1) });
    w.clock.now = new Date(NOW.getTime() + 25 * HOUR);
    await w.app.desk.act(key, 'lan', { type: 'reply', text: agentText(2) });
    const sent = w.graph.messagesTo(psid);
    const one = sent.find((m) => m.message.text === agentText(1))!;
    const two = sent.find((m) => m.message.text === agentText(2))!;
    expect(one).to.include({ messaging_type: 'RESPONSE' });
    expect(one.tag).to.equal(undefined);
    expect(two).to.include({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });

    // A reply longer than 2,000 characters arrives in pieces, in order, nothing lost.
    const long = Array.from({ length: 90 }, (_, i) => `Câu số ${i + 1}: Qpal đang kiểm tra thẻ của Quý khách với nhà cung cấp.`).join(' ');
    const from = w.graph.messagesTo(psid).length;
    await w.app.desk.act(key, 'lan', { type: 'reply', text: long });
    const pieces = w.graph.messagesTo(psid).slice(from);
    expect(pieces.length).to.be.greaterThan(1);
    for (const p of pieces) {
      expect([...p.message.text].length).to.be.at.most(2000);
      expect(p).to.include({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    }
    expect(pieces.map((p) => p.message.text).join(' ')).to.equal(long);

    // After 7 days not even a person may write: the agent is told, the transcript marks it.
    const before = w.graph.messagesTo(psid).length;
    w.clock.now = new Date(NOW.getTime() + 8 * 24 * HOUR);
    let err: unknown;
    try {
      await w.app.desk.act(key, 'lan', { type: 'reply', text: agentText(3) });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(UndeliverableError);
    expect((err as UndeliverableError).reason).to.equal('outside_window');
    expect(w.graph.messagesTo(psid).length).to.equal(before);
    const marked = await col('transcripts').findOne({ conversation: key, text: agentText(3) });
    expect(marked).to.include({ author: 'agent:lan', undeliverable: 'outside_window' });
    // …and /metrics counts it per channel.
    const metrics = await (await fetch(`${w.app.url}/metrics`, { headers: opsHeaders })).text();
    expect(metrics).to.match(/^delivery_failures_total\{channel="messenger",reason="outside_window"\} 1$/m);

    // Only agents' replies ever carried the tag.
    const tagged = w.graph.accepted.filter((r) => r.body.tag).map((r) => r.body.message.text as string);
    expect(tagged.every((t) => t === agentText(2) || long.includes(t))).to.equal(true);
  });
});
