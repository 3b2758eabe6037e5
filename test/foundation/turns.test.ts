import { expect } from 'chai';
import type { App } from '../../bot/app';
import { startTestApp, say } from '../support/app';
import { sleep, startChannelWorld, turnsDone, waitForTurns, type ChannelWorld } from '../channels/world';
import { envelope, metaJson, postToMessenger, textEvent } from '../channels/graph-server';

describe('turns of one conversation', function () {
  this.timeout(30000);
  let app: App;
  before(async () => {
    app = await startTestApp({ DEMO_DATA: 'off' });
  });
  after(() => app.stop());

  describe('a burst of messages (Messenger delivers them one right after the other)', () => {
    let w: ChannelWorld;
    before(async () => {
      w = await startChannelWorld('turns');
    });
    after(() => w?.close());

    const psid = '24700000099001';
    const deliver = async (text: string) => {
      const raw = Buffer.from(metaJson(envelope(w.graph.pageId, [textEvent(w.graph.pageId, psid, text, { timestamp: w.clock.now.getTime() })])));
      expect(await postToMessenger(w.app.url, raw, w.graph.appSecret)).to.equal(200);
    };

    it('two messages arriving while the conversation is busy are both applied, in order', async () => {
      for (const [n, text] of ['thẻ đã được sử dụng', 'có', 'naruto'].entries()) {
        await deliver(text);
        await waitForTurns(w.app, 'messenger', n + 1);
      }
      const before = w.graph.textsTo(psid).length;
      // The conversation is busy (the bot is between turns of its own) while the customer answers
      // two questions in a burst: denomination, then serial. The webhook has queued a message's
      // turn when it answers 200, so the order they arrived in is known, not left to a timer.
      let release = () => {};
      let held!: () => void;
      const holding = new Promise<void>((r) => (held = r));
      // The hold counts only once it runs (taking the conversation's lease is a database write).
      const busy = w.app.desk.inTurnOrder(`messenger:${psid}`, () => new Promise<void>((r) => { release = r; held(); }));
      try {
        await holding;
        await deliver('50k');
        await deliver('1000 2026 1111 22');
        // Given time to run (they take tens of ms), neither turn may have run alongside the busy one.
        await sleep(300);
        expect(await turnsDone(w.app, 'messenger'), 'no turn ran while the conversation was busy').to.equal(3);
        expect(w.graph.textsTo(psid)).to.have.length(before);
      } finally {
        release(); // also when an assertion failed: a held conversation would outlive the test
      }
      await busy;
      await waitForTurns(w.app, 'messenger', 5);

      const replies = w.graph.textsTo(psid).slice(before);
      expect(replies).to.have.length(2);
      expect(replies[0]).to.match(/serial/); // asked after the denomination
      expect(replies[1]).to.match(/mua thẻ ở cửa hàng/); // asked after the serial
      const transcript = await w.app.db.connection
        .collection<{ text: string }>('transcripts')
        .find({ conversation: `messenger:${psid}`, direction: 'in' })
        .sort({ at: 1 })
        .toArray();
      expect(transcript.map((t) => t.text)).to.deep.equal(['thẻ đã được sử dụng', 'có', 'naruto', '50k', '1000 2026 1111 22']);
      const doc = await w.app.db.connection.collection<{ _id: string; state: string }>('botstate').findOne({ _id: `messenger/conversations/${psid}/` });
      const fields = JSON.parse(doc!.state).complaint.snapshot.context.fields;
      expect(fields).to.include({ denomination: 50000, serial: '10002026111122' });
    });
  });

  it('many conversations down different paths at once keep each its own state', async () => {
    // Four paths, interleaved step by step: a state leak between conversations would show as a
    // wrong question, a wrong stored situation or service, or a ticket in the wrong conversation.
    const paths = [
      { steps: ['thẻ đã được sử dụng', 'có', 'naruto'], last: /Mệnh giá thẻ/, situation: 'failed_card_used', service: /Naruto/, ticket: undefined },
      { steps: ['thẻ đã được sử dụng', 'không', 'naruto'], last: /tình huống nào/, situation: undefined, service: undefined, ticket: 'closed' },
      { steps: ['nap the thanh cong ma ko thay tien', 'co', 'bang bang'], last: /Mệnh giá thẻ/, situation: 'success_not_credited', service: /Bang Bang/, ticket: undefined },
      { steps: ['thẻ không tồn tại', 'có', 'gặp nhân viên'], last: /chuyển Quý khách đến nhân viên/, situation: 'failed_card_not_found', service: undefined, ticket: 'waiting_agent' },
    ] as const;
    const convs = Array.from({ length: 20 }, (_, i) => ({ id: `parallel-${i}`, path: paths[i % paths.length] }));
    const last = new Map<string, string>();
    for (let step = 0; step < 3; step++) {
      await Promise.all(
        convs.map(async ({ id, path }) => {
          const r = await say(app, id, path.steps[step]);
          // All of the step's replies: out of working hours a handoff adds when agents are back.
          last.set(id, r.map((x) => x.text).join('\n'));
        }),
      );
    }
    const states = app.db.connection.collection<{ _id: string; state: string }>('botstate');
    const tickets = app.db.connection.collection<{ conversation: string; status: string; situation: string }>('tickets');
    for (const { id, path } of convs) {
      expect(last.get(id), id).to.match(path.last);
      const context = JSON.parse((await states.findOne({ _id: `cli/conversations/${id}/` }))!.state).complaint.snapshot.context;
      expect(context.situation, id).to.equal(path.situation);
      if (path.service) expect(context.fields.service?.name, id).to.match(path.service);
      else expect(context.fields.service, id).to.equal(undefined);
      const mine = await tickets.find({ conversation: `cli:${id}` }).toArray();
      expect(mine.map((t) => t.status), id).to.deep.equal(path.ticket ? [path.ticket] : []);
    }
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
