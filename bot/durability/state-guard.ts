import type { Activity, Storage, StoreItems } from 'botbuilder';

/** A turn past its time budget may not write the conversation's state: its retry starts from before it. */
export class LateTurnError extends Error {
  constructor(key: string) {
    super(`state write of a turn past its time budget refused (${key})`);
    this.name = 'LateTurnError';
  }
}

/**
 * Bot state storage that refuses writes for conversations whose running turn was abandoned
 * (DurableTurns). Keys are BotState's: `<channel>/conversations/<id>` and `<channel>/users/<id>`.
 */
export class StateGuard implements Storage {
  private readonly blocked = new Map<string, number>();

  constructor(private readonly inner: Storage) {}

  private static keysOf(a: Partial<Activity>): string[] {
    const keys = [`${a.channelId}/conversations/${a.conversation?.id}`];
    if (a.from?.id) keys.push(`${a.channelId}/users/${a.from.id}`);
    return keys;
  }

  block(a: Partial<Activity>): void {
    for (const k of StateGuard.keysOf(a)) this.blocked.set(k, (this.blocked.get(k) ?? 0) + 1);
  }

  unblock(a: Partial<Activity>): void {
    for (const k of StateGuard.keysOf(a)) {
      const n = (this.blocked.get(k) ?? 1) - 1;
      if (n <= 0) this.blocked.delete(k);
      else this.blocked.set(k, n);
    }
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    for (const k of Object.keys(changes)) if (this.blocked.has(k)) return Promise.reject(new LateTurnError(k));
    return this.inner.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    for (const k of keys) if (this.blocked.has(k)) return Promise.reject(new LateTurnError(k));
    return this.inner.delete(keys);
  }
}
