import argon2 from 'argon2';
import { expect } from 'chai';
import { startWorld, converse, ticketOf, nextPhone, nextSerial, NOW, type World } from '../conversations/harness';
import { startConnector, type Connector } from '../support/connector';
import { agentModel, type AgentRole } from '../../models/agent';

export const PASSWORD = 'mật-khẩu-thử-123';

export interface ConsoleWorld extends World {
  connector: Connector;
}

// Cheap hashes for tests (argon2id still; the script uses the library's defaults).
const FAST = { type: argon2.argon2id, memoryCost: 4096, timeCost: 2, parallelism: 1 } as const;

export async function startConsoleWorld(env: Record<string, string> = {}): Promise<ConsoleWorld> {
  const [world, connector] = await Promise.all([startWorld(env), startConnector()]);
  const passwordHash = await argon2.hash(PASSWORD, FAST);
  const agents: Array<[string, string, AgentRole]> = [
    ['lan', 'Lan Nguyễn', 'agent'],
    ['minh', 'Minh Trần', 'agent'],
    ['hoa', 'Hoa Lê', 'admin'],
    ['thu', 'Thu Phạm', 'agent'],
  ];
  await agentModel(world.app.db.connection).create(agents.map(([id, displayName, role]) => ({ _id: id, displayName, role, passwordHash, active: true })));
  return {
    ...world,
    connector,
    async close() {
      await world.close();
      await connector.close();
    },
  };
}

/** A console user over HTTP, as the page talks to the API (cookie + CSRF header + Origin). */
export class ConsoleClient {
  cookie = '';
  csrf = '';
  constructor(readonly baseUrl: string) {}

  async login(name: string, password = PASSWORD): Promise<Response> {
    const res = await fetch(`${this.baseUrl}/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.baseUrl },
      body: JSON.stringify({ name, password }),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    if (res.ok) this.csrf = ((await res.clone().json()) as { csrf: string }).csrf;
    return res;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}/console/api${path}`, { headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers } });
  }

  post(path: string, body: unknown = {}, opts: { csrf?: string | null; origin?: string | null } = {}): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf) headers['x-csrf-token'] = csrf;
    const origin = opts.origin === undefined ? this.baseUrl : opts.origin;
    if (origin) headers.origin = origin;
    return fetch(`${this.baseUrl}/console/api${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  }

  async json<T = any>(res: Response | Promise<Response>): Promise<T> {
    return (await (await res).json()) as T;
  }
}

export async function loggedIn(world: ConsoleWorld, name: string): Promise<ConsoleClient> {
  const c = new ConsoleClient(world.app.url);
  const res = await c.login(name);
  expect(res.status, `login ${name}`).to.equal(200);
  return c;
}

/**
 * A customer's complaint that the bot hands to an agent (denomination mismatch → fraud_suspected),
 * on a conversation whose out-of-turn messages reach the test connector.
 */
export async function handedOffComplaint(world: ConsoleWorld, conv: string): Promise<string> {
  const serial = nextSerial();
  world.issuer.put({ serial, denomination: 100000, status: 'active', soldAt: '2026-11-20T09:00:00+07:00', soldBy: { name: 'Đại lý Minh Anh' } }, []);
  const script = ['thẻ không tồn tại', 'có', 'naruto', '50k', serial, 'Đại lý Minh Anh', '8h tối qua', 'Đúng như vậy', nextPhone(), 'bỏ qua', 'Gửi khiếu nại'];
  await say(world, conv, script);
  const t = await ticketOf(world.app, conv);
  expect(t).to.include({ status: 'waiting_agent', handoffReason: 'fraud_suspected' });
  return t!.code as string;
}

/** The customer types; returns the texts the bot answered in the same turn. */
export async function say(world: ConsoleWorld, conv: string, messages: string[]): Promise<string[]> {
  const ex = await converse(world.app, conv, messages, { serviceUrl: world.connector.url, userName: 'Chị Thu' });
  return ex.flatMap((e) => e.replies.map((r) => r.text));
}

/** What reached the customer outside their own turns (agents' replies, confirmations). */
export function delivered(world: ConsoleWorld, conv: string, since = 0): string[] {
  return world.connector.received.slice(since).filter((r) => r.conversationId === conv).map((r) => String(r.activity.text ?? ''));
}

export interface LiveEvent {
  event: string;
  data: any;
}

/** The console's live event stream as a signed-in user's browser receives it. */
export async function openEvents(client: ConsoleClient) {
  const abort = new AbortController();
  const res = await fetch(`${client.baseUrl}/console/api/events`, { headers: { cookie: client.cookie }, signal: abort.signal });
  expect(res.status).to.equal(200);
  expect(res.headers.get('content-type')).to.match(/text\/event-stream/);
  expect(res.headers.get('content-encoding')).to.equal(null);
  const events: LiveEvent[] = [];
  const waiters: Array<() => void> = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    async waitFor(pred: (e: LiveEvent) => boolean, ms = 5000) {
      const deadline = Date.now() + ms;
      while (!events.some(pred)) {
        if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    close: () => abort.abort(),
  };
}

/** A console world with agents lan and minh and admin hoa signed in. */
export interface SignedInConsole {
  world: ConsoleWorld;
  lan: ConsoleClient;
  minh: ConsoleClient;
  hoa: ConsoleClient;
}

/**
 * For one describe block: starts a SignedInConsole before it and hands it to `use`, closes it
 * after it, and puts the clock back to NOW after each test.
 */
export function signedInConsole(use: (s: SignedInConsole) => void, env: Record<string, string> = {}): void {
  let world: ConsoleWorld | undefined;
  before(async () => {
    world = await startConsoleWorld(env);
    const [lan, minh, hoa] = await Promise.all([loggedIn(world, 'lan'), loggedIn(world, 'minh'), loggedIn(world, 'hoa')]);
    use({ world, lan, minh, hoa });
  });
  after(async () => {
    await world?.close();
  });
  afterEach(() => {
    if (world) world.clock.now = NOW;
  });
}
