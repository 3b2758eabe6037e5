import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { nextPhone, nextSerial, ticketOf } from '../conversations/harness';
import { startConsoleWorld, loggedIn, type ConsoleWorld } from './support';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');

// The README's journey from a terminal: `npm run chat` hands a complaint to an agent, and the
// agent's reply and the Step 4 confirmation appear in the terminal (its local channel endpoint).
describe('npm run chat receives what agents send', function () {
  this.timeout(90000);
  let world: ConsoleWorld;
  let chat: ChildProcess | undefined;
  before(async () => {
    world = await startConsoleWorld();
  });
  after(async () => {
    chat?.kill();
    await world?.close();
  });

  it('the complaint is handed off from the terminal; the agent’s reply and the confirmation are printed there', async () => {
    const conv = 'terminal-chat-1';
    const serial = nextSerial();
    world.issuer.put({ serial, denomination: 100000, status: 'active', soldAt: '2026-11-20T09:00:00+07:00', soldBy: { name: 'Đại lý Minh Anh' } }, []);
    chat = spawn(process.execPath, [TSX, 'scripts/chat.ts'], { cwd: ROOT, env: { ...process.env, BOT_URL: world.app.url, CHAT_CONVERSATION: conv, CHAT_USER_NAME: 'Chị Thu' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    chat.stdout!.on('data', (d) => (out += d));
    chat.stderr!.on('data', (d) => (out += d));
    const waitFor = async (pred: () => boolean | Promise<boolean>, what: string, ms = 30000) => {
      const end = Date.now() + ms;
      while (!(await pred())) {
        if (Date.now() > end) throw new Error(`${what}; terminal shows:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await waitFor(() => out.includes('Bạn:'), 'chat did not start');
    const prompts = () => out.split('Bạn:').length - 1;
    // One line per prompt, as a person types: the terminal reads a line when it asks for one.
    for (const line of ['thẻ không tồn tại', 'có', 'naruto', '50k', serial, 'Đại lý Minh Anh', '8h tối qua', 'Đúng như vậy', nextPhone(), 'bỏ qua', 'Gửi khiếu nại']) {
      const before = prompts();
      chat.stdin!.write(`${line}\n`);
      await waitFor(() => prompts() > before, `no answer to "${line}"`);
    }
    await waitFor(async () => (await ticketOf(world.app, conv))?.status === 'waiting_agent', 'no hand-off');
    const code = (await ticketOf(world.app, conv))!.code as string;
    const lan = await loggedIn(world, 'lan');
    expect((await lan.post(`/cases/${code}/take`)).status).to.equal(200);
    expect((await lan.post(`/cases/${code}/reply`, { text: 'Em là Lan, em đang kiểm tra thẻ của chị.' })).status).to.equal(200);
    await waitFor(() => out.includes('Nhân viên Qpal:\x1b[0m Em là Lan, em đang kiểm tra thẻ của chị.'), 'agent reply not printed');
    expect((await lan.post(`/cases/${code}/resolve`, { resolution: 'agent_resolved' })).status).to.equal(200);
    await waitFor(() => out.includes(code) && /đã được nhân viên Qpal giải quyết/.test(out), 'Step 4 not printed');
  });
});
