import { expect } from 'chai';
import { startWorld, World, converse, ticketOf, ownerOf, nextPhone, nextSerial } from './harness';
import { startConnector, Connector } from '../support/connector';

// The agent's decisions (fraud_refused, agent_resolved) and hand-back, reaching the customer on the
// channel the conversation came from, outside the customer's own turns.
describe('after a handoff, the agent decides', function () {
  this.timeout(60000);
  let world: World;
  let connector: Connector;
  before(async () => {
    world = await startWorld();
    connector = await startConnector();
  });
  after(async () => {
    await world.close();
    await connector.close();
  });

  async function fraudCase(conv: string): Promise<string> {
    const serial = nextSerial();
    world.issuer.put({ serial, denomination: 100000, status: 'active', soldAt: '2026-11-20T09:00:00+07:00', soldBy: { name: 'Đại lý Minh Anh' } }, []);
    const script = ['thẻ không tồn tại', 'có', 'naruto', '50k', serial, 'Đại lý Minh Anh', '8h tối qua', 'Đúng như vậy', nextPhone(), 'bỏ qua', 'Gửi khiếu nại'];
    await converse(world.app, conv, script, { serviceUrl: connector.url });
    const t = await ticketOf(world.app, conv);
    expect(t).to.include({ status: 'waiting_agent', handoffReason: 'fraud_suspected' });
    return t!.code;
  }

  for (const resolution of ['fraud_refused', 'agent_resolved'] as const) {
    it(`${resolution}: the customer gets the Step 4 confirmation and the ticket closes`, async () => {
      const conv = `agent-${resolution}`;
      const code = await fraudCase(conv);
      const before = connector.received.length;
      await world.app.desk.act(`cli:${conv}`, 'lan', { type: 'reply', text: 'Chào bạn, mình là Lan bên Qpal, mình đang kiểm tra thẻ.' });
      await world.app.desk.act(`cli:${conv}`, 'lan', { type: 'resolve', resolution });
      const sent = connector.received.slice(before).filter((r) => r.conversationId === conv).map((r) => r.activity.text);
      expect(sent[0]).to.match(/mình là Lan/);
      expect(sent[1]).to.include(code);
      expect(sent[1]).to.match(resolution === 'fraud_refused' ? /từ chối giải quyết/ : /nhân viên Qpal giải quyết/);
      // After Step 4 the bot asks for a rating (asked by the bot, not the agent).
      expect(sent[2]).to.match(/chấm điểm từ 1/);
      const t = await ticketOf(world.app, conv);
      expect(t).to.include({ status: 'closed', resolution });
      expect(await ownerOf(world.app, conv)).to.equal('closed');
      const history = await world.app.db.connection.collection('ticket_history').find({ ticketCode: code, action: 'closed' }).toArray();
      expect(history[0].actor).to.equal('agent:lan');
      const transcript = await world.app.db.connection.collection('transcripts').find({ conversation: `cli:${conv}`, author: 'agent:lan' }).toArray();
      expect(transcript.map((e) => e.text)).to.have.length(2);
      // The next message starts a new complaint with the bot.
      const next = await converse(world.app, conv, ['alo']);
      // The long greeting was shown once in this conversation already.
      expect(next[0].replies[0].text).to.match(/tình huống nào/).and.not.match(/Xin chào/);
      expect(await ownerOf(world.app, conv)).to.equal('bot');
    });
  }

  it('hand-back returns the conversation to the bot, which says so', async () => {
    const conv = 'agent-handback';
    const code = await fraudCase(conv);
    const before = connector.received.length;
    await world.app.desk.act(`cli:${conv}`, 'minh', { type: 'handBack' });
    expect(connector.received.slice(before).map((r) => r.activity.text).join()).to.match(/chuyển Quý khách về trợ lý tự động/);
    expect(await ownerOf(world.app, conv)).to.equal('bot');
    const next = await converse(world.app, conv, ['thẻ đã được sử dụng']);
    expect(next[0].replies.at(-1)!.text).to.match(/thẻ cào BIT/);
    // The agent's ticket is untouched by the new complaint.
    expect(await world.app.db.connection.collection('tickets').findOne({ code })).to.include({ status: 'waiting_agent' });
  });

  it('a failed delivery is reported to the agent, not swallowed', async () => {
    const conv = 'agent-fail';
    await fraudCase(conv);
    connector.failNext(403, 100); // e.g. the customer blocked the page
    let err: unknown;
    try {
      await world.app.desk.act(`cli:${conv}`, 'lan', { type: 'reply', text: 'Bạn chờ mình chút nhé' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(Error);
    connector.failNext(200, 0);
  });
});
