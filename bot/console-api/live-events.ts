import type { Connection } from 'mongoose';
import { conversationModel, type ConversationOwner } from '../../models/conversation';
import type { BotEvents } from '../events';

/** How many live streams may be open, and how far a reader may fall behind before it is dropped. */
export interface LiveLimits {
  /** Streams one signed-in session may hold (tabs); more get 429. */
  perSession: number;
  /** Streams of the whole process; more get 429. */
  total: number;
  /** Unsent bytes a stream may queue once the socket pushes back; past that it is ended. */
  maxBufferBytes: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = { perSession: 3, total: 200, maxBufferBytes: 256 * 1024 };

const MAX_REMEMBERED = 10_000;
const PEOPLE: ReadonlySet<ConversationOwner> = new Set(['queue', 'agent']);

/** What of a conversation's new messages the live streams carry. */
export type LiveVisibility = 'messages' | 'notice' | 'nothing';

/**
 * Which conversations are with people (owner queue or agent): only their messages go to the
 * console's live streams. A conversation still with the bot is the customer's business with the
 * bot alone; the console reads it, when it may, through the authorised case endpoints. One that
 * people closed stays visible until it goes back to the bot: the agent's closing turn (Step 4) is
 * sent after the owner became "closed". One that people handed back to the bot (or closed, and the
 * customer wrote again) gets a notice without content, so the agent's open case view fetches it
 * again through those endpoints. Owners are learnt from the `owner` events and, for conversations
 * handed off before this process started, looked up once by _id (a conversation handed back before
 * then gets no notices).
 */
export class PeopleConversations {
  private readonly visible = new Map<string, LiveVisibility>();

  constructor(private readonly conn: Connection, events: BotEvents) {
    events.on('owner', (e) => this.remember(e.conversation, e.owner));
  }

  async visibility(conversation: string): Promise<LiveVisibility> {
    const known = this.visible.get(conversation);
    if (known !== undefined) return known;
    const doc = await conversationModel(this.conn).findById(conversation, { owner: 1 }).lean();
    // An owner event that came while the lookup ran is newer than what was read.
    const now = this.visible.get(conversation);
    if (now !== undefined) return now;
    this.remember(conversation, doc?.owner ?? 'bot');
    return this.visible.get(conversation)!;
  }

  async withPeople(conversation: string): Promise<boolean> {
    return (await this.visibility(conversation)) === 'messages';
  }

  private remember(conversation: string, owner: ConversationOwner): void {
    const was = this.visible.get(conversation) ?? 'nothing';
    this.visible.delete(conversation);
    let next: LiveVisibility = 'nothing';
    if (PEOPLE.has(owner) || (owner === 'closed' && was === 'messages')) next = 'messages';
    else if (was !== 'nothing') next = 'notice';
    this.visible.set(conversation, next);
    if (this.visible.size > MAX_REMEMBERED) this.visible.delete(this.visible.keys().next().value as string);
  }
}

/** Notices about one conversation closer together than this are sent once, at the end. */
export const NOTICE_COALESCE_MS = 200;

/** Counts open streams per session and overall, so a tab storm cannot hold the process's memory. */
export class StreamSlots {
  private readonly bySession = new Map<string, number>();
  private open = 0;

  constructor(private readonly limits: LiveLimits) {}

  take(sessionId: string): boolean {
    const mine = this.bySession.get(sessionId) ?? 0;
    if (this.open >= this.limits.total || mine >= this.limits.perSession) return false;
    this.bySession.set(sessionId, mine + 1);
    this.open += 1;
    return true;
  }

  give(sessionId: string): void {
    const mine = (this.bySession.get(sessionId) ?? 1) - 1;
    if (mine <= 0) this.bySession.delete(sessionId);
    else this.bySession.set(sessionId, mine);
    this.open = Math.max(0, this.open - 1);
  }
}
