import { EventEmitter } from 'node:events';
import type { TranscriptEntry } from '../models/transcript';
import type { ConversationOwner } from '../models/conversation';

/** What happens in conversations, for live views (the agent console) in this process. */
export interface BotEventMap {
  /** A message stored in a conversation's transcript (either direction). */
  message: { conversation: string; entry: TranscriptEntry };
  /** A conversation changed hands (bot, queue, agent, closed). */
  owner: { conversation: string; owner: ConversationOwner; agentId?: string };
  /** A ticket was created or changed. */
  ticket: { code: string; conversation?: string };
  /** A case is about to breach, or breached, a service level; `to` = the console logins told. */
  sla: { code: string; level: 'firstResponse' | 'deadline'; kind: 'warning' | 'breach'; due: Date; to: string[] };
}

export class BotEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open console tab listens; the default limit of 10 would warn.
    this.emitter.setMaxListeners(0);
  }

  emit<K extends keyof BotEventMap>(name: K, payload: BotEventMap[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends keyof BotEventMap>(name: K, listener: (payload: BotEventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
