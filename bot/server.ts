import { timingSafeEqual, createHash } from 'node:crypto';
import restify, { Server } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from './logging/logger';
import type { Metrics } from './metrics';
import { jsonBody } from './http/body';

export interface ServerDeps {
  adapter: CloudAdapter;
  /** Runs one turn; the caller serialises turns per conversation. */
  handleActivity: (req: restify.Request, res: restify.Response) => Promise<void>;
  ready: () => Promise<{ ok: boolean; detail: Record<string, unknown> }>;
  metrics: Metrics;
  log: Logger;
  /** Bearer token that unlocks /metrics and the detail of /readyz (OPS_TOKEN); unset = locked. */
  opsToken?: string;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Does the request carry `Authorization: Bearer <token>`? */
export function hasOpsToken(req: restify.Request, token: string | undefined): boolean {
  if (!token) return false;
  const m = /^Bearer ([^\s]{1,512})$/.exec(String(req.headers.authorization ?? ''));
  return Boolean(m) && timingSafeEqual(digest(m![1]), digest(token));
}

/** /readyz and /metrics; `open` = no token needed (the internal-only listener). */
export function registerOpsRoutes(server: Server, deps: Pick<ServerDeps, 'ready' | 'metrics' | 'opsToken'>, open: boolean): void {
  server.get('/readyz', async (req, res) => {
    const r = await deps.ready();
    const detail = open || hasOpsToken(req, deps.opsToken) ? r.detail : {};
    res.send(r.ok ? 200 : 503, { status: r.ok ? 'ready' : 'not ready', ...detail });
  });

  server.get('/metrics', async (req, res) => {
    if (!open && !hasOpsToken(req, deps.opsToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.send(401, { error: 'ops_token_required' });
      return;
    }
    const body = await deps.metrics.registry.metrics();
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.sendRaw(200, body);
  });
}

export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'qpal-complaint-bot', handleUncaughtExceptions: false });
  server.use(jsonBody());

  server.post('/api/messages', async (req, res) => {
    await deps.handleActivity(req, res);
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  registerOpsRoutes(server, deps, false);

  server.on('restifyError', (req, _res, err, cb) => {
    deps.log.warn({ err, path: req.path() }, 'request failed');
    return cb();
  });
  return server;
}

/** The internal-only listener of OPS_PORT: /healthz, /readyz and /metrics, nothing else. */
export function createOpsServer(deps: Pick<ServerDeps, 'ready' | 'metrics' | 'log'>): Server {
  const server = restify.createServer({ name: 'qpal-ops', handleUncaughtExceptions: false });
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  registerOpsRoutes(server, deps, true);
  return server;
}
