import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import type { App } from '../../bot/app';
import { sendToBot } from '../../scripts/bot-client';
import { startTestApp, opsHeaders } from '../support/app';
import { startChannelWorld, waitForTurns, turnsDone, type ChannelWorld } from '../channels/world';
import { envelope, metaJson, postToMessenger, textEvent } from '../channels/graph-server';
import { activity, rawRequest, startPeer } from './http';

// The attacks of issue 11 on /api/messages and the body reader, against a running bot.

const post = (app: App, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest(`${app.url}/api/messages`, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** A non-loopback address of this machine, if it has one (a "foreign" serviceUrl we can watch). */
function externalAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) if (!i.internal && i.family === 'IPv4') return i.address;
  return undefined;
}

describe('security: /api/messages without MicrosoftAppId', function () {
  this.timeout(60000);
  let app: App;
  before(async () => {
    app = await startTestApp({ CONNECTOR_TIMEOUT_MS: '800' });
  });
  after(() => app?.stop());

  it('refuses malformed activities with 400 and no internals', async () => {
    for (const body of [{}, [], { type: 'message' }, { type: 5, conversation: { id: 'x' } }, { type: 'message', conversation: { id: ['a'] } }, { type: 'message', conversation: { id: 'c' }, text: { a: 1 } }]) {
      const res = await post(app, body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(JSON.parse(res.body)).to.deep.equal({ error: 'malformed_activity' });
    }
    const notJson = await rawRequest(`${app.url}/api/messages`, { headers: { 'content-type': 'application/json' }, body: '{"type":' });
    expect(notJson.status).to.equal(400);
    expect(notJson.body).to.not.match(/at |Error|node_modules/);
  });

  it('refuses a forwarded (reverse-proxied) client: only direct loopback clients are unauthenticated', async () => {
    const res = await post(app, activity('fwd-1', 'alo'), { 'x-forwarded-for': '203.0.113.9' });
    expect(res.status).to.equal(401);
    expect((await sendToBot(app.url, 'fwd-2', 'alo')).length).to.be.greaterThan(0);
  });

  it('never calls a serviceUrl that is not on this machine (blind SSRF)', async () => {
    const host = externalAddress();
    const foreign = host ? await startPeer('ok', host) : undefined;
    try {
      const serviceUrl = foreign?.url ?? 'http://203.0.113.1:9';
      const res = await post(app, activity('ssrf-1', 'xin chào', { deliveryMode: 'normal', serviceUrl }));
      expect(res.status).to.equal(403);
      expect(JSON.parse(res.body)).to.deep.equal({ error: 'service_url_not_allowed' });
      await new Promise((r) => setTimeout(r, 300));
      if (foreign) expect(foreign.received).to.deep.equal([]);
    } finally {
      await foreign?.close();
    }
  });

  it('refuses compressed bodies (415) instead of inflating them; the bot stays up', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, ' '));
    const before = process.memoryUsage().rss;
    const res = await rawRequest(`${app.url}/api/messages`, {
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length },
      body: bomb,
    });
    expect(res.status).to.equal(415);
    expect(process.memoryUsage().rss - before).to.be.lessThan(40 * 1024 * 1024);
    for (const enc of ['deflate', 'br', 'x-gzip']) {
      const r = await rawRequest(`${app.url}/api/messages`, { headers: { 'content-type': 'application/json', 'content-encoding': enc }, body: 'xx' });
      expect(r.status, enc).to.equal(415);
    }
    expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
  });

  it('refuses multipart and other non-JSON bodies (415) and leaves no temporary files', async () => {
    const tmpBefore = readdirSync(os.tmpdir()).filter((f) => f.startsWith('upload_')).length;
    const boundary = 'XyZ';
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${'A'.repeat(3 * 1024 * 1024)}\r\n--${boundary}--\r\n`;
    for (const path of ['/api/messages', '/console/api/login']) {
      const res = await rawRequest(`${app.url}${path}`, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: part });
      expect(res.status, path).to.equal(415);
    }
    const form = await rawRequest(`${app.url}/console/api/login`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=a&password=b' });
    expect(form.status).to.equal(415);
    expect(readdirSync(os.tmpdir()).filter((f) => f.startsWith('upload_')).length).to.equal(tmpBefore);
  });

  it('answers 413 past the 1 MB cap and stops reading (declared or streamed)', async () => {
    const declared = await rawRequest(`${app.url}/api/messages`, {
      headers: { 'content-type': 'application/json', 'content-length': 5 * 1024 * 1024 },
      chunks: (async function* () {
        yield Buffer.from('{"a":"');
      })(),
    });
    expect(declared.status).to.equal(413);
    let sent = 0;
    const streamed = await rawRequest(`${app.url}/api/messages`, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: (async function* () {
        for (let i = 0; i < 200; i += 1) {
          sent += 1;
          yield Buffer.alloc(64 * 1024, 'a');
        }
      })(),
    });
    expect(streamed.status).to.equal(413);
    expect(sent).to.be.lessThan(200);
    expect((await sendToBot(app.url, 'after-413', 'alo')).length).to.be.greaterThan(0);
  });

  it('/healthz is public; /metrics and the detail of /readyz need OPS_TOKEN', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
    expect((await fetch(`${app.url}/metrics`)).status).to.equal(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).to.equal(401);
    expect((await fetch(`${app.url}/metrics`, { headers: opsHeaders })).status).to.equal(200);
    expect(await (await fetch(`${app.url}/readyz`)).json()).to.deep.equal({ status: 'ready' });
    expect(await (await fetch(`${app.url}/readyz`, { headers: opsHeaders })).json()).to.have.property('locales');
  });

  it('serves /metrics and /readyz in full on the internal OPS_PORT', async () => {
    const other = await startTestApp({ OPS_PORT: '0' });
    try {
      expect(other.opsUrl).to.be.a('string');
      expect((await fetch(`${other.opsUrl}/metrics`)).status).to.equal(200);
      expect(await (await fetch(`${other.opsUrl}/readyz`)).json()).to.have.property('database', 'ok');
      expect((await fetch(`${other.opsUrl}/api/messages`, { method: 'POST' })).status).to.equal(404);
    } finally {
      await other.stop();
    }
  });
});

describe('security: a Messenger customer cannot be hijacked through /api/messages', function () {
  this.timeout(60000);
  let w: ChannelWorld;
  before(async () => {
    w = await startChannelWorld('sec-hijack');
  });
  after(() => w?.close());

  it('refuses channelId messenger / zalo on /api/messages; the victim conversation is untouched', async () => {
    const psid = '2470000000099001';
    const before = await turnsDone(w.app, 'messenger');
    const raw = Buffer.from(metaJson(envelope(w.graph.pageId, [textEvent(w.graph.pageId, psid, 'xin chào', { timestamp: w.clock.now.getTime() })])));
    expect(await postToMessenger(w.app.url, raw, w.graph.appSecret)).to.equal(200);
    await waitForTurns(w.app, 'messenger', before + 1);
    const transcripts = w.app.db.connection.collection('transcripts');
    const stored = await transcripts.countDocuments({ conversation: `messenger:${psid}` });
    const sentToVictim = w.graph.messagesTo(psid).length;

    for (const channelId of ['messenger', 'zalo', 'Messenger']) {
      const res = await rawRequest(`${w.app.url}/api/messages`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity(psid, 'sửa số điện thoại', { channelId, conversation: { id: psid }, from: { id: psid } })),
      });
      expect(res.status, channelId).to.equal(403);
      expect(res.body).to.not.match(/serial|Qpal|ticket/i);
    }
    expect(await transcripts.countDocuments({ conversation: `messenger:${psid}` })).to.equal(stored);
    expect(w.graph.messagesTo(psid).length).to.equal(sentToVictim);
  });
});
