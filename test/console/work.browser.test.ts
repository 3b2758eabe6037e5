import { existsSync, rmSync } from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { startFileHost, PNG, type FileHost } from '../support/files';
import { sendToBot } from '../../scripts/bot-client';
import { startConsoleWorld, handedOffComplaint, say, loggedIn, type ConsoleWorld } from './support';
import { CHROMIUM, CHROMIUM_ARGS, openProfile, signIn as signInAt, type OpenProfile } from './browser-support';

// Issue 15's journeys in Debian's headless Chromium: new work is noticed, any ticket is found,
// an admin assigns, a customer's photo is shown, a failed delivery is marked live and retried.
// Page-side code below runs in Chromium; the project's TypeScript has no DOM library.
declare const window: any;
declare const document: any;

const ARGS = [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'];
const DESKTOP = { width: 1280, height: 900 };

// Records what the page asks of the browser (system notifications, sounds) without replacing it.
const RECORDER = `(() => {
  window.__notes = [];
  window.__chimes = 0;
  const N = window.Notification;
  if (N) {
    window.Notification = class extends N {
      constructor(title, opts) { super(title, opts); window.__notes.push({ title, body: opts && opts.body }); }
    };
  }
  const AC = window.AudioContext;
  if (AC) {
    const create = AC.prototype.createOscillator;
    AC.prototype.createOscillator = function () {
      const osc = create.call(this);
      const start = osc.start.bind(osc);
      osc.start = (...a) => { window.__chimes += 1; return start(...a); };
      return osc;
    };
  }
})();`;

describe('agent console in the browser: work a support team needs (issue 15)', function () {
  this.timeout(120000);
  let world: ConsoleWorld;
  let files: FileHost;
  const open: OpenProfile[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing in CI`);
      process.stderr.write(`\n!!! SKIPPING the console browser tests of issue 15: ${CHROMIUM} is not installed.\n\n`);
      this.skip();
    }
    world = await startConsoleWorld({ ATTACHMENTS_ALLOW_PRIVATE_HOSTS: 'on' });
    files = await startFileHost();
  });
  after(async () => {
    for (const { context, dir } of open.splice(0)) {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
    await world?.close();
    await files?.close();
  });

  // A script error in the page (a module that fails to load, a name not imported) fails the test.
  const pageErrors: string[] = [];
  afterEach(() => {
    expect(pageErrors.splice(0), 'errors in the page').to.deep.equal([]);
  });

  const browserFor = () => openProfile(open, { viewport: DESKTOP, args: ARGS, permissions: ['notifications'], initScript: RECORDER, timeoutMs: 15000, pageErrors });

  const signIn = (page: Page, name: string) => signInAt(page, world.app.url, name);

  const notes = (page: Page) => page.evaluate(() => (window as any).__notes as Array<{ title: string; body: string }>);
  const chimes = (page: Page) => page.evaluate(() => (window as any).__chimes as number);

  it('a new hand-off is noticed: sound, system notification, title counter and tab count, live; muted sound stays silent', async () => {
    const page = await browserFor();
    await signIn(page, 'thu');
    await page.waitForSelector('[data-view="waiting"] .count');
    const before = Number(await page.locator('[data-view="waiting"] .count').innerText());
    const code = await handedOffComplaint(world, 'e2e-notify-1');

    await page.waitForFunction((c) => (window as any).__notes.some((n: any) => n.body.includes(c)), code);
    expect((await notes(page)).find((n) => n.body.includes(code))!.title).to.equal('Khiếu nại mới cần nhân viên');
    expect(await chimes(page)).to.be.greaterThan(0);
    await page.waitForFunction((n) => document.title.startsWith(`(${n}) `), before + 1);
    await page.waitForSelector(`[data-view="waiting"] .count >> text="${before + 1}"`);
    await page.waitForSelector(`li[data-code="${code}"]`);

    // Muted: the next hand-off still notifies and counts, without a sound.
    await page.click('#nav-sound');
    expect(await page.locator('#nav-sound').innerText()).to.include('tắt');
    const silentFrom = await chimes(page);
    const second = await handedOffComplaint(world, 'e2e-notify-2');
    await page.waitForFunction((c) => (window as any).__notes.some((n: any) => n.body.includes(c)), second);
    await page.waitForFunction((n) => document.title.startsWith(`(${n}) `), before + 2);
    expect(await chimes(page)).to.equal(silentFrom);
  });

  it('a customer message on a case the agent holds is noticed while the agent looks at another page', async () => {
    const conv = 'e2e-notify-held';
    const code = await handedOffComplaint(world, conv);
    const page = await browserFor();
    await signIn(page, 'lan');
    await page.goto(`${world.app.url}/console/#/case/${code}`);
    await page.click('[data-action="take"]');
    await page.waitForSelector('#reply-text');
    await page.goto(`${world.app.url}/console/#/queue/mine`);
    await page.waitForSelector(`li[data-code="${code}"]`);
    // The summary has caught up with the take-over (the title and tab counts come from it).
    const mineCount = await page.locator('ul.queue > li').count();
    await page.waitForSelector(`[data-view="mine"] .count >> text="${mineCount}"`);
    await page.waitForTimeout(300);
    const titleBefore = await page.title();
    await say(world, conv, ['em gửi thêm thông tin ạ']);
    await page.waitForFunction((c) => (window as any).__notes.some((n: any) => n.title === 'Khách hàng vừa nhắn' && n.body.includes(c)), code);
    await page.waitForFunction((t) => document.title !== t, titleBefore);
    // Opening the case marks the message seen: the counter goes back.
    await page.goto(`${world.app.url}/console/#/case/${code}`);
    await page.waitForFunction((t) => document.title === t, titleBefore);
  });

  it('search finds a closed ticket by the phone typed another way, and by the name without diacritics', async () => {
    const lan = await loggedIn(world, 'lan');
    const res = await lan.post('/tickets', {
      customerName: 'Phạm Đức Thắng', situation: 'failed_card_used', service: 'naruto', denomination: '50k', serial: '1000 2026 0777 03',
      purchasePlace: 'Đại lý Minh Anh', transactionAt: '8h tối qua', statusText: '', phone: '0933 222 111', email: '',
    });
    const { code } = (await res.json()) as { code: string };
    expect((await lan.post(`/cases/${code}/calls`, { reached: true, resolution: 'used_before_purchase' })).status).to.equal(200);

    const page = await browserFor();
    await signIn(page, 'minh');
    await page.fill('#search-q', '+84 933-222-111');
    await page.press('#search-q', 'Enter');
    const row = page.locator(`#search-results li[data-code="${code}"]`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).to.include('Đã đóng').and.include('0933 222 111').and.include('Phạm Đức Thắng').and.include('Điện thoại');
    await page.fill('#search-q', 'pham duc thang');
    await page.click('#search-submit');
    await page.waitForSelector(`#search-results li[data-code="${code}"] >> text=khớp theo tên`);
    await row.locator('a').click();
    await page.waitForSelector(`#case-code >> text=${code}`);
    await page.fill('#search-q', 'x');
    await page.press('#search-q', 'Enter');
    await page.waitForSelector('#search-error >> text=Nhập ít nhất 2 ký tự để tìm.');
  });

  it('an admin assigns a waiting case: the agent is notified and holds it; reassigning moves it on', async () => {
    const conv = 'e2e-assign';
    const code = await handedOffComplaint(world, conv);
    const lanPage = await browserFor();
    await signIn(lanPage, 'lan');
    const admin = await browserFor();
    await signIn(admin, 'hoa');
    await admin.goto(`${world.app.url}/console/#/case/${code}`);
    await admin.selectOption('#assign-agent', 'lan');
    await admin.click('#assign-submit');
    await admin.waitForSelector('#case-holder >> text=Lan Nguyễn');

    await lanPage.waitForFunction((c: string) => window.__notes.some((n: any) => n.title === 'Bạn được giao một khiếu nại' && n.body.includes(c)), code);
    await lanPage.click('[data-view="mine"]');
    await lanPage.locator(`li[data-code="${code}"] a`).click();
    await lanPage.waitForSelector('#reply-text');
    await lanPage.waitForSelector('#history li[data-action="assigned"] >> text=Được giao cho nhân viên');

    await admin.selectOption('#assign-agent', 'minh');
    await admin.click('#assign-submit');
    await admin.waitForSelector('#case-holder >> text=Minh Trần');
    // Lan's view follows live: no composer any more.
    await lanPage.waitForSelector('#reply-text', { state: 'detached' });
  });

  it('a photo the customer sends is kept and shown in the case as a thumbnail, with its caption beside it', async () => {
    const conv = 'e2e-photo';
    const code = await handedOffComplaint(world, conv);
    const page = await browserFor();
    await signIn(page, 'lan');
    await page.goto(`${world.app.url}/console/#/case/${code}`);
    await page.click('[data-action="take"]');
    await page.waitForSelector('#reply-text');

    files.put('/cdn/card-back.png?token=expires-soon', PNG, 'image/png');
    await sendToBot(world.app.url, conv, 'ảnh mặt sau thẻ đây ạ', {
      serviceUrl: world.connector.url,
      userName: 'Chị Thu',
      attachments: [{ contentType: 'image/png', contentUrl: `${files.url}/cdn/card-back.png?token=expires-soon` }],
    });
    // The platform's URL may expire: the console shows our copy, not the platform's link.
    files.put('/cdn/card-back.png?token=expires-soon', Buffer.from('gone'), 'text/plain');
    const msg = page.locator('.msg[data-author="customer"]', { hasText: 'ảnh mặt sau thẻ đây ạ' });
    await msg.locator('img.thumb').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('img.thumb')].some((i: any) => i.complete && i.naturalWidth === 2));
    const src = await msg.locator('img.thumb').getAttribute('src');
    expect(src).to.match(/^\/console\/api\/files\/[0-9a-f-]{36}$/);

    // After a reload too (stored with the transcript), and a file that is not a photo says why.
    files.put('/cdn/page.html', Buffer.from('<html><script>alert(1)</script></html>'), 'image/png');
    await sendToBot(world.app.url, conv, '', { serviceUrl: world.connector.url, attachments: [{ contentType: 'image/png', contentUrl: `${files.url}/cdn/page.html` }] });
    await page.reload();
    await page.waitForSelector('.msg img.thumb');
    await page.waitForSelector('.msg .file.missing >> text=chỉ lưu ảnh và PDF');
  });

  it('a failed delivery is marked live with its reason and sent again; Step 4 that fails leaves the ticket open; resolve previews Step 4 with nothing preselected', async () => {
    const conv = 'e2e-delivery';
    const code = await handedOffComplaint(world, conv);
    const page = await browserFor();
    await signIn(page, 'lan');
    await page.goto(`${world.app.url}/console/#/case/${code}`);
    await page.click('[data-action="take"]');
    await page.waitForSelector('#reply-text');

    world.connector.failNext(500, 50);
    await page.fill('#reply-text', 'Chị chờ em kiểm tra nhé.');
    await page.keyboard.press('Control+Enter');
    const failed = page.locator('.msg[data-author="agent"]', { hasText: 'Chị chờ em kiểm tra nhé.' }).locator('[data-delivery="failed"]');
    await failed.waitFor({ timeout: 45000 });
    expect(await failed.innerText()).to.include('Chưa đến khách hàng').and.include('kênh đang lỗi');
    await page.waitForSelector('#history li[data-action="delivery_failed"]');

    world.connector.failNext(0, 0);
    const since = world.connector.received.length;
    await failed.locator('[data-action="retry"]').click();
    await page.waitForSelector('.msg[data-author="agent"] [data-delivery="retried"]');
    await page.waitForSelector('.msg[data-author="agent"] [data-delivery="sent"]');
    expect(world.connector.received.slice(since).map((r) => r.activity.text)).to.deep.equal(['Chị chờ em kiểm tra nhé.']);

    // Resolve: nothing chosen yet, the preview follows the choice.
    await page.click('[data-action="resolve"]');
    expect(await page.inputValue('#resolve-resolution')).to.equal('');
    await page.selectOption('#resolve-resolution', 'issuer_error');
    const preview = await page.locator('#resolve-preview').innerText();
    expect(preview).to.include(code).and.include('lỗi kỹ thuật của Qpal');
    world.connector.failNext(500, 50);
    await page.click('#resolve-submit');
    // The channel client retries 5xx with back-off before giving up: slow on a loaded machine.
    await page.waitForSelector('.msg[data-author="agent"] >> text=lỗi kỹ thuật của Qpal', { timeout: 45000 });
    await page.waitForSelector('.msg[data-author="agent"]:has-text("lỗi kỹ thuật của Qpal") [data-delivery="failed"]', { timeout: 45000 });
    world.connector.failNext(0, 0);
    const ticket = await world.app.db.connection.collection('tickets').findOne({ _id: code as never });
    expect(ticket).to.include({ status: 'waiting_agent' });
    expect(ticket!.confirmation.chatSentAt).to.equal(undefined);
    expect(await page.locator('#case-status').innerText()).to.not.include('Đã đóng');
  });

  it('human words and the keyboard: no codes or ISO times in the case, national phones, "Quý khách" for a generic name; ↓ Enter opens a case, "/" the canned replies', async () => {
    const conv = 'e2e-words';
    const code = await handedOffComplaint(world, conv);
    // A customer whose channel gives no real name.
    await world.app.db.connection.collection('conversations').updateOne({ _id: `cli:${conv}` as never }, { $set: { 'reference.user.name': 'Khách' } });
    const page = await browserFor();
    await signIn(page, 'minh');
    await page.click('[data-view="waiting"]');
    await page.waitForSelector(`li[data-code="${code}"]`);
    await page.waitForTimeout(800); // the list settles (live refreshes after sign-in)
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const first = await page.evaluate(() => document.activeElement.closest('li')?.dataset.code);
    expect(first).to.equal(await page.locator('ul.queue > li').first().getAttribute('data-code'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#case-code >> text=${first}`);
    await page.goto(`${world.app.url}/console/#/case/${code}`);
    await page.waitForSelector(`#case-code >> text=${code}`);
    await page.click('[data-action="take"]');
    await page.waitForSelector('#reply-text');
    // The console's own words (the transcript holds what the bot said to the customer).
    const text = (await page.locator('main .grid > div:nth-child(2)').innerText()) + (await page.locator('.case-head').innerText());
    expect(text).to.not.match(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(text.match(/.{0,60}(status: |waiting_agent|\bcli\b|\+84).{0,60}/g), text).to.equal(null);
    expect(text).to.include('Trạng thái: ').and.include('Thử nghiệm (dòng lệnh)').and.match(/0912 \d{3} \d{3}/);
    await page.focus('#reply-text');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement.id)).to.equal('canned');
    await page.selectOption('#canned', 'greeting');
    expect(await page.inputValue('#reply-text')).to.include('Qpal xin chào Quý khách').and.include(code);
  });
});
