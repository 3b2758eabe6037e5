import { expect } from 'chai';
import { startWorld, World, converse, allText, ticketOf, NOW } from './harness';

describe('a handoff outside working hours, as the customer reads it', function () {
  this.timeout(60000);
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.close());
  afterEach(() => {
    world.clock.now = NOW;
  });

  it('Friday 17:59 before the weekend: says agents are back Monday 08:00 and promises the first answer by 08:15', async () => {
    world.clock.now = new Date('2026-11-27T17:59:00+07:00');
    const ex = await converse(world.app, 'ooh-friday', ['xin chào', 'gặp nhân viên']);
    const text = allText(ex.slice(1));
    expect(text).to.match(/chậm nhất trước 08:15 30\/11\/2026/);
    expect(text).to.match(/ngoài giờ làm việc/).and.match(/trở lại từ 08:00 30\/11\/2026/);
    const t = await ticketOf(world.app, 'ooh-friday');
    expect(t).to.include({ status: 'waiting_agent', handoffReason: 'customer_request' });
    expect(t!.firstResponseDue.toISOString()).to.equal(new Date('2026-11-30T08:15:00+07:00').toISOString());
    // A live handoff is not a third-party check: no 3-working-day deadline.
    expect(t!.deadline).to.equal(undefined);
  });

  it('typed without diacritics during the lunch break: back at 13:30, no 2 a.m. promise', async () => {
    world.clock.now = new Date('2026-11-25T12:10:00+07:00');
    const ex = await converse(world.app, 'ooh-lunch', ['chao shop', 'gap nhan vien']);
    const text = allText(ex.slice(1));
    expect(text).to.match(/trở lại từ 13:30 25\/11\/2026/).and.match(/chậm nhất trước 13:45 25\/11\/2026/);
  });

  it('during working hours nothing is said about being away', async () => {
    world.clock.now = new Date('2026-11-25T10:00:00+07:00');
    const ex = await converse(world.app, 'ooh-open', ['xin chào', 'gặp nhân viên']);
    expect(allText(ex)).to.not.match(/ngoài giờ làm việc/);
    expect(allText(ex)).to.match(/chậm nhất trước 10:15 25\/11\/2026/);
  });
});
