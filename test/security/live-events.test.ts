import { expect } from 'chai';
import net from 'node:net';
import { nextSerial } from '../conversations/harness';
import { startConsoleWorld, loggedIn, handedOffComplaint, say, type ConsoleClient, type ConsoleWorld } from '../console/support';

// Issue 11: the console's live stream tells each agent only what people handle, and cannot be
// used to hold the process's memory (stream caps, slow readers dropped). Against a running bot.

const BACKLOG_CAP = 64 * 1024;

/** An open /console/api/events stream read as the page's EventSource would. */
class LiveStream {
  text = '';
  status = 0;
  private readonly abort = new AbortController();
  private constructor(private readonly client: ConsoleClient) {}

  static async open(client: ConsoleClient): Promise<LiveStream> {
    const s = new LiveStream(client);
    const res = await fetch(`${client.baseUrl}/console/api/events`, { headers: { cookie: client.cookie }, signal: s.abort.signal });
    s.status = res.status;
    if (res.status !== 200) {
      s.text = await res.text();
      return s;
    }
    void (async () => {
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          s.text += dec.decode(value, { stream: true });
        }
      } catch {
        // aborted
      }
    })();
    return s;
  }

  /** The payloads of one kind of event received so far. */
  events(kind: string): any[] {
    return this.text
      .split('\n\n')
      .filter((block) => block.startsWith(`event: ${kind}\n`))
      .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)));
  }

  async until(what: () => boolean, ms = 10000): Promise<void> {
    const end = Date.now() + ms;
    while (!what()) {
      if (Date.now() > end) throw new Error(`live stream: not seen in ${ms} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.abort.abort();
  }
}

describe('security: console live events (issue 11)', function () {
  this.timeout(180000);
  let world: ConsoleWorld;
  let lan: ConsoleClient;
  let minh: ConsoleClient;
  const open: LiveStream[] = [];
  const stream = async (c: ConsoleClient) => {
    const s = await LiveStream.open(c);
    open.push(s);
    return s;
  };

  before(async () => {
    world = await startConsoleWorld({ CONSOLE_LIVE_BUFFER_BYTES: String(BACKLOG_CAP) });
    [lan, minh] = await Promise.all([loggedIn(world, 'lan'), loggedIn(world, 'minh')]);
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  after(async () => {
    await world?.close();
  });

  it('a conversation still with the bot puts nothing on the stream; a handed-off one arrives (owner change and its messages)', async () => {
    const live = await stream(lan);
    expect(live.status).to.equal(200);
    const serial = nextSerial();
    const phone = '0912 345 678';
    world.issuer.put({ serial, denomination: 50000, status: 'active', soldAt: '2026-11-20T09:00:00+07:00', soldBy: { name: 'Đại lý Minh Anh' } }, []);
    await say(world, 'live-bot-only', ['thẻ không tồn tại', 'có', 'naruto', '50k', serial, `số em là ${phone}`]);

    const handed = await handedOffComplaint(world, 'live-handed');
    await live.until(() => live.events('owner').some((e) => e.conversation.endsWith(':live-handed') && e.owner === 'queue'));
    await live.until(() => live.events('ticket').some((e) => e.code === handed));
    // The bot's words of the hand-off turn itself, sent once the conversation was with people.
    await live.until(() => live.events('message').some((m) => m.conversation.endsWith(':live-handed') && m.entry.direction === 'out'));
    // The bot's conversation was finished before the handed-off one started: had it been sent, it
    // would already be here.
    expect(live.text).to.not.include('live-bot-only');
    expect(live.text).to.not.include(serial);
    expect(live.text).to.not.include('0912');
    expect(live.events('message').every((m) => m.conversation.endsWith(':live-handed'))).to.equal(true);

    // After the hand-off the customer's words reach the console live (what app.js shows in the case).
    await say(world, 'live-handed', ['em chờ ạ']);
    await live.until(() => live.events('message').some((m) => m.conversation.endsWith(':live-handed') && m.entry.text === 'em chờ ạ'));
  });

  it('a conversation handed back to the bot: one notice without content per turn, none of its words', async () => {
    const live = await stream(lan);
    const code = await handedOffComplaint(world, 'live-back');
    expect((await lan.post(`/cases/${code}/take`)).status).to.equal(200);
    expect((await lan.post(`/cases/${code}/hand-back`)).status).to.equal(200);
    await live.until(() => live.events('owner').some((e) => e.conversation.endsWith(':live-back') && e.owner === 'bot'));
    // The hand-back's own announcement to the customer is the first notice.
    await live.until(() => live.events('activity').some((e) => e.conversation.endsWith(':live-back')));
    const before = live.events('activity').length;
    await say(world, 'live-back', ['thẻ đã được sử dụng ạ']);
    await live.until(() => live.events('activity').length > before);
    const notices = live.events('activity').slice(before);
    // The customer's message and the bot's answer, one notice: nothing but which conversation.
    expect(notices).to.have.length(1);
    expect(notices[0]).to.deep.equal({ conversation: notices[0].conversation });
    expect(notices[0].conversation).to.match(/:live-back$/);
    expect(live.text).to.not.include('được sử dụng ạ');
  });

  it('one session holds at most 3 streams: the 4th gets 429; another session still gets one; a closed one frees its place', async () => {
    const three = [await stream(lan), await stream(lan), await stream(lan)];
    expect(three.map((s) => s.status)).to.deep.equal([200, 200, 200]);
    const fourth = await stream(lan);
    expect(fourth.status).to.equal(429);
    expect(JSON.parse(fourth.text)).to.deep.equal({ error: 'too_many_streams' });
    expect((await stream(minh)).status).to.equal(200);
    three[0].close();
    const end = Date.now() + 5000;
    let again = await stream(lan);
    while (again.status === 429 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      again = await stream(lan);
    }
    expect(again.status).to.equal(200);
  });

  it('a reader that never reads is dropped once its backlog passes the cap; a reading one keeps every message', async () => {
    await handedOffComplaint(world, 'live-flood');
    const reading = await stream(lan);
    // minh's tab that stopped reading: a raw socket that reads the headers, then nothing more.
    const sock = net.connect(Number(new URL(world.app.url).port), '127.0.0.1');
    let closed = false;
    sock.on('close', () => (closed = true));
    sock.on('error', () => (closed = true));
    let head = '';
    await new Promise<void>((resolve) => {
      sock.on('data', function first(chunk) {
        head += chunk.toString('latin1');
        if (head.includes('\r\n\r\n')) {
          sock.off('data', first);
          sock.pause();
          resolve();
        }
      });
      sock.write(`GET /console/api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${minh.cookie}\r\n\r\n`);
    });
    expect(head).to.match(/^HTTP\/1\.1 200/);

    // Each message is ~60 KB on the stream; 100 of them (~6 MB) pass any loopback socket buffers.
    const big = 'ễ'.repeat(19990);
    const count = 100;
    for (let i = 0; i < count; i++) await say(world, 'live-flood', [`${i} ${big}`]);
    await reading.until(() => reading.events('message').some((m) => m.entry.text === `${count - 1} ${big}`), 30000);
    expect(reading.events('message').filter((m) => m.conversation.endsWith(':live-flood') && m.entry.direction === 'in').length).to.equal(count);

    // What was queued before the drop still drains; then the server has closed it.
    let drained = 0;
    sock.on('data', (c) => (drained += c.length));
    sock.resume();
    const end = Date.now() + 15000;
    while (!closed && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(closed, `stalled stream still open after ${drained} bytes`).to.equal(true);
    expect(drained).to.be.below(count * 60000);
    // The reading stream was not touched.
    expect(reading.text.endsWith('\n\n')).to.equal(true);
    expect((await stream(minh)).status).to.equal(200);
  });
});
