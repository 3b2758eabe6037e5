import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from 'mongodb';
import { NOW } from '../conversations/harness';
import { startTestApp, say } from '../support/app';
import { startChannelWorld, ChannelWorld, sleep } from '../channels/world';
import { envelope, metaJson, postToMessenger, textEvent } from '../channels/graph-server';
import type { App } from '../../bot/app';

// A scratch code is the card's money. Typed by a customer, it is masked at the edge: no collection
// of the database (transcript, inbox, ticket, …) keeps its digits, and the customer is warned.

const reask = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'locales', 'vi', 'reask.json'), 'utf8'));
const WARNING: string = reask.serial.looks_like_code;

async function everythingStored(db: Db): Promise<string> {
  let all = '';
  for (const c of await db.listCollections().toArray()) all += JSON.stringify(await db.collection(c.name).find({}).toArray());
  return all;
}
const digitsOf = (s: string) => s.replace(/\D/g, '');

describe('security: scratch codes customers type', function () {
  this.timeout(30000);

  describe('on the Bot Framework endpoint', () => {
    let app: App;
    before(async () => {
      app = await startTestApp();
    });
    after(() => app?.stop());

    it('warns the customer and keeps no trace of the code in the database', async () => {
      const code = '7391 5528 0461 93';
      await say(app, 'sc-1', 'Thẻ đã được sử dụng');
      const replies = await say(app, 'sc-1', `mã thẻ là ${code}`);
      expect(replies.map((r) => r.text).join('\n')).to.include(WARNING);
      await sleep(300);
      const stored = await everythingStored(app.db.connection.db!);
      expect(stored).to.include('sc-1');
      expect(stored.replace(/\s/g, '')).to.not.include(digitsOf(code));
      expect(stored).to.not.include(code);
    });
  });

  describe('through the Messenger webhook (recorded in the inbox first)', () => {
    let w: ChannelWorld;
    before(async () => {
      w = await startChannelWorld('sec-scratch');
    });
    after(() => w?.close());

    it('warns the customer and keeps no trace of the code in the inbox, transcript or ticket', async () => {
      const psid = '2471200000000001';
      const code = '528104739261';
      const send = (text: string) =>
        postToMessenger(w.app.url, Buffer.from(metaJson(envelope(w.graph.pageId, [textEvent(w.graph.pageId, psid, text, { timestamp: NOW.getTime() })]))), w.graph.appSecret);
      expect(await send('Thẻ đã được sử dụng')).to.equal(200);
      const end = Date.now() + 10_000;
      while (!w.graph.messagesTo(psid).length && Date.now() < end) await sleep(20);
      const from = w.graph.messagesTo(psid).length;
      expect(await send(`ma pin: ${code}`)).to.equal(200);
      let texts = '';
      while (Date.now() < end + 5000) {
        texts = w.graph.messagesTo(psid).slice(from).map((m) => m.message.text ?? '').join('\n');
        if (texts.includes(WARNING)) break;
        await sleep(20);
      }
      expect(texts).to.include(WARNING);
      const stored = await everythingStored(w.app.db.connection.db!);
      expect(stored).to.include(psid);
      expect(stored).to.not.include(code);
    });
  });
});
