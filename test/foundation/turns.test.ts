import { expect } from 'chai';
import type { App } from '../../bot/app';
import { startTestApp, say } from '../support/app';

describe('turns of one conversation', function () {
  this.timeout(30000);
  let app: App;
  before(async () => {
    app = await startTestApp({ DEMO_DATA: 'off' });
  });
  after(() => app.stop());

  it('two messages arriving together are both applied, in order', async () => {
    for (const text of ['thẻ đã được sử dụng', 'có', 'naruto']) await say(app, 'together', text);
    // The customer answers two questions in a burst: denomination, then serial.
    const first = say(app, 'together', '50k');
    await new Promise((r) => setTimeout(r, 5));
    const second = say(app, 'together', '1000 2026 1111 22');
    const [r1, r2] = await Promise.all([first, second]);
    expect(r1.at(-1)!.text).to.match(/serial/);
    expect(r2.at(-1)!.text).to.match(/mua thẻ ở cửa hàng/);
    const summary = await say(app, 'together', 'sửa');
    expect(summary.map((r) => r.text).join()).not.to.match(/Mệnh giá: 50/); // not at the summary yet
    const transcript = await app.db.connection.collection('transcripts').countDocuments({ conversation: 'cli:together', direction: 'in' });
    expect(transcript).to.equal(6);
  });

  it('many conversations run at once without mixing their state', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `parallel-${i}`);
    await Promise.all(ids.map((id) => say(app, id, 'thẻ đã được sử dụng')));
    await Promise.all(ids.map((id) => say(app, id, 'có')));
    const replies = await Promise.all(ids.map((id, i) => say(app, id, i % 2 ? 'naruto' : 'bang bang')));
    for (const r of replies) expect(r.at(-1)!.text).to.match(/Mệnh giá/);
  });

  it('a complaint saved by an older machine restarts politely instead of failing', async () => {
    for (const text of ['thẻ đã được sử dụng', 'có']) await say(app, 'old-snapshot', text);
    const col = app.db.connection.collection<{ _id: string; state: string }>('botstate');
    const doc = await col.findOne({ _id: 'cli/conversations/old-snapshot/' });
    const state = JSON.parse(doc!.state);
    state.complaint.version = -1;
    await col.updateOne({ _id: doc!._id }, { $set: { state: JSON.stringify(state) } });
    const r = await say(app, 'old-snapshot', 'naruto');
    const text = r.map((x) => x.text).join('\n');
    expect(text).to.match(/hệ thống vừa được cập nhật/);
    expect(r.at(-1)!.text).to.match(/tình huống nào/);
  });
});
