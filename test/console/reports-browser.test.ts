import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startConsoleWorld, PASSWORD, type ConsoleWorld } from './support';
import { REPORT_PERIOD, seedReportTickets } from './report-tickets';
import { CHROMIUM, CHROMIUM_ARGS } from './browser-support';
import { SITUATIONS } from '../../machines/complaint/types';

const ARGS = CHROMIUM_ARGS;

describe('reports page in the browser', function () {
  this.timeout(90000);
  let world: ConsoleWorld;
  let context: BrowserContext | undefined;
  let dir = '';

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing in CI`);
      process.stderr.write(`\n!!! SKIPPING the reports browser test: ${CHROMIUM} is not installed.\n\n`);
      this.skip();
    }
    world = await startConsoleWorld();
    await seedReportTickets(world.app.db.connection);
  });
  after(async () => {
    await context?.close().catch(() => {});
    if (dir) rmSync(dir, { recursive: true, force: true });
    await world?.close();
  });

  async function browser(): Promise<Page> {
    dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-chromium-'));
    context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    (page as Page & { errors: string[] }).errors = errors;
    return page;
  }

  it('an admin opens the reports from the console and reads last week\'s figures as charts; CSV and week grouping work', async () => {
    const page = await browser();
    await page.goto(`${world.app.url}/console/`);
    await page.fill('#login-name', 'hoa');
    await page.fill('#login-password', PASSWORD);
    await page.click('#login-submit');
    await page.waitForSelector('#nav-reports:not([hidden])');
    // The queue counts the service levels down on the server's clock (Wed 25/11 10:00): the seeded
    // night-time handoff of Thu 19/11 was due a first answer at 08:15 on Fri 20/11.
    const late = page.locator('li[data-code="KN-1911-9004"] .badge.sla-breached');
    expect(await late.innerText()).to.equal('Phản hồi đầu: quá 5 ngày 1 giờ');
    expect(await page.locator('#nav-reports').innerText()).to.equal('Báo cáo');
    await page.click('#nav-reports');
    await page.waitForSelector('#report #kpis');
    // The default period is last week (Monday to Sunday) on the browser's calendar.
    const from = await page.inputValue('#from');
    const to = await page.inputValue('#to');
    expect(new Date(`${from}T00:00:00Z`).getUTCDay()).to.equal(1);
    expect(new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()).to.equal(6 * 86_400_000);

    await page.fill('#from', REPORT_PERIOD.from);
    await page.fill('#to', REPORT_PERIOD.to);
    await page.click('#show');
    await page.waitForSelector('#period >> text=Từ 16/11/2026 đến 22/11/2026');
    expect(await page.locator('#kpi-tickets strong').innerText()).to.equal('6');
    expect(await page.locator('#kpi-backlog strong').innerText()).to.equal('1');
    expect(await page.locator('#kpi-csat strong').innerText()).to.equal('3.33/5');
    expect(await page.locator('#sla-firstResponse strong').innerText()).to.equal('33.3%');
    expect(await page.locator('#sla-deadline strong').innerText()).to.equal('50%');
    expect(await page.locator('#time-first-reply').innerText()).to.include('10 phút').and.include('30 phút');
    expect(await page.locator('#time-close').innerText()).to.include('5 ngày 19 giờ');
    // Charts are the console's own SVG: one column total per day, bars per branch and per reason.
    expect(await page.locator('svg[data-chart="per-bucket"] text[data-total="2026-11-16"]').textContent()).to.equal('2');
    expect(await page.locator('svg[data-chart="branches"] rect[data-key="re_verification"]').getAttribute('data-value')).to.equal('1');
    expect(await page.locator('svg[data-chart="handoff-reasons"] rect[data-key="customer_request"]').getAttribute('data-value')).to.equal('1');
    expect(await page.locator('svg[data-chart="backlog"] circle').count()).to.equal(7);
    expect(await page.locator('#csat-line').innerText()).to.include('3 lượt chấm').and.include('1 bỏ qua');
    expect(await page.locator('#branches').innerText()).to.include('Thẩm định lại').and.include('B: lỗi kỹ thuật của Qpal');
    // The situations come from the API's one list (the page keeps no copy): a bar each, in the machine's order.
    const situationBars = await page.locator('svg[data-chart="situations"] rect[data-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    expect(situationBars).to.deep.equal([...SITUATIONS]);
    // Nothing is loaded from another origin.
    const external = await page.evaluate(() => {
      const w = globalThis as unknown as { performance: { getEntriesByType(t: string): Array<{ name: string }> }; location: { origin: string } };
      return w.performance.getEntriesByType('resource').map((e: { name: string }) => e.name).filter((u: string) => !u.startsWith(w.location.origin));
    });
    expect(external).to.deep.equal([]);

    const href = await page.getAttribute('#csv', 'href');
    expect(href).to.include('from=2026-11-16').and.include('to=2026-11-22');
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv).to.include('Từ ngày,Số khiếu nại').and.include('2026-11-16,2,');

    await page.selectOption('#group', 'week');
    await page.click('#show');
    await page.waitForFunction(
      () => (globalThis as unknown as { document: { querySelectorAll(q: string): { length: number } } }).document.querySelectorAll('svg[data-chart="backlog"] circle').length === 1,
    );
    expect(await page.locator('svg[data-chart="per-bucket"] text[data-total="2026-11-16"]').textContent()).to.equal('6');
    await page.screenshot({ path: path.join(os.tmpdir(), 'qpal-reports.png'), fullPage: true });
    expect((page as Page & { errors: string[] }).errors).to.deep.equal([]);
  });

  it('an agent is told the reports are for admins', async () => {
    const page = context!.pages()[0];
    await page.evaluate(() => fetch('/console/api/logout', { method: 'POST', headers: { 'x-csrf-token': '' } }));
    await context!.clearCookies();
    await page.goto(`${world.app.url}/console/`);
    await page.fill('#login-name', 'lan');
    await page.fill('#login-password', PASSWORD);
    await page.click('#login-submit');
    await page.waitForSelector('#top:not([hidden])');
    expect(await page.locator('#nav-reports').isHidden()).to.equal(true);
    await page.goto(`${world.app.url}/console/reports.html`);
    await page.waitForSelector('#error:not([hidden])');
    expect(await page.locator('#error').innerText()).to.include('Chỉ quản trị viên');
  });
});
