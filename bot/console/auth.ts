import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import type { Connection } from 'mongoose';
import type { Request, Response } from 'restify';
import { AGENT_ID_PATTERN, agentModel, normaliseAgentId, type AgentDoc, type AgentRole } from '../../models/agent';
import { sessionModel } from '../../models/session';
import { ApiError } from './errors';
import { clientAddress } from '../http/client-address';
import { SignInGuard, type SignInGuardOptions } from './sign-in-guard';

export const COOKIE = 'qpal_console';
export const CSRF_HEADER = 'x-csrf-token';
/** Sessions end this long after login, whatever happens (no TTL index: checked on use). */
export const SESSION_MS = 12 * 60 * 60_000;

export interface Agent {
  id: string;
  name: string;
  role: AgentRole;
}

export interface Session {
  id: string;
  agent: Agent;
  csrf: string;
  expiresAt: Date;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

function isHttps(req: Request): boolean {
  return String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https' || Boolean((req.socket as { encrypted?: boolean }).encrypted);
}

export function setSessionCookie(req: Request, res: Response, token: string, maxAgeMs: number): void {
  const attrs = [`${COOKIE}=${token}`, 'Path=/console', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (isHttps(req)) attrs.push('Secure');
  res.setHeader('Set-Cookie', attrs.join('; '));
}

/**
 * A browser always sends Origin on a POST: it must name this host (behind a proxy, the host the
 * proxy forwards). Fetch metadata, when sent, must not say cross-site. Non-browser clients send
 * neither and are held by the CSRF token alone.
 */
export function checkOrigin(req: Request): void {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') throw new ApiError(403, 'bad_origin');
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? '').split(',')[0].trim();
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new ApiError(403, 'bad_origin');
  }
  if (!host || originHost !== host) throw new ApiError(403, 'bad_origin');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Computed once: verifying against it when the name is unknown keeps both answers equally slow.
let dummyHash: Promise<string> | undefined;

/** Longer passwords are refused before hashing (argon2 over megabytes is a denial of service). */
const MAX_PASSWORD = 512;

export class Auth {
  readonly guard: SignInGuard;

  constructor(
    private readonly conn: Connection,
    guard?: SignInGuardOptions,
    /** Our own reverse proxies: behind them the client's address is read from X-Forwarded-For. */
    private readonly trustedProxies: ReadonlySet<string> = new Set(),
  ) {
    this.guard = new SignInGuard(guard);
  }

  async login(req: Request, res: Response, name: unknown, password: unknown): Promise<Session> {
    checkOrigin(req);
    if (typeof name !== 'string' || typeof password !== 'string' || !name.trim() || !password) {
      throw new ApiError(400, 'missing_credentials');
    }
    // Checked before anything is looked up or remembered: no odd name reaches the database or the guard.
    const id = name.length <= 64 ? normaliseAgentId(name) : '';
    if (!AGENT_ID_PATTERN.test(id)) throw new ApiError(400, 'invalid_credentials');
    if (password.length > MAX_PASSWORD) throw new ApiError(400, 'password_too_long', { max: MAX_PASSWORD });
    // Reserved now, before any await, so parallel guesses are counted before they are checked.
    const attempt = this.guard.reserve(id, clientAddress(req, this.trustedProxies));
    if (!attempt.ok) {
      const seconds = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
      res.setHeader('Retry-After', String(seconds));
      throw new ApiError(429, 'too_many_attempts', { retryAfter: seconds });
    }
    let agent: AgentDoc | null;
    let ok: boolean;
    try {
      agent = await agentModel(this.conn).findById(id).lean<AgentDoc>();
      dummyHash ??= argon2.hash(randomBytes(16).toString('hex'));
      const hash = agent?.active ? agent.passwordHash : await dummyHash;
      const verified = await this.guard.verify(() => argon2.verify(hash, password).catch(() => false));
      ok = Boolean(agent?.active) && verified;
    } catch (err) {
      attempt.finish(false);
      throw err;
    }
    attempt.finish(ok);
    if (!agent || !ok) throw new ApiError(401, 'bad_credentials');
    const now = new Date();
    const token = randomBytes(32).toString('base64url');
    const session = { _id: sha256(token), agentId: agent._id, csrf: randomBytes(32).toString('base64url'), createdAt: now, expiresAt: new Date(now.getTime() + SESSION_MS) };
    const sessions = sessionModel(this.conn);
    await sessions.create(session);
    await agentModel(this.conn).updateOne({ _id: agent._id }, { $set: { lastLoginAt: now } });
    // No TTL index on FerretDB: old sessions are swept here.
    await sessions.deleteMany({ expiresAt: { $lt: now } });
    setSessionCookie(req, res, token, SESSION_MS);
    return { id: session._id, agent: toAgent(agent), csrf: session.csrf, expiresAt: session.expiresAt };
  }

  /** The request's session, or 401. Expired or unknown sessions are refused (and removed). */
  async session(req: Request): Promise<Session> {
    const token = cookieOf(req, COOKIE);
    if (!token) throw new ApiError(401, 'no_session');
    const sessions = sessionModel(this.conn);
    const s = await sessions.findById(sha256(token)).lean();
    if (!s) throw new ApiError(401, 'no_session');
    if (s.expiresAt.getTime() <= Date.now()) {
      await sessions.deleteOne({ _id: s._id });
      throw new ApiError(401, 'session_expired');
    }
    const agent = await agentModel(this.conn).findById(s.agentId).lean<AgentDoc>();
    if (!agent?.active) {
      await sessions.deleteOne({ _id: s._id });
      throw new ApiError(401, 'no_session');
    }
    return { id: s._id, agent: toAgent(agent), csrf: s.csrf, expiresAt: s.expiresAt };
  }

  /** For every change: a live session, this host as Origin, and the session's CSRF token. */
  async forChange(req: Request): Promise<Session> {
    const s = await this.session(req);
    checkOrigin(req);
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, s.csrf)) throw new ApiError(403, 'bad_csrf');
    return s;
  }

  /** Still valid? (Live streams check it now and then.) */
  async stillValid(sessionId: string): Promise<boolean> {
    const s = await sessionModel(this.conn).findById(sessionId).lean();
    return Boolean(s && s.expiresAt.getTime() > Date.now());
  }

  async logout(req: Request, res: Response, s: Session): Promise<void> {
    await sessionModel(this.conn).deleteOne({ _id: s.id });
    setSessionCookie(req, res, '', 0);
  }
}

export function toAgent(a: AgentDoc): Agent {
  return { id: a._id, name: a.displayName, role: a.role };
}

export function requireAdmin(s: Session): void {
  if (s.agent.role !== 'admin') throw new ApiError(403, 'admin_only');
}
