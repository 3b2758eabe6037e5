import { expect } from 'chai';
import { NOW } from '../conversations/harness';
import { startConsoleWorld, loggedIn, handedOffComplaint, ConsoleClient, type ConsoleWorld } from './support';

// Issue 15's endpoints as the page uses them: who may call each one, and what it answers.
describe('agent console API: search, summary, assignment, attachments, delivery (issue 15)', function () {
  this.timeout(60000);
  let world: ConsoleWorld;
  let lan: ConsoleClient;
  let minh: ConsoleClient;
  let hoa: ConsoleClient; // admin

  before(async () => {
    world = await startConsoleWorld();
    [lan, minh, hoa] = await Promise.all([loggedIn(world, 'lan'), loggedIn(world, 'minh'), loggedIn(world, 'hoa')]);
  });
  after(async () => {
    await world?.close();
  });
  afterEach(() => {
    world.clock.now = NOW;
  });

  const json = <T = any>(r: Response | Promise<Response>) => lan.json<T>(r);
  let phoneSeq = 500;
  /** A phone ticket taken by `who`, closed by a confirmation call when `close`. */
  async function phoneTicket(who: ConsoleClient, name: string, phone: string, close = false): Promise<string> {
    phoneSeq += 1;
    const res = await who.post('/tickets', {
      customerName: name,
      situation: 'failed_card_used',
      service: 'naruto',
      denomination: '50k',
      serial: `1000 2026 0${phoneSeq} 03`,
      purchasePlace: 'Đại lý Minh Anh, 12 Lê Lợi',
      transactionAt: '8h tối qua',
      statusText: '',
      phone,
      email: '',
    });
    expect(res.status, JSON.stringify(await res.clone().json())).to.equal(200);
    const { code } = await json(res);
    if (close) expect((await who.post(`/cases/${code}/calls`, { reached: true, note: 'Đã báo', resolution: 'used_before_purchase' })).status).to.equal(200);
    return code;
  }

  describe('search', () => {
    it('needs a session (401); a query too short or too long is refused with its reason', async () => {
      expect((await new ConsoleClient(world.app.url).get('/search?q=0912')).status).to.equal(401);
      expect((await new ConsoleClient(world.app.url).get('/queue/summary')).status).to.equal(401);
      const short = await lan.get('/search?q=a');
      expect(short.status).to.equal(400);
      expect(await json(short)).to.deep.equal({ error: 'query_too_short' });
      expect(await json(lan.get(`/search?q=${'x'.repeat(101)}`))).to.deep.equal({ error: 'query_too_long' });
    });

    it('finds closed tickets by code, by a phone typed any way, by serial, by name without diacritics; lists the customer’s other tickets', async () => {
      const closed = await phoneTicket(lan, 'Trần Thị Ngọc Ánh', '0987 654 321', true);
      const open = await phoneTicket(minh, 'Trần Thị Ngọc Ánh', '+84 987-654-321');
      const other = await phoneTicket(lan, 'Lê Văn Đức', '0977 111 222', true);
      const codes = async (q: string) => ((await json(lan.get(`/search?q=${encodeURIComponent(q)}`))).items as Array<{ code: string }>).map((i) => i.code);

      for (const q of ['0987654321', '+84987654321', '84 987 654 321', '(+84) 987.654.321', '987654321']) {
        expect(await codes(q), q).to.have.members([closed, open]);
      }
      expect(await codes(closed)).to.deep.equal([closed]);
      expect(await codes(closed.toLowerCase().replace(/-/g, ' '))).to.deep.equal([closed]);
      expect(await codes('tran thi ngoc anh')).to.have.members([closed, open]);
      expect(await codes('NGOC ANH')).to.have.members([closed, open]);
      expect(await codes('Đức')).to.deep.equal([other]);
      expect(await codes('duc')).to.deep.equal([other]);
      const t = await world.app.db.connection.collection('tickets').findOne({ _id: other as never });
      expect(await codes(t!.serial)).to.deep.equal([other]);
      expect(await codes('Không Ai Tên Này')).to.deep.equal([]);

      const hit = (await json(lan.get('/search?q=0987654321'))).items.find((i: { code: string }) => i.code === closed);
      expect(hit).to.deep.include({ status: 'closed', channel: 'phone', customerName: 'Trần Thị Ngọc Ánh', phone: '0987 654 321', by: ['phone'] });

      const view = await json(lan.get(`/cases/${open}`));
      expect(view.related.map((r: { code: string }) => r.code)).to.deep.equal([closed]);
      expect(view.related[0]).to.include({ status: 'closed', resolution: 'used_before_purchase' });
    });

    it('the summary counts each tab and lists the cases waiting and the agent’s own', async () => {
      const code = await handedOffComplaint(world, 'api-summary');
      const s = await json(hoa.get('/queue/summary'));
      expect(s.waiting).to.include(code);
      expect(s.counts.waiting).to.equal(s.waiting.length);
      expect(s.counts.all).to.be.at.least(s.counts.waiting + s.counts.mine);
      const mineBefore = (await json(minh.get('/queue/summary'))).counts.mine;
      expect((await minh.post(`/cases/${code}/take`)).status).to.equal(200);
      const after = await json(minh.get('/queue/summary'));
      expect(after.counts.mine).to.equal(mineBefore + 1);
      expect(after.mine).to.deep.include({ code, conversation: 'cli:api-summary' });
      expect(after.waiting).to.not.include(code);
    });
  });
});
