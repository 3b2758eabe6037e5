import { expect } from 'chai';
import { startConsoleWorld, loggedIn, handedOffComplaint, type ConsoleWorld, type ConsoleClient } from './support';
import { REPORT_PERIOD, seedReportTickets } from './report-tickets';
import { opsHeaders } from '../support/app';

// The figures of test/console/report-tickets.ts, worked out by hand there.
describe('reports for admins (figures against a seeded set with known answers)', function () {
  this.timeout(60000);
  let world: ConsoleWorld;
  let hoa: ConsoleClient;
  let lan: ConsoleClient;

  before(async () => {
    world = await startConsoleWorld();
    await seedReportTickets(world.app.db.connection);
    [hoa, lan] = await Promise.all([loggedIn(world, 'hoa'), loggedIn(world, 'lan')]);
  });
  after(() => world.close());

  const get = (c: ConsoleClient, q: Record<string, string>) => c.get(`/admin/reports?${new URLSearchParams(q)}`);

  it('counts complaints per day by situation and resolution, the Step 3 branches and the handoff reasons', async () => {
    const r = await hoa.json(get(hoa, REPORT_PERIOD));
    expect(r.tickets).to.equal(6);
    expect(r.bySituation).to.deep.equal({ success_not_credited: 1, failed_card_used: 1, failed_card_not_found: 1, failed_card_inactive: 1, failed_other: 1, other: 1 });
    const resolved = Object.fromEntries(Object.entries(r.byResolution).filter(([, n]) => n));
    expect(resolved).to.deep.equal({ provider_contact: 1, agent_resolved: 1, fraud_refused: 1, issuer_error: 1 });
    expect(r.buckets.map((b: { start: string; tickets: number }) => `${b.start}:${b.tickets}`)).to.deep.equal([
      '2026-11-16:2', '2026-11-17:1', '2026-11-18:0', '2026-11-19:1', '2026-11-20:0', '2026-11-21:1', '2026-11-22:1',
    ]);
    expect(r.buckets[0].bySituation).to.include({ success_not_credited: 1, failed_card_used: 1 });
    const branches = Object.fromEntries(Object.entries(r.branches).filter(([, n]) => n));
    expect(branches).to.deep.equal({ A_topup_found: 1, re_verification: 1, fraud_review: 1, B_issuer_error: 1, undecided: 1 });
    expect(r.handoffs).to.equal(3);
    expect(Object.fromEntries(Object.entries(r.handoffReasons).filter(([, n]) => n))).to.deep.equal({ re_verification: 1, fraud_suspected: 1, customer_request: 1 });
  });

  it('SLA met for both levels, median and p90 to the first human reply and to closing, backlog, CSAT', async () => {
    const r = await hoa.json(get(hoa, REPORT_PERIOD));
    expect(r.sla.firstResponse).to.deep.include({ judged: 3, met: 1, missed: 1, breached: 1, pending: 0 });
    expect(r.sla.firstResponse.metShare).to.be.closeTo(1 / 3, 1e-9);
    expect(r.sla.deadline).to.deep.include({ judged: 2, met: 1, missed: 1, breached: 0, metShare: 0.5 });
    expect(r.firstHumanReply).to.deep.equal({ count: 2, medianMinutes: 10, p90Minutes: 30 });
    expect(r.close).to.deep.equal({ count: 4, medianMinutes: 10, p90Minutes: 8340 });
    expect(r.buckets.map((b: { backlog: number }) => b.backlog)).to.deep.equal([2, 2, 1, 2, 2, 2, 2]);
    expect(r.backlogNow).to.equal(1);
    expect(r.csat).to.deep.include({ asked: 4, answered: 3, skipped: 1, average: 3.33, ratings: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 } });
    expect(r.csat.satisfiedShare).to.be.closeTo(2 / 3, 1e-9);
  });

  it('groups by week (Monday first) and filters the period', async () => {
    const week = await hoa.json(get(hoa, { ...REPORT_PERIOD, group: 'week' }));
    expect(week.buckets.map((b: { start: string; tickets: number }) => `${b.start}:${b.tickets}`)).to.deep.equal(['2026-11-16:6']);
    const oneDay = await hoa.json(get(hoa, { from: '2026-11-23', to: '2026-11-23' }));
    expect(oneDay.tickets).to.equal(1);
    expect(oneDay.byResolution.reenter_code).to.equal(1);
  });

  it('exports CSV with Vietnamese headers, one row per day and the summary figures', async () => {
    const res = await hoa.get(`/admin/reports.csv?${new URLSearchParams({ ...REPORT_PERIOD, lang: 'vi' })}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/text\/csv/);
    expect(res.headers.get('content-disposition')).to.include('qpal-report-2026-11-16-2026-11-22.csv');
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const lines = text.split('\r\n');
    expect(lines[0]).to.match(/^Từ ngày,Số khiếu nại,/);
    expect(lines[1]).to.match(/^2026-11-16,2,1,1,0,0,0,0,/);
    expect(lines.slice(1, 8).map((l) => l.split(',').at(-1))).to.deep.equal(['2', '2', '1', '2', '2', '2', '2']);
    expect(text).to.include('Phản hồi đầu: % đạt,33.3').and.include('Hạn xử lý: % đạt,50').and.include('Mức độ hài lòng (CSAT): Điểm trung bình,3.33');
  });

  it('is for admins only, and refuses a bad or too long period', async () => {
    expect((await get(lan, REPORT_PERIOD)).status).to.equal(403);
    expect((await lan.get(`/admin/reports.csv?${new URLSearchParams(REPORT_PERIOD)}`)).status).to.equal(403);
    const bad = await get(hoa, { from: '2026-11-22', to: '2026-11-16' });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { error: string }).error).to.equal('bad_period');
    expect((await get(hoa, { from: '2026-02-30', to: '2026-03-01' })).status).to.equal(400);
    const long = await get(hoa, { from: '2024-01-01', to: '2026-01-01' });
    expect(long.status).to.equal(400);
    expect(((await long.json()) as { error: string }).error).to.equal('period_too_long');
  });

  it('keeps up with live work: a handoff and an agent\'s reply show in the day\'s report and in /metrics', async () => {
    const code = await handedOffComplaint(world, 'report-live'); // Wednesday 25 Nov 2026 at 10:00
    const minh = await loggedIn(world, 'minh');
    world.clock.now = new Date('2026-11-25T10:07:00+07:00');
    try {
      expect((await minh.post(`/cases/${code}/take`)).status).to.equal(200);
      expect((await minh.post(`/cases/${code}/reply`, { text: 'Em chào chị.' })).status).to.equal(200);
    } finally {
      world.clock.now = new Date('2026-11-25T10:00:00+07:00');
    }
    const r = await hoa.json(get(hoa, { from: '2026-11-25', to: '2026-11-25' }));
    expect(r.tickets).to.equal(1);
    expect(r.handoffReasons.fraud_suspected).to.equal(1);
    expect(r.sla.firstResponse).to.deep.include({ met: 1, judged: 1 });
    expect(r.firstHumanReply).to.deep.equal({ count: 1, medianMinutes: 7, p90Minutes: 7 });
    const metrics = await (await fetch(`${world.app.url}/metrics`, { headers: opsHeaders })).text();
    expect(metrics).to.match(/^handoffs_total\{reason="fraud_suspected"\} 1$/m);
    expect(metrics).to.match(/^queue_cases\{state="held"\} 1$/m);
    // The seeded open case KN-1911-9004 waits for a person.
    expect(metrics).to.match(/^queue_cases\{state="waiting"\} 1$/m);
    expect(metrics).to.match(/^first_response_seconds_sum 420$/m);
  });
});
