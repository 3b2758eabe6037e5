import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NOW, nextPhone, nextSerial } from '../conversations/harness';
import { UndeliverableError } from '../../bot/channels/errors';
import { ZaloTokens } from '../../bot/channels/zalo/tokens';
import { createLogger } from '../../bot/logging/logger';
import { startChannelWorld, ChannelWorld, turnsDone, waitForTurns, sleep } from './world';
import { nextMsgId, postToZalo, userText, zaloMac } from './zalo-server';

// Zalo OA end to end: signed OA events (raw UTF-8) reach the bot's webhook; the bot's answers
// reach an OpenAPI server that enforces the customer-service message contract, with tokens from an
// OAuth server that burns each refresh token on use.

const ask = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'locales', 'vi', 'ask.json'), 'utf8'));
const DAY = 24 * 3600_000;

describe('Zalo OA channel', function () {
  this.timeout(30000);
  let w: ChannelWorld;
  before(async () => {
    w = await startChannelWorld('zalo');
  });
  after(() => w?.close());
  afterEach(() => {
    w.clock.now = NOW;
    expect(w.zalo.violations).to.deep.equal([]);
  });

  let userSeq = 0;
  // 19 digits, beyond 2^53: must survive as a string end to end.
  const newUser = () => `84419${String(9_000_000_000_000 + (userSeq += 1))}`;
  const raw = (e: Record<string, unknown>) => Buffer.from(JSON.stringify(e), 'utf8');
  const ev = (userId: string, text: string, o: { msgId?: string } = {}) => userText(w.zalo, userId, text, { timestamp: w.clock.now.getTime(), ...o });
  const col = (name: string) => w.app.db.connection.collection(name);

  async function post(body: Buffer) {
    const before = await turnsDone(w.app, 'zalo');
    expect(await postToZalo(w.app.url, w.zalo, body)).to.equal(200);
    await waitForTurns(w.app, 'zalo', before + 1);
  }
  /** The user writes; resolves with the messages the OA sent back during that turn. */
  async function say(userId: string, text: string) {
    const from = w.zalo.messagesTo(userId).length;
    await post(raw(ev(userId, text)));
    return w.zalo.messagesTo(userId).slice(from);
  }
  function lastButtons(userId: string): Array<{ title: string; payload: string; type: string }> {
    const sent = w.zalo.messagesTo(userId);
    for (let i = sent.length - 1; i >= 0; i -= 1) if (sent[i].attachment?.payload?.buttons) return sent[i].attachment.payload.buttons;
    return [];
  }
  /** Taps an oa.query.show button: Zalo sends its payload as the user's text message. */
  async function tap(userId: string, title: string) {
    const b = lastButtons(userId).find((x) => x.title === title);
    expect(b, `button «${title}» among ${lastButtons(userId).map((x) => x.title)}`).to.not.equal(undefined);
    return say(userId, b!.payload);
  }
  /** Picks a numbered option by typing its number. */
  async function pick(userId: string, title: string) {
    const text = w.zalo.textsTo(userId).at(-1)!;
    const line = text.split('\n').find((l) => l.replace(/^\d+\.\s*/, '') === title);
    expect(line, `numbered option «${title}» in:\n${text}`).to.not.equal(undefined);
    return say(userId, line!.split('.')[0]);
  }

  it('refuses events with a missing or wrong signature and processes nothing', async () => {
    const user = newUser();
    const msgId = nextMsgId();
    const body = raw(ev(user, 'Thẻ đã được sử dụng', { msgId }));
    expect(await postToZalo(w.app.url, w.zalo, body, 'missing')).to.equal(401);
    expect(await postToZalo(w.app.url, w.zalo, body, 'invalid')).to.equal(403);
    // Correctly signed, but the body's timestamp changed afterwards.
    const altered = Buffer.from(body.toString('utf8').replace(/"timestamp":"(\d+)"/, (_m, t) => `"timestamp":"${Number(t) + 1}"`));
    const res = await fetch(`${w.app.url}/webhooks/zalo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${zaloMac(w.zalo.appId, body, String(JSON.parse(body.toString()).timestamp), w.zalo.oaSecret)}` },
      body: altered,
    });
    expect(res.status).to.equal(403);
    await sleep(200);
    expect(w.zalo.messagesTo(user)).to.deep.equal([]);
    expect(await col('processed_deliveries').countDocuments({ _id: `zalo:${msgId}` as never })).to.equal(0);
    expect(await col('conversations').countDocuments({ _id: `zalo:${user}` as never })).to.equal(0);
    await post(body);
    expect(w.zalo.messagesTo(user).length).to.be.greaterThan(0);
  });

  it('answers an event sent three times once, and again not after a restart on the same database', async () => {
    const user = newUser();
    const msgId = nextMsgId();
    const body = raw(ev(user, 'alo', { msgId }));
    const before = await turnsDone(w.app, 'zalo');
    const statuses = await Promise.all([1, 2, 3].map(() => postToZalo(w.app.url, w.zalo, body)));
    expect(statuses).to.deep.equal([200, 200, 200]);
    await waitForTurns(w.app, 'zalo', before + 1);
    await sleep(300);
    expect(await turnsDone(w.app, 'zalo')).to.equal(before + 1);
    const answered = w.zalo.messagesTo(user).length;
    expect(answered).to.be.greaterThan(0);

    await w.restart();
    expect(await postToZalo(w.app.url, w.zalo, body)).to.equal(200);
    await sleep(300);
    expect(await turnsDone(w.app, 'zalo')).to.equal(0);
    expect(w.zalo.messagesTo(user).length).to.equal(answered);
    expect(await w.app.db.connection.collection('transcripts').countDocuments({ conversation: `zalo:${user}`, direction: 'in' })).to.equal(1);
  });

  it('ignores oa_send_* echoes and status events', async () => {
    const user = newUser();
    const now = String(w.clock.now.getTime());
    const echo = { app_id: w.zalo.appId, event_name: 'oa_send_text', timestamp: now, sender: { id: w.zalo.oaId }, recipient: { id: user }, message: { msg_id: nextMsgId(), text: 'Xin chào' } };
    const seen = { app_id: w.zalo.appId, event_name: 'user_seen_message', timestamp: now, sender: { id: w.zalo.oaId }, recipient: { id: user }, message: { msg_ids: ['zmsg1'] } };
    const before = await turnsDone(w.app, 'zalo');
    expect(await postToZalo(w.app.url, w.zalo, raw(echo))).to.equal(200);
    expect(await postToZalo(w.app.url, w.zalo, raw(seen))).to.equal(200);
    await sleep(300);
    expect(await turnsDone(w.app, 'zalo')).to.equal(before);
    expect(w.zalo.messagesTo(user)).to.deep.equal([]);
    expect(await col('transcripts').countDocuments({ conversation: `zalo:${user}` })).to.equal(0);
  });

  it('keeps ids exact as strings and Vietnamese byte-exact (raw UTF-8, NFD composed to NFC)', async () => {
    const user = newUser();
    await say(user, 'alo');
    const typed = 'Thẻ đã được sử dụng'.normalize('NFD');
    // The user id as a bare JSON number of 19 digits (JSON.parse alone would change its last digits).
    const text = JSON.stringify(ev(user, typed)).replace(`"id":"${user}"`, `"id":${user}`);
    expect(text).to.include(`"sender":{"id":${user}}`);
    expect(String(JSON.parse(text).sender.id)).to.not.equal(user);
    await post(Buffer.from(text, 'utf8'));
    const stored = await col('transcripts').find({ conversation: `zalo:${user}`, direction: 'in' }).sort({ at: 1 }).toArray();
    expect(stored).to.have.length(2);
    expect(Buffer.from(stored[1].text).equals(Buffer.from(typed.normalize('NFC')))).to.equal(true);
    const sent = w.zalo.sent.filter((s) => s.userId === user);
    expect(sent.at(-1)!.message.text).to.equal(ask.isBitCard.prompt);
    expect(Buffer.from(sent.at(-1)!.message.text).equals(Buffer.from(ask.isBitCard.prompt.normalize('NFC')))).to.equal(true);
  });

  it('runs a whole complaint to a ticket (buttons ≤ 5, numbered options beyond), surviving a token that expires mid-way', async () => {
    const user = newUser();
    const serial = nextSerial();
    // Sold at 50.000đ; the customer says 200.000đ: a fraud signal, handed to an agent.
    w.issuer.put(
      { serial, denomination: 50000, status: 'active', activatedAt: '2026-10-01T08:00:00+07:00', soldAt: '2026-11-20T09:15:00+07:00', soldBy: { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' } },
      [{ id: `TP-${serial}`, at: '2026-11-24T20:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja_2010', result: 'failed', error: 'wrong_code' }],
    );
    await say(user, 'alo');
    await pick(user, 'Thẻ không tồn tại'); // 6 situations: numbered
    await tap(user, 'Đúng, thẻ BIT'); // 2 options: buttons
    await say(user, 'naruto');
    await pick(user, '200.000đ'); // 9 denominations: numbered

    // The OA's access token stops working mid-conversation: refreshed once, the send retried.
    const refreshesBefore = w.zalo.refreshCalls;
    const refusedBefore = w.zalo.refusedSends;
    w.zalo.expireAccessTokens();
    const afterExpiry = await say(user, serial);
    expect(afterExpiry.length).to.be.greaterThan(0);
    expect(w.zalo.refreshCalls - refreshesBefore).to.equal(1);
    expect(w.zalo.refusedSends - refusedBefore).to.equal(1);
    expect(w.zalo.refreshRejected).to.equal(0);
    // The new single-use refresh token is the one stored; the spent one is dead at Zalo.
    const top = await col('channel_tokens').find({ kind: 'token' }).sort({ generation: -1 }).limit(1).next();
    expect(top!.refreshToken).to.equal(w.zalo.lastRefreshToken());
    expect(w.zalo.isRefreshTokenValid(w.zalo.lastRefreshToken())).to.equal(true);

    await say(user, 'Đại lý Minh Anh, 12 Lê Lợi Q1');
    await say(user, '8 giờ tối hôm qua');
    await tap(user, 'Đúng như vậy');
    await say(user, nextPhone());
    await tap(user, 'Bỏ qua');
    const last = await pick(user, 'Gửi khiếu nại'); // 8 options at the summary: numbered

    const ticket = await col('tickets').findOne({ conversation: `zalo:${user}` });
    expect(ticket, w.zalo.textsTo(user).join('\n---\n')).to.not.equal(null);
    expect(ticket).to.include({ status: 'waiting_agent', handoffReason: 'fraud_suspected', serial, denomination: 200000 });
    expect(ticket!.fraudSignals).to.include('denomination_mismatch');
    expect(last.map((m) => m.text).join('\n')).to.include(ticket!.code);
    const conv = await col('conversations').findOne({ _id: `zalo:${user}` as never });
    expect(conv).to.include({ owner: 'queue', conversationId: user });
    // Within Zalo's limits throughout.
    for (const m of w.zalo.messagesTo(user)) {
      expect([...m.text].length).to.be.within(1, 2000);
      expect((m.attachment?.payload?.buttons ?? []).length).to.be.at.most(5);
    }

    // The agent's reply reaches the customer on Zalo; after 7 days it is refused and marked.
    const key = `zalo:${user}`;
    await w.app.desk.act(key, 'lan', { type: 'reply', text: 'Chào bạn, mình là Lan bên Qpal, mình đang kiểm tra thẻ.' });
    expect(w.zalo.textsTo(user).at(-1)).to.match(/mình là Lan/);
    w.clock.now = new Date(NOW.getTime() + 8 * DAY);
    const count = w.zalo.messagesTo(user).length;
    let err: unknown;
    try {
      await w.app.desk.act(key, 'lan', { type: 'reply', text: 'Bạn còn cần hỗ trợ không?' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(UndeliverableError);
    expect(w.zalo.messagesTo(user).length).to.equal(count);
    expect(await col('transcripts').findOne({ conversation: key, text: 'Bạn còn cần hỗ trợ không?' })).to.include({ undeliverable: 'outside_window' });
  });

  it("Zalo's own window refusal (-230) also reaches the agent as undeliverable; rate limits are retried", async () => {
    const user = newUser();
    await say(user, 'alo');
    w.zalo.failNext(-230);
    let err: unknown;
    try {
      await w.app.desk.act(`zalo:${user}`, 'lan', { type: 'reply', text: 'Mình là Lan.' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(UndeliverableError);
    expect((err as UndeliverableError).code).to.equal(-230);
    w.zalo.failNext(-32);
    await w.app.desk.act(`zalo:${user}`, 'lan', { type: 'reply', text: 'Mình là Lan, bạn chờ chút nhé.' });
    expect(w.zalo.textsTo(user).at(-1)).to.equal('Mình là Lan, bạn chờ chút nhé.');
  });

  it('spends each refresh token once, however many callers and processes refresh at the same time', async () => {
    const conn = w.app.db.connection;
    const log = createLogger('silent');
    const opts = { conn, appId: w.zalo.appId, appSecret: w.zalo.appSecret, oauthUrl: w.zalo.url, seedRefreshToken: w.zalo.firstRefreshToken, log };
    // Two "processes" sharing the database.
    const [p1, p2] = [new ZaloTokens(opts), new ZaloTokens(opts)];
    const current = await p1.accessToken();
    expect((await p2.accessToken()).generation).to.equal(current.generation);
    const before = w.zalo.refreshCalls;
    w.zalo.expireAccessTokens();
    const results = await Promise.all([...Array(6)].flatMap(() => [p1.afterTokenError(current.generation), p2.afterTokenError(current.generation)]));
    expect(w.zalo.refreshCalls - before).to.equal(1);
    expect(w.zalo.refreshRejected).to.equal(0);
    expect(new Set(results.map((r) => r.token)).size).to.equal(1);
    expect(results[0].generation).to.equal(current.generation + 1);
    // The bot itself picks the new token up after its own is refused.
    const user = newUser();
    await say(user, 'alo');
    expect(w.zalo.sent.filter((s) => s.userId === user).every((s) => s.token === results[0].token)).to.equal(true);
    expect(w.zalo.refreshCalls - before).to.equal(1);

    // A token about to expire is refreshed ahead, without waiting for Zalo to refuse it.
    w.zalo.setExpiresIn('1');
    try {
      const short = await p1.afterTokenError(results[0].generation);
      expect((await p1.accessToken()).token).to.equal(short.token);
      await sleep(800);
      const refused = w.zalo.refusedSends;
      const renewed = await p1.accessToken();
      expect(renewed.generation).to.equal(short.generation + 1);
      expect(w.zalo.refreshCalls - before).to.equal(3);
      expect(w.zalo.refusedSends).to.equal(refused);
    } finally {
      w.zalo.setExpiresIn('90000');
    }
  });
});
