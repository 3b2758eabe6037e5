import restify, { Server } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from './logging/logger';
import type { Metrics } from './metrics';

export interface ServerDeps {
  adapter: CloudAdapter;
  /** Runs one turn; the caller serialises turns per conversation. */
  handleActivity: (req: restify.Request, res: restify.Response) => Promise<void>;
  ready: () => Promise<{ ok: boolean; detail: Record<string, unknown> }>;
  metrics: Metrics;
  log: Logger;
}

export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'qpal-complaint-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    await deps.handleActivity(req, res);
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req, res) => {
    const r = await deps.ready();
    res.send(r.ok ? 200 : 503, { status: r.ok ? 'ready' : 'not ready', ...r.detail });
  });

  server.get('/metrics', async (_req, res) => {
    const body = await deps.metrics.registry.metrics();
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.sendRaw(200, body);
  });

  server.on('restifyError', (req, _res, err, cb) => {
    deps.log.warn({ err, path: req.path() }, 'request failed');
    return cb();
  });
  return server;
}
