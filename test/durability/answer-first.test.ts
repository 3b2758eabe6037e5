import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import type { App } from '../../bot/app';
import { say, startTestApp } from '../support/app';
import { testDatabaseUri } from '../support/database';
import { holdingProxy, type HoldingProxy } from '../support/holding-proxy';

// A message answered over /api/messages stays in the inbox until its turn is done; removing the
// entry is bookkeeping, and the customer's reply must not wait for it. The next message of the
// same conversation still waits until it is removed (it could otherwise be answered again).
describe('the reply goes out before the inbox entry is removed', function () {
  this.timeout(30_000);
  let proxy: HoldingProxy;
  let app: App;
  let db: Connection;
  before(async () => {
    const uri = await testDatabaseUri('answer_first');
    proxy = await holdingProxy(uri);
    app = await startTestApp({}, proxy.uri);
    db = await mongoose.createConnection(uri, { retryWrites: false }).asPromise();
  });
  after(async () => {
    await app.stop();
    await db.close();
    await proxy.close();
  });

  it('answers at once while the removal is held, and the next message waits for it', async () => {
    await say(app, 'af-1', 'alo');
    const entries = () => db.collection('inbox').countDocuments({ conversation: 'cli:af-1' });
    while ((await entries()) > 0) await new Promise((r) => setTimeout(r, 20)); // the greeting's own removal
    proxy.holdDeletes('inbox', 1500);
    const t0 = Date.now();
    const first = await say(app, 'af-1', 'thẻ đã được sử dụng');
    const firstTook = Date.now() - t0;
    expect(first.map((r) => r.text).join(' ')).to.include('BIT');
    expect(firstTook, 'the first reply').to.be.lessThan(1000);
    expect(await entries(), 'entries still held').to.equal(1);
    const second = await say(app, 'af-1', 'có');
    expect(Date.now() - t0, 'the second reply').to.be.at.least(1400);
    expect(second.length).to.be.greaterThan(0);
    proxy.release();
    for (const until = Date.now() + 5000; (await entries()) > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    expect(await entries(), 'entries left').to.equal(0);
    const inbound = await db.collection('transcripts').find({ conversation: 'cli:af-1', direction: 'in' }).sort({ at: 1 }).toArray();
    expect(inbound.map((e) => e.text)).to.deep.equal(['alo', 'thẻ đã được sử dụng', 'có']);
  });
});
