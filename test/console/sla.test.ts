import { expect } from 'chai';
import { startConsoleWorld, handedOffComplaint, loggedIn, openEvents, type ConsoleWorld } from './support';
import { opsHeaders } from '../support/app';

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('service levels: warning before a breach and alert at the breach', function () {
  this.timeout(60000);
  let world: ConsoleWorld;
  before(async () => {
    world = await startConsoleWorld();
  });
  after(() => world.close());

  it('warns and then alerts the admins (not the agents) once each, records it and counts the breach', async () => {
    const [hoa, lan] = await Promise.all([loggedIn(world, 'hoa'), loggedIn(world, 'lan')]);
    const [admin, agent] = await Promise.all([openEvents(hoa), openEvents(lan)]);
    // Wednesday 25 Nov 2026 at 10:00: first answer due at 10:15 (15 working minutes), warning 5 minutes before.
    const code = await handedOffComplaint(world, 'sla-breach');
    const watch = world.app.agentConsole.slaWatch;
    try {
      world.clock.now = new Date('2026-11-25T10:05:00+07:00');
      expect(await watch.check()).to.deep.equal([]);

      world.clock.now = new Date('2026-11-25T10:11:00+07:00');
      const warned = await watch.check();
      expect(warned.map((a) => `${a.code}:${a.level}:${a.kind}`)).to.deep.equal([`${code}:firstResponse:warning`]);
      expect(warned[0].to).to.deep.equal(['hoa']);
      expect(await watch.check(), 'a warning goes out once').to.deep.equal([]);

      world.clock.now = new Date('2026-11-25T10:16:00+07:00');
      const breached = await watch.check();
      expect(breached.map((a) => `${a.code}:${a.level}:${a.kind}`)).to.deep.equal([`${code}:firstResponse:breach`]);
      expect(await watch.check(), 'an alert goes out once').to.deep.equal([]);
      await settle();

      const sla = admin.events.filter((e) => e.event === 'sla');
      expect(sla.map((e) => `${e.data.code}:${e.data.kind}`)).to.deep.equal([`${code}:warning`, `${code}:breach`]);
      expect(new Date(sla[1].data.due).toISOString()).to.equal(new Date('2026-11-25T10:15:00+07:00').toISOString());
      expect(agent.events.filter((e) => e.event === 'sla')).to.deep.equal([]);

      const history = await world.app.db.connection.collection('ticket_history').find({ ticketCode: code, action: /^sla_/ }).toArray();
      expect(history.map((h) => h.action)).to.deep.equal(['sla_warning', 'sla_breach']);
      const metrics = await (await fetch(`${world.app.url}/metrics`, { headers: opsHeaders })).text();
      expect(metrics).to.match(/^sla_breaches_total\{level="firstResponse"\} 1$/m);

      // The queue shows the breach with its due time.
      const queue = await hoa.json(hoa.get('/queue?view=all'));
      const item = queue.items.find((i: { code: string }) => i.code === code);
      expect(item.overdue).to.equal(true);
      expect(item.sla.map((s: { level: string; state: string }) => `${s.level}:${s.state}`)).to.deep.equal(['firstResponse:breached', 'deadline:pending']);
    } finally {
      admin.close();
      agent.close();
      world.clock.now = new Date('2026-11-25T10:00:00+07:00');
    }
  });

  it('the 3-working-day deadline is warned and alerted too, and an answered case stops the first-response clock', async () => {
    const [hoa, minh] = await Promise.all([loggedIn(world, 'hoa'), loggedIn(world, 'minh')]);
    const code = await handedOffComplaint(world, 'sla-deadline');
    const watch = world.app.agentConsole.slaWatch;
    // An agent answers within the target: no first-response alert, ever.
    world.clock.now = new Date('2026-11-25T10:03:00+07:00');
    expect((await minh.post(`/cases/${code}/take`)).status).to.equal(200);
    expect((await minh.post(`/cases/${code}/reply`, { text: 'Em chào chị, em đang kiểm tra.' })).status).to.equal(200);
    try {
      // Deadline: the close of Monday 30 Nov (17:30).
      world.clock.now = new Date('2026-11-30T17:26:00+07:00');
      const warned = (await watch.check()).filter((a) => a.code === code);
      expect(warned.map((a) => `${a.level}:${a.kind}`)).to.deep.equal(['deadline:warning']);
      world.clock.now = new Date('2026-11-30T17:31:00+07:00');
      const breached = (await watch.check()).filter((a) => a.code === code);
      expect(breached.map((a) => `${a.level}:${a.kind}`)).to.deep.equal(['deadline:breach']);
      const view = await hoa.json(hoa.get(`/cases/${code}`));
      expect(view.sla.map((s: { level: string; state: string }) => `${s.level}:${s.state}`)).to.deep.equal(['firstResponse:met', 'deadline:breached']);
      const metrics = await (await fetch(`${world.app.url}/metrics`, { headers: opsHeaders })).text();
      expect(metrics).to.match(/^first_response_seconds_count 1$/m);
    } finally {
      world.clock.now = new Date('2026-11-25T10:00:00+07:00');
    }
  });
});
