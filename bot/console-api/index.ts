import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { agentModel } from '../../models/agent';
import { sessionModel } from '../../models/session';
import { claimModel } from '../../models/claim';
import { noteModel } from '../../models/note';
import { caseKeysReady } from '../../models/case-keys';
import { attachmentModel, type AttachmentDoc } from '../../models/attachment';
import type { Metrics } from '../metrics';
import { Auth, requireAdmin, type Session } from './auth';
import type { SignInGuard } from './sign-in-guard';
import { ConsoleCases, type ConsoleDeps, type QueueView } from './cases';
import { SlaWatch } from './sla-watch';
import { Reports } from './reports';
import { ApiError } from './errors';
import { AutoAssign } from './auto-assign';
import { MAX_CAPACITY, readAssignmentSettings, writeAssignmentSettings } from '../../models/console-settings';
import { asLanguage, fileTexts, type TextSource } from './texts';
import { consoleLists } from './lists';
import { DEFAULT_LIVE_LIMITS, NOTICE_COALESCE_MS, PeopleConversations, StreamSlots, type LiveLimits } from './live-events';

/** What the cases need (ConsoleDeps), with all the metrics and the texts optional. */
export interface ConsoleOptions extends Omit<ConsoleDeps, 'metrics' | 'texts'> {
  metrics: Metrics;
  /** The bot's live, validated texts (namespace `console` etc.); default: read the locale files. */
  texts?: TextSource;
  /** The locale checker's report, shown in the admin area. */
  localeStatus?: () => unknown;
  /** How often waiting cases are checked against the service levels (default 30 s). */
  slaCheckMs?: number;
  /** Caps of the live streams (default: 3 per session, 200 in all, 256 KB backlog). */
  live?: Partial<LiveLimits>;
  /** Addresses of our own reverse proxies (TRUSTED_PROXIES). */
  trustedProxies?: ReadonlySet<string>;
}

export interface AgentConsole {
  cases: ConsoleCases;
  reports: Reports;
  slaWatch: SlaWatch;
  /** Who may try a password when (its size and verification count are watched by tests). */
  signIn: SignInGuard;
  /** Ends the live streams, so the HTTP server can close. */
  close(): void;
}

const STATIC_DIR = path.resolve(__dirname, '..', '..', 'console');
const STATIC_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'reports.html': 'text/html; charset=utf-8',
  'reports.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
  // The console's modules (console/js/*.js), each loaded by the page as a JavaScript module.
  ...Object.fromEntries(
    readdirSync(path.join(STATIC_DIR, 'js'))
      .filter((f) => /^[a-z0-9-]+\.js$/.test(f))
      .map((f) => [`js/${f}`, 'text/javascript; charset=utf-8']),
  ),
};
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};
const HEARTBEAT_MS = 25_000;

/** What the console shows of an outbound message's delivery (live events and the case view agree). */
function deliveryOf(entry: { _id?: unknown; delivery?: string; deliveryError?: string; agentReply?: boolean }) {
  return { id: entry._id === undefined ? undefined : String(entry._id), delivery: entry.delivery, deliveryError: entry.deliveryError, agentReply: entry.agentReply };
}

/**
 * The agent console on the bot's own server: the page at /console/, its API at /console/api/*,
 * live events at /console/api/events (server-sent events; nothing compresses that route).
 */
export function registerConsole(server: Server, opts: ConsoleOptions): AgentConsole {
  const { conn, log } = opts;
  const auth = new Auth(conn, undefined, opts.trustedProxies);
  const texts = opts.texts ?? fileTexts;
  const cases = new ConsoleCases({ ...opts, texts });
  // Before the first write: a database this version starts on empty keeps every console look-up by _id.
  void caseKeysReady(conn);
  opts.metrics.overdueSource = () => cases.overdueCount();
  opts.metrics.queueSource = () => cases.queueLength();
  const slaWatch = new SlaWatch(opts);
  const reports = new Reports({ ...opts, texts });
  slaWatch.start(opts.slaCheckMs ?? 30_000);
  // Collections and unique indexes before the first take-over (claims rely on the unique _id).
  const ready = Promise.all([agentModel(conn).init(), sessionModel(conn).init(), claimModel(conn).init(), noteModel(conn).init()]).catch(
    (err: Error) => log.warn({ err: { message: err.message } }, 'console collections not prepared'),
  );

  type Handler = (req: Request, res: Response) => Promise<unknown>;
  const api = (handler: Handler) => async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await ready;
      const body = await handler(req, res);
      if (!res.headersSent) res.send(200, body ?? { ok: true });
    } catch (err) {
      if (err instanceof ApiError) {
        res.send(err.status, { error: err.code, ...err.detail });
        return;
      }
      log.error({ err: { name: (err as Error).name, message: (err as Error).message }, path: req.path() }, 'console request failed');
      res.send(500, { error: 'internal' });
    }
  };
  const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
  const change = (fn: (s: Session, req: Request, res: Response) => Promise<unknown>) =>
    api(async (req, res) => fn(await auth.forChange(req), req, res));
  const read = (fn: (s: Session, req: Request, res: Response) => Promise<unknown>) =>
    api(async (req, res) => fn(await auth.session(req), req, res));
  const code = (req: Request) => String((req.params as { code?: string }).code ?? '');

  // --- the page -------------------------------------------------------------------------------
  const serveFile = (name: string) => async (_req: Request, res: Response) => {
    try {
      const data = await readFile(path.join(STATIC_DIR, name));
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
      res.setHeader('Content-Type', STATIC_FILES[name]);
      res.setHeader('Cache-Control', 'no-cache');
      res.sendRaw(200, data);
    } catch {
      res.send(404, { error: 'not_found' });
    }
  };
  server.get('/console', async (_req: Request, res: Response) => {
    res.redirect(302, '/console/', () => {});
  });
  server.get('/console/', serveFile('index.html'));
  for (const name of Object.keys(STATIC_FILES)) server.get(`/console/${name}`, serveFile(name));

  // --- session --------------------------------------------------------------------------------
  server.get('/console/api/texts/:lang', api(async (req) => texts(asLanguage((req.params as { lang?: string }).lang), 'console') ?? {}));
  server.post('/console/api/login', api(async (req, res) => {
    const b = body(req);
    const s = await auth.login(req, res, b.name, b.password);
    log.info({ agent: s.agent.id }, 'console login');
    return { agent: s.agent, csrf: s.csrf, expiresAt: s.expiresAt };
  }));
  server.get('/console/api/lists', read(async () => consoleLists()));
  server.get('/console/api/me', read(async (s) => ({ agent: s.agent, csrf: s.csrf, expiresAt: s.expiresAt })));
  server.post('/console/api/logout', change(async (s, req, res) => {
    await auth.logout(req, res, s);
    return { ok: true };
  }));

  // --- queue and cases ------------------------------------------------------------------------
  server.get('/console/api/queue', read(async (s, req) => {
    const v = String((req.query as { view?: string } | undefined)?.view ?? new URL(req.url ?? '', 'http://x').searchParams.get('view') ?? 'waiting');
    const view: QueueView = v === 'mine' || v === 'all' ? v : 'waiting';
    return { view, now: opts.clock(), items: await cases.queue(s.agent, view) };
  }));
  server.get('/console/api/search', read(async (_s, req) => ({ items: await cases.search.search(new URL(req.url ?? '', 'http://x').searchParams.get('q')) })));
  server.get('/console/api/queue/summary', read(async (s) => cases.summary(s.agent)));
  server.get('/console/api/cases/:code', read(async (s, req) => ({ now: opts.clock(), ...(await cases.view(s.agent, code(req))) })));
  server.post('/console/api/cases/:code/take', change(async (s, req) => cases.take(s.agent, code(req))));
  server.post('/console/api/cases/:code/reply', change(async (s, req) => cases.reply(s.agent, code(req), body(req).text)));
  server.post('/console/api/cases/:code/messages/:id/retry', change(async (s, req) => cases.retry(s.agent, code(req), String((req.params as { id?: string }).id ?? ''))));
  server.post('/console/api/cases/:code/notes', change(async (s, req) => cases.note(s.agent, code(req), body(req).text)));
  server.post('/console/api/cases/:code/resolve', change(async (s, req) => cases.resolve(s.agent, code(req), body(req).resolution, body(req).message)));
  server.post('/console/api/cases/:code/hand-back', change(async (s, req) => cases.handBack(s.agent, code(req))));
  server.post('/console/api/cases/:code/calls', change(async (s, req) => cases.call(s.agent, code(req), body(req))));
  server.post('/console/api/tickets', change(async (s, req) => cases.createPhoneTicket(s.agent, body(req))));

  // A customer's photo or file, for signed-in agents; served with its sniffed type, never as HTML.
  server.get('/console/api/files/:id', async (req: Request, res: Response) => {
    try {
      await ready;
      await auth.session(req);
      const id = String((req.params as { id?: string }).id ?? '');
      const file = /^[0-9a-f-]{36}$/.test(id) ? await attachmentModel(conn).findById(id).lean<AttachmentDoc>() : null;
      if (!file) {
        res.send(404, { error: 'not_found' });
        return;
      }
      const data = Buffer.from((file.data as unknown as { buffer?: Uint8Array }).buffer ?? file.data);
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Length', String(data.length));
      res.setHeader('Cache-Control', 'private, max-age=3600');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
      res.setHeader('Content-Disposition', file.contentType === 'application/pdf' ? 'attachment' : 'inline');
      res.sendRaw(200, data);
    } catch (err) {
      res.send(err instanceof ApiError ? err.status : 500, { error: err instanceof ApiError ? err.code : 'internal' });
    }
  });

  // --- admin ----------------------------------------------------------------------------------
  server.post('/console/api/cases/:code/assign', change(async (s, req) => {
    requireAdmin(s);
    return cases.assign(s.agent, code(req), body(req).agent);
  }));
  server.get('/console/api/admin/assignment', read(async (s) => {
    requireAdmin(s);
    return { ...(await readAssignmentSettings(conn)), maxCapacity: MAX_CAPACITY };
  }));
  server.post('/console/api/admin/assignment', change(async (s, req) => {
    requireAdmin(s);
    const b = body(req);
    const capacity = Number(b.capacity);
    if (typeof b.auto !== 'boolean' || !Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) throw new ApiError(400, 'bad_settings');
    await writeAssignmentSettings(conn, { auto: b.auto, capacity }, `agent:${s.agent.id}`, opts.clock());
    autoAssign.poke();
    return { auto: b.auto, capacity };
  }));
  server.post('/console/api/cases/:code/release', change(async (s, req) => {
    requireAdmin(s);
    return cases.release(s.agent, code(req));
  }));
  server.get('/console/api/admin/agents', read(async (s) => {
    requireAdmin(s);
    const [agents, claims] = await Promise.all([
      agentModel(conn).find({}, { passwordHash: 0 }).sort({ _id: 1 }).lean(),
      claimModel(conn).find({}, { agentId: 1, ticketCode: 1 }).lean(),
    ]);
    return {
      agents: agents.map((a) => ({
        id: a._id,
        name: a.displayName,
        role: a.role,
        active: a.active,
        lastLoginAt: a.lastLoginAt,
        holding: claims.filter((c) => c.agentId === a._id).length,
      })),
    };
  }));
  const query = (req: Request): Record<string, unknown> => Object.fromEntries(new URL(req.url ?? '', 'http://x').searchParams);
  server.get('/console/api/admin/reports', read(async (s, req) => {
    requireAdmin(s);
    return reports.report(query(req));
  }));
  server.get('/console/api/admin/reports.csv', read(async (s, req, res) => {
    requireAdmin(s);
    const q = query(req);
    const { name, body } = await reports.csv(q, asLanguage(q.lang));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.sendRaw(200, Buffer.from(body, 'utf8'));
  }));
  server.get('/console/api/admin/locales', read(async (s) => {
    requireAdmin(s);
    // The locale checker's report (bot/locales/i18n.ts); without one the page says it is not available.
    if (!opts.localeStatus) return { available: false };
    return { available: true, status: opts.localeStatus() };
  }));

  // --- live events ----------------------------------------------------------------------------
  const streams = new Set<Response>();
  const limits: LiveLimits = { ...DEFAULT_LIVE_LIMITS, ...opts.live };
  const slots = new StreamSlots(limits);
  const people = new PeopleConversations(conn, opts.events);
  // Messages go out in the order they were stored, and only those of conversations with people;
  // a conversation people handed back gets a notice without content (see PeopleConversations).
  const messageSinks = new Set<(event: 'message' | 'activity', data: unknown) => void>();
  const pendingNotices = new Map<string, NodeJS.Timeout>();
  const notice = (conversation: string) => {
    if (pendingNotices.has(conversation)) return;
    const timer = setTimeout(() => {
      pendingNotices.delete(conversation);
      for (const sink of messageSinks) sink('activity', { conversation });
    }, NOTICE_COALESCE_MS);
    timer.unref();
    pendingNotices.set(conversation, timer);
  };
  let fanOut = Promise.resolve();
  opts.events.on('message', ({ conversation, entry }) => {
    fanOut = fanOut
      .then(async () => {
        if (!messageSinks.size) return;
        const seen = await people.visibility(conversation);
        if (seen === 'notice') return notice(conversation);
        if (seen !== 'messages') return;
        const data = { conversation, entry: { direction: entry.direction, author: entry.author, text: entry.text, choices: entry.choices, attachments: entry.attachments, files: entry.files, at: entry.at, ...deliveryOf(entry) } };
        for (const sink of messageSinks) sink('message', data);
      })
      .catch((err: Error) => log.warn({ err: { message: err.message } }, 'live message not sent'));
  });
  // Who has the console open (a live stream), for the automatic round robin.
  const onlineAgents = new Map<Response, string>();
  const autoAssign = new AutoAssign({ conn, cases, log, online: () => [...onlineAgents.values()] });
  opts.events.on('owner', (e) => {
    if (e.owner === 'queue') autoAssign.poke();
  });
  opts.events.on('ticket', () => autoAssign.poke());
  server.get('/console/api/events', async (req: Request, res: Response) => {
    let session: Session;
    try {
      await ready;
      session = await auth.session(req);
    } catch (err) {
      res.send(err instanceof ApiError ? err.status : 500, { error: err instanceof ApiError ? err.code : 'internal' });
      return;
    }
    if (!slots.take(session.id)) {
      res.setHeader('Cache-Control', 'no-store');
      res.send(429, { error: 'too_many_streams' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // A reader that stops reading is dropped once its backlog passes the cap; its page reconnects
    // and fetches the case again, so nothing is lost for the agent.
    const write = (chunk: string) => {
      if (res.writableEnded || res.destroyed) return;
      if (!res.write(chunk) && res.writableLength > limits.maxBufferBytes) {
        log.warn({ agent: session.agent.id, backlog: res.writableLength }, 'slow live reader dropped');
        res.destroy();
      }
    };
    write('retry: 3000\n\n');
    const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const sink = (event: 'message' | 'activity', data: unknown) => send(event, data);
    messageSinks.add(sink);
    const offs = [
      () => messageSinks.delete(sink),
      opts.events.on('owner', (e) => send('owner', e)),
      opts.events.on('ticket', (e) => send('ticket', e)),
      // Only to the people chosen for service-level alerts.
      opts.events.on('sla', (e) => {
        if (e.to.includes(session.agent.id)) send('sla', { code: e.code, level: e.level, kind: e.kind, due: e.due });
      }),
    ];
    streams.add(res);
    onlineAgents.set(res, session.agent.id);
    autoAssign.poke();
    const heartbeat = setInterval(() => {
      void auth.stillValid(session.id).then(
        (ok) => (ok ? write(': ping\n\n') : res.end()),
        () => write(': ping\n\n'),
      );
    }, HEARTBEAT_MS);
    await new Promise<void>((resolve) => {
      let over = false;
      const done = () => {
        if (over) return;
        over = true;
        slots.give(session.id);
        clearInterval(heartbeat);
        for (const off of offs) off();
        streams.delete(res);
        onlineAgents.delete(res);
        resolve();
      };
      res.once('close', done);
      res.once('finish', done);
    });
  });

  return {
    cases,
    slaWatch,
    reports,
    signIn: auth.guard,
    close() {
      slaWatch.stop();
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
