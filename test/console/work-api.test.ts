import { expect } from 'chai';
import { nextPhone, nextSerial } from '../conversations/harness';
import { startFileHost, PNG } from '../support/files';
import { sendToBot } from '../../scripts/bot-client';
import { signedInConsole, loggedIn, handedOffComplaint, say, openEvents, ConsoleClient, type SignedInConsole } from './support';
import { backfillTicketSearch } from '../../models/ticket-search';

// Issue 15's endpoints as the page uses them: who may call each one, and what it answers.
describe('agent console API: search, summary, assignment, attachments, delivery (issue 15)', function () {
  this.timeout(60000);
  let { world, lan, minh, hoa } = {} as SignedInConsole; // hoa is the admin
  signedInConsole((s) => ({ world, lan, minh, hoa } = s));

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

    it('tickets recorded before names were indexed are found by name after npm run search:backfill', async () => {
      const old = await phoneTicket(lan, 'Hoàng Minh Khôi', '0966 123 456', true);
      const codes = async (q: string) => ((await json(lan.get(`/search?q=${encodeURIComponent(q)}`))).items as Array<{ code: string }>).map((i) => i.code);
      // As an older version left it: the ticket has no search keys.
      await world.app.db.connection.collection('ticket_search_keys').deleteMany({ ticketCode: old });
      expect(await codes('hoang minh khoi')).to.deep.equal([]);
      expect(await backfillTicketSearch(world.app.db.connection)).to.be.at.least(1);
      expect(await codes('hoang minh khoi')).to.deep.equal([old]);
      await backfillTicketSearch(world.app.db.connection); // again: nothing doubled
      expect(await codes('Khôi')).to.deep.equal([old]);
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

  describe('assignment', () => {
    const db = () => world.app.db.connection;
    const conversation = async (conv: string) => db().collection('conversations').findOne({ _id: `cli:${conv}` as never });
    const history = async (code: string) => db().collection('ticket_history').find({ ticketCode: code }).sort({ at: 1, _id: 1 }).toArray();

    it('only admins assign (401 without a session, 403 for an agent); assign then reassign moves the case and the conversation, the agent is told live', async () => {
      const conv = 'api-assign';
      const code = await handedOffComplaint(world, conv);
      expect((await new ConsoleClient(world.app.url).post(`/cases/${code}/assign`, { agent: 'lan' })).status).to.equal(401);
      const refused = await lan.post(`/cases/${code}/assign`, { agent: 'lan' });
      expect(refused.status).to.equal(403);
      expect(await json(refused)).to.deep.equal({ error: 'admin_only' });
      expect(await json(hoa.post(`/cases/${code}/assign`, { agent: 'nobody' }))).to.deep.equal({ error: 'bad_agent' });

      const lanEvents = await openEvents(lan);
      const res = await hoa.post(`/cases/${code}/assign`, { agent: 'lan' });
      expect(res.status).to.equal(200);
      expect(await json(res)).to.deep.equal({ agent: { id: 'lan', name: 'Lan Nguyễn' } });
      await lanEvents.waitFor((e) => e.event === 'owner' && e.data.conversation === `cli:${conv}` && e.data.agentId === 'lan');
      expect((await json(lan.get('/queue/summary'))).mine.map((m: { code: string }) => m.code)).to.include(code);
      expect(await conversation(conv)).to.include({ owner: 'agent', agentId: 'lan' });
      expect((await lan.post(`/cases/${code}/reply`, { text: 'Em là Lan, em đang xem khiếu nại của chị.' })).status).to.equal(200);

      expect((await hoa.post(`/cases/${code}/assign`, { agent: 'minh' })).status).to.equal(200);
      expect(await conversation(conv)).to.include({ owner: 'agent', agentId: 'minh' });
      expect((await lan.post(`/cases/${code}/reply`, { text: 'còn em không?' })).status).to.equal(409);
      expect((await minh.post(`/cases/${code}/reply`, { text: 'Em là Minh, em tiếp nhận khiếu nại.' })).status).to.equal(200);
      const assigned = (await history(code)).filter((h) => h.action === 'assigned');
      expect(assigned.map((h) => [h.actor, h.changes[0].from, h.changes[0].to])).to.deep.equal([
        ['agent:hoa', null, 'lan'],
        ['agent:hoa', 'lan', 'minh'],
      ]);
      lanEvents.close();
    });

    it('settings: admins only; automatic round robin gives new hand-offs to agents with the console open, up to their capacity', async () => {
      expect((await lan.get('/admin/assignment')).status).to.equal(403);
      expect((await lan.post('/admin/assignment', { auto: true, capacity: 1 })).status).to.equal(403);
      expect(await json(hoa.post('/admin/assignment', { auto: true, capacity: 0 }))).to.deep.equal({ error: 'bad_settings' });
      expect(await json(hoa.post('/admin/assignment', { auto: 'yes', capacity: 2 }))).to.deep.equal({ error: 'bad_settings' });
      expect(await json(hoa.get('/admin/assignment'))).to.deep.equal({ auto: false, capacity: 3, maxCapacity: 50 });

      // Fresh agents with nothing held, so the capacity is theirs alone.
      const thu = await loggedIn(world, 'thu');
      const [a, b] = [await openEvents(thu), await openEvents(hoa)];
      const held = async () => (await json(thu.get('/queue/summary'))).counts.mine as number;
      const thuBefore = await held();
      const hoaBefore = (await json(hoa.get('/queue/summary'))).counts.mine as number;
      try {
        // Lan and Minh hold cases from the tests above: a capacity they already reach.
        expect((await hoa.post('/admin/assignment', { auto: true, capacity: Math.max(thuBefore, hoaBefore) + 1 })).status).to.equal(200);
        const codes = [await handedOffComplaint(world, 'api-rr-1'), await handedOffComplaint(world, 'api-rr-2'), await handedOffComplaint(world, 'api-rr-3')];
        const holderOf = async (code: string) => (await db().collection('console_claims').findOne({ ticketCode: code }))?.agentId as string | undefined;
        const deadline = Date.now() + 5000;
        let holders: Array<string | undefined> = [];
        while (Date.now() < deadline) {
          holders = await Promise.all(codes.map(holderOf));
          if (holders.filter(Boolean).length >= 2) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        // One each to the two agents online below capacity; the third waits for someone.
        expect(holders.slice(0, 2).sort()).to.deep.equal(['hoa', 'thu'].sort());
        await new Promise((r) => setTimeout(r, 300));
        expect(await holderOf(codes[2])).to.equal(undefined);
        expect(await conversation('api-rr-1')).to.include({ owner: 'agent' });
        const h = (await history(codes[0])).find((x) => x.action === 'assigned');
        expect(h).to.deep.include({ actor: 'system' });
      } finally {
        await hoa.post('/admin/assignment', { auto: false, capacity: 3 });
        a.close();
        b.close();
      }
    });
  });

  describe('attachments', () => {
    it('a kept file is served only to a signed-in agent, with its sniffed type; unknown ids are 404', async () => {
      const host = await startFileHost();
      try {
        // This world downloads from public hosts only: a loopback URL is refused and says why.
        host.put('/p.png', PNG, 'image/png');
        await sendToBot(world.app.url, 'api-files', 'ảnh', { attachments: [{ contentType: 'image/png', contentUrl: `${host.url}/p.png` }] });
        const entry = await world.app.db.connection.collection('transcripts').findOne({ conversation: 'cli:api-files', direction: 'in' });
        expect(entry!.files).to.deep.equal([{ contentType: 'image/png', error: 'bad_url' }]);
        expect(host.requests).to.deep.equal([]);
        const id = '0b7c2a62-2f4e-4a53-9d0c-1a2b3c4d5e6f';
        await world.app.db.connection.collection('attachments').insertOne({ _id: id as never, conversation: 'cli:api-files', contentType: 'image/png', size: PNG.length, data: PNG, at: new Date() });
        expect((await new ConsoleClient(world.app.url).get(`/files/${id}`)).status).to.equal(401);
        const res = await lan.get(`/files/${id}`);
        expect(res.status).to.equal(200);
        expect(res.headers.get('content-type')).to.equal('image/png');
        expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).to.equal(true);
        expect((await lan.get('/files/0b7c2a62-2f4e-4a53-9d0c-000000000000')).status).to.equal(404);
        expect((await lan.get('/files/..%2f..%2fetc')).status).to.equal(404);
      } finally {
        await host.close();
      }
    });
  });

  describe('one chat, several complaints', () => {
    it('the case view says where the previous complaint of the chat ended, and lists it among the customer’s tickets', async () => {
      const conv = 'api-two-complaints';
      const first = await handedOffComplaint(world, conv);
      expect((await lan.post(`/cases/${first}/take`)).status).to.equal(200);
      expect((await lan.post(`/cases/${first}/resolve`, { resolution: 'agent_resolved' })).status).to.equal(200);
      const serial = nextSerial();
      world.issuer.put({ serial, denomination: 100000, status: 'active', soldAt: '2026-11-20T09:00:00+07:00', soldBy: { name: 'Đại lý Minh Anh' } }, []);
      await say(world, conv, ['thẻ không tồn tại', 'có', 'naruto', '50k', serial, 'Đại lý Minh Anh', '8h tối qua', 'Đúng như vậy', nextPhone(), 'bỏ qua', 'Gửi khiếu nại']);
      const newest = await world.app.db.connection.collection('tickets').find({ conversation: `cli:${conv}` }).sort({ createdAt: -1, codeSeq: -1 }).limit(1).next();
      const second = newest!.code as string;
      expect(second).to.not.equal(first);
      expect(newest).to.include({ status: 'waiting_agent' });
      const view = await json(lan.get(`/cases/${second}`));
      expect(view.related.map((r: { code: string }) => r.code)).to.include(first);
      const end = view.complaintEnds.find((e: { code: string }) => e.code === first);
      expect(end).to.include({ status: 'closed' });
      // The end falls between the two complaints' messages.
      const at = new Date(end.at).getTime();
      const times = view.transcript.map((e: { at: string }) => new Date(e.at).getTime());
      expect(times.some((x: number) => x <= at)).to.equal(true);
      expect(times.some((x: number) => x > at)).to.equal(true);
    });
  });

  describe('delivery', () => {
    it('a failed reply is stored as failed with its reason; only its author, holding the case, can send it again (401, 409); a delivered one cannot be', async () => {
      const conv = 'api-delivery';
      const code = await handedOffComplaint(world, conv);
      expect((await lan.post(`/cases/${code}/take`)).status).to.equal(200);
      world.connector.failNext(500, 50);
      expect((await lan.post(`/cases/${code}/reply`, { text: 'Tin thứ nhất' })).status).to.equal(502);
      world.connector.failNext(0, 0);
      const view = await json(lan.get(`/cases/${code}`));
      const failed = view.transcript.find((e: any) => e.text === 'Tin thứ nhất');
      expect(failed).to.include({ delivery: 'failed', deliveryError: 'http_500', agentReply: true });
      expect(view.history.map((h: any) => h.action)).to.include('delivery_failed');

      expect((await new ConsoleClient(world.app.url).post(`/cases/${code}/messages/${failed.id}/retry`)).status).to.equal(401);
      expect((await minh.post(`/cases/${code}/messages/${failed.id}/retry`)).status).to.equal(409);
      expect((await lan.post(`/cases/${code}/messages/not-an-id/retry`)).status).to.equal(404);
      expect((await lan.post(`/cases/${code}/messages/${failed.id}/retry`)).status).to.equal(200);
      expect(await json(lan.post(`/cases/${code}/messages/${failed.id}/retry`))).to.deep.equal({ error: 'not_failed' });
      const after = await json(lan.get(`/cases/${code}`));
      expect(after.transcript.filter((e: any) => e.text === 'Tin thứ nhất').map((e: any) => e.delivery)).to.deep.equal(['retried', 'sent']);
      // The bot's own words are marked too.
      expect(after.transcript.filter((e: any) => e.author === 'bot').every((e: any) => e.delivery === 'sent')).to.equal(true);
      // Step 4 texts for the resolve form, in the customer's language.
      expect(after.step4.agent_resolved[0]).to.include(code);
    });
  });
});
