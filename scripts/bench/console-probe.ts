// The console's reads, timed from the outside the way an agent's browser makes them: signs in as a
// bench agent (created through the model, as `npm run user:add` does) and times the queue views,
// the case view of old (preloaded) and fresh tickets, and search when the bot has it.
import argon2 from 'argon2';
import type { Connection } from 'mongoose';
import { agentModel } from '../../models/agent';
import { percentile } from './load';

export const BENCH_AGENT = { id: 'bench.agent', password: 'bench-password-not-secret' };

export async function createBenchAgent(conn: Connection): Promise<void> {
  const Agents = agentModel(conn);
  await Agents.init();
  const passwordHash = await argon2.hash(BENCH_AGENT.password, { type: argon2.argon2id });
  await Agents.create({ _id: BENCH_AGENT.id, displayName: 'Bench agent', role: 'admin', passwordHash, active: true });
}

export interface ProbeLine {
  name: string;
  /** Milliseconds of each call; empty when skipped. */
  ms: number[];
  note?: string;
}

const CALL_TIMEOUT_MS = 60_000;

async function timed(url: string, cookie: string): Promise<{ ms: number; status: number; body: unknown }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  const text = await res.text();
  const ms = performance.now() - t0;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { ms, status: res.status, body };
}

/**
 * `search` is a path with `{q}` where the query goes (the console's search may not exist yet on
 * this branch: a 404/405 answer makes that line say so instead of timing an error page).
 */
export async function probeConsole(base: string, opts: { oldCodes: string[]; oldPhones: string[]; searchPath: string; calls: number }): Promise<ProbeLine[]> {
  const repeat = opts.calls;
  const login = await fetch(`${base}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: BENCH_AGENT.id, password: BENCH_AGENT.password }),
  });
  if (login.status !== 200) throw new Error(`console login answered HTTP ${login.status}: ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const lines: ProbeLine[] = [];
  const series = async (name: string, paths: string[]): Promise<ProbeLine> => {
    const line: ProbeLine = { name, ms: [] };
    for (const p of paths) {
      let r;
      try {
        r = await timed(`${base}${p}`, cookie);
      } catch (err) {
        if ((err as Error).name !== 'TimeoutError') throw err;
        // A read slower than the timeout is a result, not a failure of the bench.
        line.note = `over ${CALL_TIMEOUT_MS / 1000} s (stopped waiting)`;
        break;
      }
      if (r.status !== 200) throw new Error(`${name}: GET ${p} answered HTTP ${r.status}`);
      line.ms.push(r.ms);
    }
    lines.push(line);
    return line;
  };
  for (const view of ['waiting', 'mine', 'all']) await series(`queue (${view})`, Array(repeat).fill(`/console/api/queue?view=${view}`));
  // The waiting cases the load left, for the case view (none when the queue is slower than the timeout).
  const queue = ((await timed(`${base}/console/api/queue?view=waiting`, cookie).catch(() => ({ body: {} }))).body ?? {}) as { items?: Array<{ code?: string }> };
  const fresh = (queue.items ?? []).map((i) => i.code).filter((c): c is string => !!c).slice(0, repeat);
  // The queue's cost grows with its length: say how long it was.
  lines.push({ name: 'cases waiting (queue length)', ms: [], note: String(queue.items?.length ?? 'unknown') });
  const pick = <T>(xs: T[]) => Array.from({ length: Math.min(repeat, xs.length) }, (_, k) => xs[Math.floor((k * xs.length) / repeat)]);
  if (opts.oldCodes.length) await series('case view (old, closed)', pick(opts.oldCodes).map((c) => `/console/api/cases/${encodeURIComponent(c)}`));
  if (fresh.length) await series('case view (waiting)', fresh.map((c) => `/console/api/cases/${encodeURIComponent(c)}`));
  const probe = await timed(`${base}${opts.searchPath.replace('{q}', 'KN')}`, cookie).catch((err: Error) => {
    if (err.name !== 'TimeoutError') throw err;
    return undefined;
  });
  if (!probe) {
    lines.push({ name: 'search', ms: [], note: `over ${CALL_TIMEOUT_MS / 1000} s (stopped waiting)` });
  } else if (probe.status === 404 || probe.status === 405) {
    lines.push({ name: 'search', ms: [], note: `skipped: ${opts.searchPath.replace('{q}', '…')} answered HTTP ${probe.status} (no search endpoint on this build)` });
  } else {
    const queries = [...pick(opts.oldPhones).map((p) => p.replace(/^\+84/, '0')), ...pick(opts.oldCodes)];
    if (queries.length) await series(`search (${queries.length} phones and codes)`, queries.map((q) => opts.searchPath.replace('{q}', encodeURIComponent(q))));
  }
  // The admins' report over a year by week: the read that holds the most in memory at once.
  const day = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
  await series('report (a year, by week)', Array(repeat).fill(`/console/api/admin/reports?from=${day(Date.now() - 364 * 86400_000)}&to=${day(Date.now())}&group=week`));
  return lines;
}

export function probeRow(l: ProbeLine): string {
  if (!l.ms.length) return `${l.name.padEnd(30)} ${l.note ?? 'skipped'}`;
  const s = [...l.ms].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(9);
  return `${l.name.padEnd(30)} ${String(s.length).padStart(5)} ${f(percentile(s, 50))} ${f(s[s.length - 1])}${l.note ? `  then ${l.note}` : ''}`;
}
