import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Logger } from '../../logging/logger';
import {
  ChannelTokenDoc,
  failRefreshLease,
  insertRefreshLease,
  insertTokenGeneration,
  latestRefreshLease,
  latestToken,
  recordSeed,
} from '../../../models/channel-token';
import { sleep } from '../retry';
import { ZALO } from './translate';

/** The OA cannot be reached until an admin authorises the app again (new ZALO_REFRESH_TOKEN). */
export class ZaloAuthError extends Error {
  constructor(detail: string) {
    super(`zalo: access token unavailable: ${detail}`);
    this.name = 'ZaloAuthError';
  }
}

export interface ZaloTokensOptions {
  conn: Connection;
  appId: string;
  appSecret: string;
  /** e.g. https://oauth.zaloapp.com */
  oauthUrl: string;
  /** The refresh token the operator pasted (ZALO_REFRESH_TOKEN); joins the chain once. */
  seedRefreshToken: string;
  log: Logger;
  /** Refresh ahead when less than this remains (access tokens live about 25 h). */
  refreshMarginMs?: number;
  /** A lease older than this, neither done nor failed, was left by a crashed process. */
  staleLeaseMs?: number;
  pollMs?: number;
  timeoutMs?: number;
}

export interface AccessToken {
  token: string;
  generation: number;
}

interface OAuthAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: string | number;
  error?: number | string;
  error_name?: string;
  error_description?: string;
  message?: string;
}

/**
 * The OA's access token, refreshed with the single-use refresh token (channels.md §2.8). The chain
 * of tokens lives in MongoDB (models/channel-token.ts): a refresh is done by whoever inserts the
 * lease on the current generation, so across processes exactly one spends each refresh token, and
 * within this process concurrent callers share one refresh.
 */
export class ZaloTokens {
  private current?: ChannelTokenDoc;
  private refreshing?: Promise<ChannelTokenDoc>;
  private seeded?: Promise<void>;
  private readonly holder = randomUUID();
  private readonly o: Required<Omit<ZaloTokensOptions, 'log' | 'conn'>> & Pick<ZaloTokensOptions, 'log' | 'conn'>;

  constructor(opts: ZaloTokensOptions) {
    this.o = { refreshMarginMs: 30 * 60_000, staleLeaseMs: 60_000, pollMs: 100, timeoutMs: 20_000, ...opts };
  }

  /** A usable access token (refreshed first when missing or about to expire). */
  async accessToken(): Promise<AccessToken> {
    let cur = this.current;
    if (!cur) {
      await this.seed();
      cur = (await latestToken(this.o.conn, ZALO, this.o.appId)) ?? undefined;
      if (!cur) throw new ZaloAuthError('no refresh token stored; set ZALO_REFRESH_TOKEN');
      this.current = cur;
    }
    if (this.usable(cur)) return { token: cur.accessToken!, generation: cur.generation! };
    const next = await this.refresh(cur.generation!);
    return { token: next.accessToken!, generation: next.generation! };
  }

  /** Zalo refused the token of `generation`: a newer one, refreshing if nobody has yet. */
  async afterTokenError(generation: number): Promise<AccessToken> {
    const next = await this.refresh(generation);
    return { token: next.accessToken!, generation: next.generation! };
  }

  /** Has an access token that is not about to expire (refreshed ahead by the margin, or a quarter of a short lifetime). */
  private usable(t: ChannelTokenDoc): boolean {
    if (!t.accessToken || !t.expiresAt) return false;
    const expires = new Date(t.expiresAt).getTime();
    const lifetime = expires - new Date(t.createdAt).getTime();
    return expires - Math.min(this.o.refreshMarginMs, lifetime / 4) > Date.now();
  }

  /** Adds ZALO_REFRESH_TOKEN to the chain the first time this value is seen (a re-authorisation). */
  private seed(): Promise<void> {
    this.seeded ??= (async () => {
      const { conn, appId, seedRefreshToken } = this.o;
      const hash = createHash('sha256').update(seedRefreshToken).digest('hex').slice(0, 32);
      const isNew = await recordSeed(conn, ZALO, appId, hash);
      const latest = await latestToken(conn, ZALO, appId);
      if (!isNew && latest) return;
      for (let i = 0; i < 5; i += 1) {
        const top = i === 0 ? latest : await latestToken(conn, ZALO, appId);
        const generation = top ? (top.generation ?? 0) + 1 : 0;
        if (await insertTokenGeneration(conn, { channel: ZALO, account: appId, generation, refreshToken: seedRefreshToken })) {
          this.o.log.info({ generation }, 'zalo: refresh token from ZALO_REFRESH_TOKEN stored');
          return;
        }
      }
      throw new Error('zalo: could not store ZALO_REFRESH_TOKEN');
    })().catch((err) => {
      this.seeded = undefined;
      throw err;
    });
    return this.seeded;
  }

  private refresh(generation: number): Promise<ChannelTokenDoc> {
    // One refresh at a time in this process; callers arriving meanwhile share its result.
    this.refreshing ??= this.refreshAcrossProcesses(generation).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshAcrossProcesses(stale: number): Promise<ChannelTokenDoc> {
    const { conn, appId, log } = this.o;
    const deadline = Date.now() + this.o.timeoutMs;
    let target = stale;
    for (;;) {
      if (Date.now() > deadline) throw new ZaloAuthError('timed out waiting for another refresh');
      const latest = await latestToken(conn, ZALO, appId);
      if (!latest) throw new ZaloAuthError('no refresh token stored; set ZALO_REFRESH_TOKEN');
      const gen = latest.generation ?? 0;
      if (gen > target) {
        // Someone refreshed already (another process, or a newer ZALO_REFRESH_TOKEN was seeded).
        if (this.usable(latest)) return (this.current = latest);
        target = gen;
      }
      const lease = await latestRefreshLease(conn, ZALO, appId, gen);
      const live = lease && !lease.failedAt && Date.now() - new Date(lease.createdAt).getTime() < this.o.staleLeaseMs;
      if (live) {
        await sleep(this.o.pollMs);
        continue;
      }
      const attempt = lease ? (lease.attempt ?? 0) + 1 : 0;
      const leaseId = await insertRefreshLease(conn, { channel: ZALO, account: appId, generation: gen, attempt, holder: this.holder });
      if (!leaseId) {
        await sleep(this.o.pollMs / 2);
        continue;
      }
      const now = await latestToken(conn, ZALO, appId);
      if ((now?.generation ?? 0) > gen) {
        await failRefreshLease(conn, leaseId, 'superseded').catch(() => {});
        continue;
      }
      // This process alone may spend generation `gen`'s refresh token now.
      let fresh: { accessToken: string; refreshToken: string; expiresAt: Date };
      try {
        fresh = await this.callOAuth(latest.refreshToken ?? '');
      } catch (err) {
        await failRefreshLease(conn, leaseId, (err as Error).message).catch(() => {});
        log.error({ err: (err as Error).message }, 'zalo: token refresh failed; the OA may need to be authorised again');
        throw err;
      }
      const next = await this.store(gen + 1, fresh);
      log.info({ generation: next.generation }, 'zalo: access token refreshed');
      return (this.current = next);
    }
  }

  /** Stores the new generation; retried, since the old refresh token is spent already. */
  private async store(generation: number, t: { accessToken: string; refreshToken: string; expiresAt: Date }): Promise<ChannelTokenDoc> {
    const { conn, appId } = this.o;
    let gen = generation;
    for (let i = 0; ; i += 1) {
      try {
        const doc = { channel: ZALO, account: appId, generation: gen, ...t };
        if (await insertTokenGeneration(conn, doc)) return { _id: `${ZALO}:${appId}:g${gen}`, kind: 'token', createdAt: new Date(), ...doc };
        gen += 1; // a ZALO_REFRESH_TOKEN seeded meanwhile took this number; ours is newer
      } catch (err) {
        if (i >= 4) {
          this.o.log.fatal({ err: (err as Error).message }, 'zalo: could not store the new refresh token');
          throw err;
        }
        await sleep(200 * (i + 1));
      }
    }
  }

  private async callOAuth(refreshToken: string): Promise<{ accessToken: string; refreshToken: string; expiresAt: Date }> {
    const { oauthUrl, appId, appSecret } = this.o;
    let res: Response;
    try {
      res = await fetch(`${oauthUrl}/v4/oa/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: appSecret },
        body: new URLSearchParams({ app_id: appId, grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new ZaloAuthError(`OAuth server unreachable: ${(err as Error).message}`);
    }
    const body = (await res.json().catch(() => ({}))) as OAuthAnswer;
    if (!res.ok || !body.access_token || !body.refresh_token) {
      const why = body.error_description ?? body.message ?? body.error_name ?? `HTTP ${res.status}`;
      throw new ZaloAuthError(`refresh refused (${body.error ?? res.status}): ${why}`);
    }
    const seconds = Number(body.expires_in);
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: new Date(Date.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000),
    };
  }
}
