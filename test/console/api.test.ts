import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { opsHeaders } from '../support/app';
import { sessionModel } from '../../models/session';
import { claimModel } from '../../models/claim';
import { RESOLUTIONS, SITUATIONS } from '../../machines/complaint/types';
import { PHONE_TICKET_FIELDS } from '../../bot/console-api/phone-ticket';
import {
  signedInConsole,
  loggedIn,
  handedOffComplaint,
  say,
  delivered,
  openEvents,
  ConsoleClient,
  type SignedInConsole,
} from './support';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');

// The console's API as the page uses it, against the real bot, database and a local channel
// service: permissions (401 without a session, admin-only actions, CSRF and Origin), exactly one
// agent per hand-off even when racing, and each action's effect on the customer, the ticket, the
// history and the bot's silence. The bot runs as `npm start` runs it on its own database
// (conversation leases in memory, so it keeps the conversations it read): an owner changed by the
// console must still decide who answers the next message.
describe('agent console API', function () {
  this.timeout(60000);
  let { world, lan, minh, hoa } = {} as SignedInConsole; // hoa is the admin
  signedInConsole((s) => ({ world, lan, minh, hoa } = s), { CONVERSATION_LEASES: 'process' });

  const db = () => world.app.db.connection;
  const history = async (code: string) => db().collection('ticket_history').find({ ticketCode: code }).sort({ at: 1, _id: 1 }).toArray();
  const owner = async (conv: string) => (await db().collection('conversations').findOne({ _id: `cli:${conv}` as never }))?.owner;
  const ticket = async (code: string) => db().collection('tickets').findOne({ _id: code as never });

  describe('sessions', () => {
    it('every route but the page, the texts and login needs a session: 401', async () => {
      const anon = new ConsoleClient(world.app.url);
      const code = 'KN-2511-0001';
      const gets = ['/me', '/lists', '/queue?view=all', `/cases/${code}`, '/events', '/admin/agents', '/admin/locales'];
      for (const path of gets) expect((await anon.get(path)).status, `GET ${path}`).to.equal(401);
      const posts = ['/logout', `/cases/${code}/take`, `/cases/${code}/reply`, `/cases/${code}/notes`, `/cases/${code}/resolve`, `/cases/${code}/hand-back`, `/cases/${code}/calls`, `/cases/${code}/release`, '/tickets'];
      for (const path of posts) expect((await anon.post(path, { text: 'x' }, { csrf: 'whatever' })).status, `POST ${path}`).to.equal(401);
      // A made-up cookie is no session either.
      anon.cookie = 'qpal_console=forged';
      expect((await anon.get('/me')).status).to.equal(401);
      expect((await fetch(`${world.app.url}/console/api/texts/vi`)).status).to.equal(200);
    });

    it('login sets an HttpOnly, SameSite=Strict cookie; a wrong password or unknown name is 401; repeated failures 429', async () => {
      const c = new ConsoleClient(world.app.url);
      const ok = await c.login('LAN');
      expect(ok.status).to.equal(200);
      const cookie = ok.headers.get('set-cookie')!;
      expect(cookie).to.match(/^qpal_console=[A-Za-z0-9_-]{40,};/);
      expect(cookie).to.include('HttpOnly').and.include('SameSite=Strict').and.include('Path=/console');
      const body = await c.json(c.get('/me'));
      expect(body.agent).to.deep.equal({ id: 'lan', name: 'Lan Nguyễn', role: 'agent' });
      expect(body.csrf).to.be.a('string').with.length.above(30);
      // The database keeps a hash of the token, never the token itself.
      const token = cookie.split(';')[0].split('=')[1];
      expect(await sessionModel(db()).exists({ _id: token })).to.equal(null);

      expect((await new ConsoleClient(world.app.url).login('lan', 'sai-mat-khau')).status).to.equal(401);
      expect((await new ConsoleClient(world.app.url).login('nobody', 'sai-mat-khau')).status).to.equal(401);
      const statuses: number[] = [];
      const thu = await loggedIn(world, 'thu');
      for (let i = 0; i < 6; i += 1) statuses.push((await new ConsoleClient(world.app.url).login('thu', 'sai-mat-khau')).status);
      expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 429]);
      // Even the right password waits out the lock; thu's existing session is unaffected.
      expect((await new ConsoleClient(world.app.url).login('thu')).status).to.equal(429);
      expect((await thu.get('/me')).status).to.equal(200);
    });

    it('a session past its stored expiresAt is refused and removed (no TTL index needed)', async () => {
      const c = await loggedIn(world, 'lan');
      const me = await c.json(c.get('/me'));
      expect(me.agent.id).to.equal('lan');
      const sessions = sessionModel(db());
      const before = await sessions.countDocuments({ agentId: 'lan' });
      // Expire the newest session of lan (the one just made).
      const newest = await sessions.findOne({ agentId: 'lan' }).sort({ createdAt: -1 }).lean();
      await sessions.updateOne({ _id: newest!._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      const res = await c.get('/me');
      expect(res.status).to.equal(401);
      expect((await json(res)).error).to.equal('session_expired');
      expect(await sessions.countDocuments({ agentId: 'lan' })).to.equal(before - 1);
    });

    it('npm run user:add creates, resets and disables accounts (argon2id, password from CONSOLE_PASSWORD)', async function () {
      this.timeout(60000);
      const conn = db();
      // The same server as the bot's (a Unix socket for the embedded database, percent-encoded as the host).
      const server = conn.getClient().options.hosts[0];
      const host = server.socketPath ? encodeURIComponent(server.socketPath) : `${server.host}:${server.port}`;
      const env = { ...process.env, MONGODB_URI: `mongodb://${host}/${conn.name}`, CONSOLE_PASSWORD: 'mot-mat-khau-rat-dai', LOG_LEVEL: 'silent' };
      const run = (...args: string[]) =>
        new Promise<{ code: number; out: string }>((resolve) => {
          execFile(process.execPath, [TSX, 'scripts/user-add.ts', ...args], { env, cwd: ROOT }, (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
          );
        });
      const created = await run('--name', 'Ha.Vu', '--role', 'admin', '--display', 'Hà Vũ');
      expect(created.code, created.out).to.equal(0);
      const stored = await conn.collection('console_agents').findOne({ _id: 'ha.vu' as never });
      expect(stored).to.include({ displayName: 'Hà Vũ', role: 'admin', active: true });
      expect(stored!.passwordHash).to.match(/^\$argon2id\$/);
      const ha = new ConsoleClient(world.app.url);
      expect((await ha.login('ha.vu', 'mot-mat-khau-rat-dai')).status).to.equal(200);
      expect((await run('--name', 'ha.vu')).code).to.equal(2); // exists: needs --reset
      expect((await run('--name', 'x y')).code).to.equal(2);
      const short = await new Promise<number>((resolve) =>
        execFile(process.execPath, [TSX, 'scripts/user-add.ts', '--name', 'short'], { env: { ...env, CONSOLE_PASSWORD: 'ngan' }, cwd: ROOT }, (err) => resolve(err ? Number((err as { code?: number }).code) : 0)),
      );
      expect(short).to.equal(2);
      const reset = await new Promise<number>((resolve) =>
        execFile(process.execPath, [TSX, 'scripts/user-add.ts', '--name', 'ha.vu', '--reset', '--role', 'agent'], { env: { ...env, CONSOLE_PASSWORD: 'mat-khau-moi-dai-hon' }, cwd: ROOT }, (err) => resolve(err ? 1 : 0)),
      );
      expect(reset).to.equal(0);
      expect((await ha.get('/me')).status).to.equal(401); // old sessions closed on reset
      expect((await ha.login('ha.vu', 'mot-mat-khau-rat-dai')).status).to.equal(401);
      expect((await ha.login('ha.vu', 'mat-khau-moi-dai-hon')).status).to.equal(200);
      expect((await ha.json(ha.get('/me'))).agent).to.deep.equal({ id: 'ha.vu', name: 'Hà Vũ', role: 'agent' });
      expect((await run('--name', 'ha.vu', '--disable')).code).to.equal(0);
      expect((await ha.get('/me')).status).to.equal(401); // its sessions are closed
      expect((await new ConsoleClient(world.app.url).login('ha.vu', 'mat-khau-moi-dai-hon')).status).to.equal(401);
    });

    it('logout ends the session (CSRF checked on it too)', async () => {
      const c = await loggedIn(world, 'minh');
      expect((await c.post('/logout', {}, { csrf: null })).status).to.equal(403);
      expect((await c.post('/logout')).status).to.equal(200);
      expect((await c.get('/me')).status).to.equal(401);
    });
  });

  describe('CSRF and Origin', () => {
    it('a change without the session token, with a wrong one, from another origin or cross-site is refused and changes nothing', async () => {
      const code = await handedOffComplaint(world, 'csrf-1');
      const attempts: Array<[string, Promise<Response>]> = [
        ['no token', lan.post(`/cases/${code}/take`, {}, { csrf: null })],
        ['wrong token', lan.post(`/cases/${code}/take`, {}, { csrf: 'x'.repeat(43) })],
        ["another agent's token", lan.post(`/cases/${code}/take`, {}, { csrf: minh.csrf })],
        ['foreign Origin', lan.post(`/cases/${code}/take`, {}, { origin: 'https://evil.example' })],
        ['malformed Origin', lan.post(`/cases/${code}/take`, {}, { origin: 'null' })],
      ];
      for (const [what, p] of attempts) {
        const res = await p;
        expect(res.status, what).to.equal(403);
        expect((await json(res)).error, what).to.be.oneOf(['bad_csrf', 'bad_origin']);
      }
      const crossSite = await fetch(`${world.app.url}/console/api/cases/${code}/take`, {
        method: 'POST',
        headers: { cookie: lan.cookie, 'x-csrf-token': lan.csrf, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(crossSite.status).to.equal(403);
      // Login from another site is refused as well (login CSRF).
      const foreignLogin = await fetch(`${world.app.url}/console/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ name: 'lan', password: 'x' }),
      });
      expect(foreignLogin.status).to.equal(403);
      expect(await claimModel(db()).countDocuments({ ticketCode: code })).to.equal(0);
      expect(await owner('csrf-1')).to.equal('queue');
      // The same request with the token and this origin goes through.
      expect((await lan.post(`/cases/${code}/take`)).status).to.equal(200);
    });
  });

  describe('roles', () => {
    it('an agent cannot do admin actions; an admin can', async () => {
      expect((await lan.get('/admin/agents')).status).to.equal(403);
      expect((await lan.get('/admin/locales')).status).to.equal(403);
      const code = await handedOffComplaint(world, 'roles-1');
      expect((await minh.post(`/cases/${code}/take`)).status).to.equal(200);
      const denied = await lan.post(`/cases/${code}/release`);
      expect(denied.status).to.equal(403);
      expect((await json(denied)).error).to.equal('admin_only');
      expect(await claimModel(db()).countDocuments({ ticketCode: code, agentId: 'minh' })).to.equal(1);

      const agents = await hoa.json(hoa.get('/admin/agents'));
      expect(agents.agents.map((a: { id: string }) => a.id)).to.include.members(['hoa', 'lan', 'minh']);
      expect(JSON.stringify(agents)).not.to.include('argon2');
      expect(agents.agents.find((a: { id: string }) => a.id === 'minh').holding).to.be.at.least(1);
      const locales = await hoa.json(hoa.get('/admin/locales'));
      expect(locales.available).to.equal(true);
      expect(locales.status.errors).to.be.an('array');

      // Release: the conversation waits in the queue again and another agent can take it.
      expect((await hoa.post(`/cases/${code}/release`)).status).to.equal(200);
      expect(await owner('roles-1')).to.equal('queue');
      expect((await lan.post(`/cases/${code}/take`)).status).to.equal(200);
      const actions = (await history(code)).filter((h) => h.actor.startsWith('agent:')).map((h) => `${h.action}:${h.actor}`);
      expect(actions).to.deep.equal(['taken_over:agent:minh', 'released:agent:hoa', 'taken_over:agent:lan']);
    });
  });

  describe('take over', () => {
    it('the second agent is refused and told who holds it', async () => {
      const code = await handedOffComplaint(world, 'take-1');
      expect((await lan.post(`/cases/${code}/take`)).status).to.equal(200);
      const res = await minh.post(`/cases/${code}/take`);
      expect(res.status).to.equal(409);
      expect(await json(res)).to.deep.include({ error: 'held', heldBy: { id: 'lan', name: 'Lan Nguyễn' } });
      const seen = await minh.json(minh.get(`/cases/${code}`));
      expect(seen.heldBy).to.include({ id: 'lan', name: 'Lan Nguyễn' });
      expect(seen.can).to.include({ take: false, reply: false, resolve: false, handBack: false });
      expect(await owner('take-1')).to.equal('agent');
      const conv = await db().collection('conversations').findOne({ _id: 'cli:take-1' as never });
      expect(conv?.agentId).to.equal('lan');
    });

    it('racing: many take-over requests from several agents at once, exactly one wins', async () => {
      const code = await handedOffComplaint(world, 'take-race');
      const extra = await Promise.all([loggedIn(world, 'lan'), loggedIn(world, 'minh'), loggedIn(world, 'hoa')]);
      const clients = [lan, minh, hoa, ...extra, lan, minh, hoa, ...extra];
      // Count the claim inserts: the race must reach the unique index, not be settled by the reads before it.
      let inserts = 0;
      const count = (e: { commandName: string; command: Record<string, unknown> }) => {
        if (e.commandName === 'insert' && e.command.insert === 'console_claims') inserts += 1;
      };
      db().getClient().on('commandStarted', count);
      const results = await Promise.all(clients.map(async (c) => (await c.post(`/cases/${code}/take`)).status));
      db().getClient().off('commandStarted', count);
      expect(inserts, 'claims inserted concurrently').to.be.at.least(2);
      expect(results.filter((s) => s === 200), String(results)).to.have.length(1);
      expect(results.filter((s) => s === 409)).to.have.length(clients.length - 1);
      const claims = await claimModel(db()).find({ ticketCode: code }).lean();
      expect(claims).to.have.length(1);
      const conv = await db().collection('conversations').findOne({ _id: 'cli:take-race' as never });
      expect(conv).to.include({ owner: 'agent', agentId: claims[0].agentId });
      expect((await history(code)).filter((h) => h.action === 'taken_over')).to.have.length(1);
    });

    it('a conversation no longer waiting (handed back) cannot be taken', async () => {
      const code = await handedOffComplaint(world, 'take-moved');
      expect((await lan.post(`/cases/${code}/take`)).status).to.equal(200);
      expect((await lan.post(`/cases/${code}/hand-back`)).status).to.equal(200);
      await hoa.post(`/cases/${code}/release`);
      const res = await minh.post(`/cases/${code}/take`);
      expect(res.status).to.equal(409);
      expect((await json(res)).error).to.equal('conversation_moved');
      expect(await owner('take-moved')).to.equal('bot');
    });
  });

  describe('in the conversation', () => {
    it('reply reaches the customer as a human message; only the holder may reply; the bot stays silent', async () => {
      const conv = 'reply-1';
      const code = await handedOffComplaint(world, conv);
      // Waiting in the queue: the customer gets one short acknowledgement, then silence.
      expect(await say(world, conv, ['có ai không ạ'])).to.have.length(1);
      expect((await lan.post(`/cases/${code}/reply`, { text: 'Chào chị' })).status).to.equal(409); // not taken yet
      expect((await lan.post(`/cases/${code}/take`)).status).to.equal(200);
      const since = world.connector.received.length;
      const res = await lan.post(`/cases/${code}/reply`, { text: 'Chào chị Thu, mình là Lan bên Qpal.' });
      expect(res.status).to.equal(200);
      const out = world.connector.received.slice(since).filter((r) => r.conversationId === conv);
      expect(out.map((r) => r.activity.text)).to.deep.equal(['Chào chị Thu, mình là Lan bên Qpal.']);
      expect(out[0].activity.channelData).to.deep.include({ humanAgent: true });
      expect((await minh.post(`/cases/${code}/reply`, { text: 'xen ngang' })).status).to.equal(409);
      expect((await lan.post(`/cases/${code}/reply`, { text: '   ' })).status).to.equal(400);
      expect((await lan.post(`/cases/${code}/reply`, { text: 'x'.repeat(2001) })).status).to.equal(400);
      expect(delivered(world, conv, since)).to.have.length(1);
      // The customer keeps writing: the bot answers nothing (its one note was already sent).
      for (const text of ['dạ em chào chị', 'thẻ 50k của em', 'gặp nhân viên', 'hủy']) {
        expect(await say(world, conv, [text]), text).to.deep.equal([]);
      }
      expect(await owner(conv)).to.equal('agent');
      const transcript = await db().collection('transcripts').find({ conversation: `cli:${conv}`, author: 'agent:lan' }).toArray();
      expect(transcript.map((e) => e.text)).to.deep.equal(['Chào chị Thu, mình là Lan bên Qpal.']);
      const h = (await history(code)).find((e) => e.action === 'reply');
      expect(h).to.deep.include({ actor: 'agent:lan' });
      expect(h!.changes[0]).to.deep.include({ field: 'message', to: 'Chào chị Thu, mình là Lan bên Qpal.' });
    });

    it('a failed delivery is shown to the agent (502) and written in the history', async () => {
      const code = await handedOffComplaint(world, 'reply-fail');
      await lan.post(`/cases/${code}/take`);
      world.connector.failNext(403, 100);
      const res = await lan.post(`/cases/${code}/reply`, { text: 'Chị chờ em chút nhé' });
      world.connector.failNext(0, 0); // back to normal
      expect(res.status).to.equal(502);
      expect((await json(res)).error).to.equal('delivery_failed');
      expect((await history(code)).map((h) => h.action)).to.include('delivery_failed');
      expect((await history(code)).map((h) => h.action)).not.to.include('reply');
    });

    it('internal notes: any agent, never sent to the customer, in the history with who and when', async () => {
      const conv = 'note-1';
      const code = await handedOffComplaint(world, conv);
      await lan.post(`/cases/${code}/take`);
      const since = world.connector.received.length;
      expect((await minh.post(`/cases/${code}/notes`, { text: 'Khách này gọi tổng đài hôm qua.' })).status).to.equal(200);
      expect(delivered(world, conv, since)).to.deep.equal([]);
      const view = await lan.json(lan.get(`/cases/${code}`));
      expect(view.notes).to.have.length(1);
      expect(view.notes[0]).to.include({ agentName: 'Minh Trần', text: 'Khách này gọi tổng đài hôm qua.' });
      const h = (await history(code)).find((e) => e.action === 'note')!;
      expect(h.actor).to.equal('agent:minh');
      expect(h.at).to.be.instanceOf(Date);
      expect(await db().collection('transcripts').countDocuments({ conversation: `cli:${conv}`, text: /tổng đài hôm qua/ })).to.equal(0);
    });

    it('the case view: whole transcript with the bot turns, ticket fields, findings, fraud signals, history, canned replies with values', async () => {
      const code = await handedOffComplaint(world, 'view-1');
      const v = await lan.json(lan.get(`/cases/${code}`));
      expect(v.ticket).to.include({ code, status: 'waiting_agent', handoffReason: 'fraud_suspected', denomination: 50000 });
      expect(v.ticket).not.to.have.property('conversationReference');
      expect(v.ticket.fraudSignals).to.include('denomination_mismatch');
      expect(v.ticket.findings.card).to.include({ denomination: 100000, status: 'active' });
      const authors = new Set(v.transcript.map((e: { author: string }) => e.author));
      expect([...authors]).to.include.members(['customer', 'bot']);
      expect(v.transcript.length).to.be.at.least(20);
      expect(v.history.map((h: { action: string }) => h.action)).to.include('created');
      const greeting = v.canned.find((c: { id: string }) => c.id === 'greeting');
      expect(greeting.text).to.include(code).and.include('Chị Thu');
      const checking = v.canned.find((c: { id: string }) => c.id === 'checking');
      expect(checking.text).to.include('17:30 30/11/2026');
      expect(v.can).to.include({ take: true, reply: false });
      expect((await lan.get('/cases/KN-0101-9999')).status).to.equal(404);
    });

    it('resolve: the message, then the Step 4 confirmation; the ticket closes with the agent in the history', async () => {
      const conv = 'resolve-1';
      const code = await handedOffComplaint(world, conv);
      await lan.post(`/cases/${code}/take`);
      expect((await lan.post(`/cases/${code}/resolve`, { resolution: 'not_a_code' })).status).to.equal(400);
      expect((await minh.post(`/cases/${code}/resolve`, { resolution: 'fraud_refused' })).status).to.equal(409);
      const since = world.connector.received.length;
      const res = await lan.post(`/cases/${code}/resolve`, { resolution: 'fraud_refused', message: 'Mình đã kiểm tra kỹ với hệ thống.' });
      expect(res.status).to.equal(200);
      const sent = delivered(world, conv, since);
      expect(sent, JSON.stringify(sent)).to.have.length(3);
      expect(sent[0]).to.equal('Mình đã kiểm tra kỹ với hệ thống.');
      expect(sent[1]).to.include(code).and.match(/từ chối giải quyết/);
      expect(sent[2]).to.match(/chấm điểm từ 1/);
      expect(await ticket(code)).to.include({ status: 'closed', resolution: 'fraud_refused' });
      expect(await owner(conv)).to.equal('closed');
      const closed = (await history(code)).find((h) => h.action === 'closed')!;
      expect(closed.actor).to.equal('agent:lan');
      // Not in the queue any more; acting again is refused.
      const all = await lan.json(lan.get('/queue?view=all'));
      expect(all.items.map((i: { code: string }) => i.code)).not.to.include(code);
      expect((await lan.post(`/cases/${code}/reply`, { text: 'còn gì nữa không' })).status).to.equal(409);
    });

    it('hand back: the bot says so and answers again; the ticket stays with the agent, who closes it after a confirmation call', async () => {
      const conv = 'handback-1';
      const code = await handedOffComplaint(world, conv);
      await minh.post(`/cases/${code}/take`);
      // While the agent holds it, Step 4 goes in the chat, not by phone.
      const early = await minh.post(`/cases/${code}/calls`, { reached: true, resolution: 'agent_resolved' });
      expect(early.status).to.equal(409);
      expect((await json(early)).error).to.equal('resolve_in_chat');
      const since = world.connector.received.length;
      expect((await minh.post(`/cases/${code}/hand-back`)).status).to.equal(200);
      expect(delivered(world, conv, since).join('\n')).to.match(/chuyển Quý khách về trợ lý tự động/);
      expect(await owner(conv)).to.equal('bot');
      const replies = await say(world, conv, ['thẻ đã được sử dụng']);
      expect(replies.at(-1)).to.match(/thẻ cào BIT/);
      expect((await history(code)).map((h) => `${h.action}:${h.actor}`)).to.include('handed_back:agent:minh');

      const view = await minh.json(minh.get(`/cases/${code}`));
      expect(view.ticket.status).to.equal('waiting_agent');
      expect(view.can).to.include({ reply: false, handBack: false, call: true, closeByPhone: true });
      expect((await lan.post(`/cases/${code}/calls`, { reached: true })).status).to.equal(409); // minh's case
      expect((await minh.post(`/cases/${code}/calls`, { reached: false, resolution: 'agent_resolved' })).status).to.equal(400);
      expect((await minh.post(`/cases/${code}/calls`, { reached: false, note: 'Không nghe máy' })).status).to.equal(200);
      expect((await minh.post(`/cases/${code}/calls`, { reached: true, note: 'Đã báo kết quả', resolution: 'agent_resolved' })).status).to.equal(200);
      const t = await ticket(code);
      expect(t).to.include({ status: 'closed', resolution: 'agent_resolved' });
      expect(t!.confirmation.phoneCalls.map((c: { note: string; agent: string }) => `${c.agent} ${c.note}`)).to.deep.equal([
        'agent:minh not_reached: Không nghe máy',
        'agent:minh reached: Đã báo kết quả',
      ]);
      const calls = (await history(code)).filter((h) => h.action === 'confirmation_call');
      expect(calls).to.have.length(2);
      expect(calls[1].changes.map((c: { field: string }) => c.field)).to.include.members(['status', 'resolution']);
    });
  });

  describe('phone tickets', () => {
    it('the same Article 4 fields and parsers: every bad field is named with its reason', async () => {
      const res = await lan.post('/tickets', {
        situation: 'nonsense',
        service: '',
        denomination: '35k',
        serial: '12345',
        purchasePlace: 'a',
        // A day without its hour, on the day Article 3's month ends: the hour is asked, as in the chat.
        transactionAt: '25/10/2026',
        phone: '028 3822 1234',
        email: 'abc@',
      });
      expect(res.status).to.equal(422);
      const body = await json(res);
      expect(body.error).to.equal('invalid_fields');
      expect(body.fields).to.deep.equal({
        situation: 'required',
        service: 'required',
        denomination: 'not_allowed',
        serial: 'too_short',
        purchasePlace: 'too_short',
        transactionAt: 'need_hour',
        statusText: 'required',
        phone: 'not_mobile',
        email: 'not_an_email',
      });
    });

    it('a valid call runs the procedure (card check → re-verification): a ticket held by the agent who took it, with a 3-working-day deadline', async () => {
      // Used, and no sale recorded: the records cannot tell, an agent re-verifies (procedure.md, Step 3).
      world.issuer.put({ serial: '10002026000003', denomination: 50000, status: 'used', usedAt: '2026-11-24T19:00:00+07:00', usedBy: { service: 'Naruto Đại Chiến', account: 'hokage_99' } });
      const res = await lan.post('/tickets', {
        customerName: 'Anh Hùng',
        situation: 'failed_card_used',
        service: 'naruto',
        denomination: '50k',
        serial: '1000 2026 0000 03',
        purchasePlace: 'Đại lý Minh Anh, 12 Lê Lợi',
        transactionAt: '8h tối qua',
        statusText: '',
        phone: '0900 000 003',
        email: '',
      });
      expect(res.status).to.equal(200);
      const { code } = await json(res);
      expect(code).to.match(/^KN-2511-\d{4}$/);
      const t = await ticket(code);
      expect(t).to.include({ channel: 'phone', status: 'waiting_agent', denomination: 50000, serial: '10002026000003', phone: '+84900000003', customerName: 'Anh Hùng' });
      expect(t!.service.name).to.equal('Naruto Đại Chiến');
      expect(t!.statusText).to.match(/Thẻ đã được sử dụng/);
      expect(t!.deadline.toISOString()).to.equal(new Date('2026-11-30T17:30:00+07:00').toISOString());
      expect(t!.transactionAt.toISOString()).to.equal(new Date('2026-11-24T20:00:00+07:00').toISOString());
      expect(t).to.include({ handoffReason: 're_verification' });
      expect(t!.findings.card).to.include({ serial: '10002026000003', status: 'used' });
      expect((await history(code)).map((h) => `${h.action}:${h.actor}`)).to.deep.equal(['created:agent:lan', 'updated:agent:lan', 'taken_over:agent:lan']);
      const mine = await lan.json(lan.get('/queue?view=mine'));
      expect(mine.items.find((i: { code: string }) => i.code === code)).to.deep.include({ channel: 'phone', customerName: 'Anh Hùng', heldBy: { id: 'lan', name: 'Lan Nguyễn' } });
      const view = await lan.json(lan.get(`/cases/${code}`));
      expect(view.conversation).to.equal(null);
      expect(view.can).to.include({ reply: false, call: true, closeByPhone: true });
      expect((await lan.post(`/cases/${code}/calls`, { reached: true, note: 'Đã hẹn đổi thẻ', resolution: 'used_before_purchase' })).status).to.equal(200);
      expect(await ticket(code)).to.include({ status: 'closed', resolution: 'used_before_purchase' });
    });
  });

  describe('the queue', () => {
    it('waiting / mine / all, earliest deadline first, overdue marked, near deadline flagged, overdue counted in /metrics', async () => {
      world.clock.now = new Date('2026-11-26T10:00:00+07:00');
      const later = await handedOffComplaint(world, 'queue-later'); // due 01/12 17:30
      world.clock.now = new Date('2026-11-30T12:00:00+07:00');
      const soon = await handedOffComplaint(world, 'queue-soon'); // due 03/12 17:30
      world.clock.now = new Date('2026-12-01T09:00:00+07:00'); // 'later' is due today; the 25/11 ones are overdue
      await minh.post(`/cases/${later}/take`);
      expect((await minh.post(`/cases/${later}/reply`, { text: 'Chào chị, em đang kiểm tra.' })).status).to.equal(200);

      const all = await lan.json(lan.get('/queue?view=all'));
      // Ordered by what is due next: a first answer still owed, else the deadline.
      type Level = { due: string; leftMs?: number };
      const nextDue = (i: { sla: Level[] }) => Math.min(...i.sla.filter((s) => s.leftMs !== undefined).map((s) => Date.parse(s.due)));
      const dues = all.items.map(nextDue);
      expect(dues).to.deep.equal([...dues].sort((a: number, b: number) => a - b));
      const overdue = all.items.filter((i: { overdue: boolean }) => i.overdue);
      expect(overdue.length).to.be.at.least(1);
      expect(all.items.slice(0, overdue.length).every((i: { overdue: boolean }) => i.overdue)).to.equal(true);
      const byCode = (items: Array<{ code: string }>, code: string) => items.find((i) => i.code === code) as Record<string, unknown> | undefined;
      // 'later' was answered (late) and its deadline is today; nobody answered 'soon' in 15 working minutes.
      expect(byCode(all.items, later)).to.include({ overdue: false, nearDeadline: true });
      expect((byCode(all.items, later)!.sla as Array<{ level: string; state: string }>).map((x) => `${x.level}:${x.state}`)).to.deep.equal(['firstResponse:missed', 'deadline:pending']);
      expect(byCode(all.items, soon)).to.include({ overdue: true, nearDeadline: false });
      expect((byCode(all.items, soon)!.sla as Array<{ level: string; state: string }>).map((x) => `${x.level}:${x.state}`)).to.deep.equal(['firstResponse:breached', 'deadline:pending']);

      const waiting = await lan.json(lan.get('/queue?view=waiting'));
      expect(byCode(waiting.items, soon)).to.not.equal(undefined);
      expect(byCode(waiting.items, later)).to.equal(undefined);
      expect(waiting.items.every((i: { heldBy?: unknown }) => !i.heldBy)).to.equal(true);
      const mine = await minh.json(minh.get('/queue?view=mine'));
      expect(mine.items.every((i: { heldBy: { id: string } }) => i.heldBy.id === 'minh')).to.equal(true);
      expect(byCode(mine.items, later)).to.deep.include({ heldBy: { id: 'minh', name: 'Minh Trần' } });

      const metrics = await (await fetch(`${world.app.url}/metrics`, { headers: opsHeaders })).text();
      const gauge = Number(/^tickets_overdue (\d+)$/m.exec(metrics)?.[1]);
      const pastDeadline = all.items.filter((i: { deadline?: string }) => i.deadline && Date.parse(i.deadline) < world.clock.now.getTime());
      expect(gauge).to.equal(pastDeadline.length);
    });

    it('reloaded without a change it reads nothing again; after a take, a reply, a release and a resolve it shows each change', async () => {
      const code = await handedOffComplaint(world, 'queue-copies');
      const item = async () => ((await lan.json(lan.get('/queue?view=all'))).items as Array<Record<string, unknown>>).find((i) => i.code === code);
      expect(await item()).to.include({ owner: 'queue' }).and.not.have.property('heldBy');

      // Every waiting case's ticket, conversation and claim come from what this process read before.
      const reads: string[] = [];
      const count = (e: { commandName: string; command: Record<string, unknown> }) => {
        if (e.commandName === 'find') reads.push(String(e.command.find));
      };
      db().getClient().on('commandStarted', count);
      expect(await item()).to.include({ owner: 'queue' });
      db().getClient().off('commandStarted', count);
      expect(reads.filter((c) => ['tickets', 'conversations', 'console_claims'].includes(c)), reads.join(', ')).to.deep.equal([]);

      await minh.post(`/cases/${code}/take`);
      expect(await item()).to.deep.include({ owner: 'agent', heldBy: { id: 'minh', name: 'Minh Trần' } });
      expect((await minh.post(`/cases/${code}/reply`, { text: 'Chào anh, em đang kiểm tra thẻ.' })).status).to.equal(200);
      expect((await item())?.firstHumanReplyAt).to.be.a('string');
      expect((await hoa.post(`/cases/${code}/release`)).status).to.equal(200);
      expect(await item()).to.include({ owner: 'queue' }).and.not.have.property('heldBy');
      await lan.post(`/cases/${code}/take`);
      expect(await item()).to.deep.include({ heldBy: { id: 'lan', name: 'Lan Nguyễn' } });
      expect((await lan.post(`/cases/${code}/resolve`, { resolution: 'fraud_refused', message: 'Mình đã kiểm tra kỹ.' })).status).to.equal(200);
      expect(await item()).to.equal(undefined);
    });
  });

  describe('live events', () => {
    it('customer messages and the change of hands arrive on the event stream without reloading', async () => {
      const conv = 'live-1';
      const code = await handedOffComplaint(world, conv);
      const stream = await openEvents(minh);
      await lan.post(`/cases/${code}/take`);
      await say(world, conv, ['em gửi thêm ảnh thẻ nhé']);
      await stream.waitFor((e) => e.event === 'message' && e.data.conversation === `cli:${conv}` && e.data.entry.text === 'em gửi thêm ảnh thẻ nhé');
      const events = stream.events;
      expect(events.some((e) => e.event === 'owner' && e.data.conversation === `cli:${conv}` && e.data.owner === 'agent' && e.data.agentId === 'lan')).to.equal(true);
      expect(events.some((e) => e.event === 'ticket' && e.data.code === code)).to.equal(true);
      // No message from the bot beyond the single acknowledgement after the hand-off.
      const botLines = events.filter((e) => e.event === 'message' && e.data.conversation === `cli:${conv}` && e.data.entry.author === 'bot');
      expect(botLines.length).to.be.at.most(1);
      stream.close();
    });
  });

  describe('the lists the forms offer', () => {
    it('are served from their one declaration (machine types, phone-ticket fields) to a signed-in agent', async () => {
      const lan = new ConsoleClient(world.app.url);
      await lan.login('lan');
      const res = await lan.get('/lists');
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({ resolutions: [...RESOLUTIONS], situations: [...SITUATIONS], phoneTicketFields: [...PHONE_TICKET_FIELDS] });
    });
  });

  describe('the page', () => {
    it('is served at /console/ with a strict content security policy', async () => {
      const res = await fetch(`${world.app.url}/console/`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/text\/html/);
      expect(res.headers.get('content-security-policy')).to.include("script-src 'self'").and.include("frame-ancestors 'none'");
      expect(await res.text()).to.include('app.js');
      expect((await fetch(`${world.app.url}/console/app.js`)).status).to.equal(200);
      // Every module the page imports is served as JavaScript under the same policy.
      for (const name of readdirSync(path.resolve(__dirname, '../../console/js'))) {
        const mod = await fetch(`${world.app.url}/console/js/${name}`);
        expect(mod.status, name).to.equal(200);
        expect(mod.headers.get('content-type'), name).to.match(/^text\/javascript/);
        expect(mod.headers.get('content-security-policy'), name).to.include("script-src 'self'");
      }
      expect((await fetch(`${world.app.url}/console/js/missing.js`)).status).to.not.equal(200);
      const redirect = await fetch(`${world.app.url}/console`, { redirect: 'manual' });
      expect(redirect.status).to.equal(302);
      expect(redirect.headers.get('location')).to.equal('/console/');
      expect((await fetch(`${world.app.url}/console/../package.json`)).status).to.not.equal(200);
    });
  });
});

// fetch's Response.json() is typed unknown.
const json = (res: Response): Promise<any> => res.json();
