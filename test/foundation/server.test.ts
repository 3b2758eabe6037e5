import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from '../../bot/app';
import { startFerretdb } from '../../bot/embedded-database/ferretdb';
import { startTestApp, say, opsHeaders } from '../support/app';

describe('bot server', () => {
  let app: App;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
    const ready = await fetch(`${app.url}/readyz`, { headers: opsHeaders });
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.include({ status: 'ready', database: 'ok' });
  });

  it('returns replies in the HTTP body for expectReplies, in Vietnamese', async () => {
    const replies = await say(app, 'srv-1', 'xin chào');
    expect(replies.length).to.be.greaterThan(0);
    expect(replies[0].text).to.match(/Qpal/);
  });

  it('counts turns and their latency in /metrics', async () => {
    await say(app, 'srv-2', 'alo');
    const body = await (await fetch(`${app.url}/metrics`, { headers: opsHeaders })).text();
    expect(body).to.match(/bot_turns_total\{channel="cli",outcome="ok"\} [1-9]/);
    expect(body).to.match(/bot_turn_duration_seconds_count\{channel="cli"\} [1-9]/);
  });

  it('refuses activities without a token when MicrosoftAppId is set', async () => {
    const secured = await startTestApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' });
    try {
      let status = 0;
      try {
        await say(secured, 'srv-3', 'alo');
      } catch (e) {
        status = Number(/HTTP (\d+)/.exec(String(e))?.[1]);
      }
      expect(status).to.equal(401);
    } finally {
      await secured.stop();
    }
  });

  it('stores every inbound and outbound message in the transcript', async () => {
    await say(app, 'srv-4', 'tôi cần hỗ trợ');
    const entries = await app.db.connection
      .collection('transcripts')
      .find({ conversation: 'cli:srv-4' })
      .sort({ at: 1 })
      .toArray();
    expect(entries.map((e) => e.direction)).to.deep.equal(['in', ...entries.slice(1).map(() => 'out')]);
    expect(entries[0]).to.include({ text: 'tôi cần hỗ trợ', author: 'customer', channelId: 'cli' });
    expect(entries.length).to.be.greaterThan(1);
    expect(entries[1].author).to.equal('bot');
    // Stored as the schema has them: a date, no field written as null for a value the message lacks.
    expect(entries[0].at).to.be.instanceOf(Date);
    for (const e of entries) expect(Object.entries(e).filter(([, v]) => v === null), String(e._id)).to.deep.equal([]);
    expect(entries[0]).to.not.have.any.keys('choices', 'files', 'delivery', 'agentReply');
    expect(entries[1]).to.include({ delivery: 'sent' });
  });

  it('stores the conversation reference for later replies', async () => {
    await say(app, 'srv-5', 'alo');
    const conv = await app.db.connection.collection('conversations').findOne({ _id: 'cli:srv-5' as never });
    expect(conv?.reference?.conversation?.id).to.equal('srv-5');
    expect(conv?.owner).to.equal('bot');
  });
});

describe('/readyz when the database goes away', () => {
  it('answers 503 once the database stops, 200 before', async function () {
    this.timeout(30000);
    const db = await startFerretdb(mkdtempSync(path.join(os.tmpdir(), 'qpal-ready-')));
    const app = await startTestApp({}, `${db.uri}ready`);
    try {
      expect((await fetch(`${app.url}/readyz`)).status).to.equal(200);
      await db.stop();
      const res = await fetch(`${app.url}/readyz`, { headers: opsHeaders });
      expect(res.status).to.equal(503);
      expect(await res.json()).to.include({ database: 'unreachable' });
    } finally {
      await app.stop();
    }
  });
});
