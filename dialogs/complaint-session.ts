import type { Actor } from 'xstate';
import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import { complaintMachine } from '../machines/complaint/machine';
import { restoreOrStart, persist, PersistedComplaint } from '../machines/complaint/persistence';
import type { AskField, ComplaintContext, ComplaintEvent, ComplaintInput, SayEvent } from '../machines/complaint/types';

const GREETING = 'outcome:greeting';

/** What the bot does for the machine: the machine is pure, so these results come back as events. */
export interface ComplaintEffects {
  /** `checkCardNext`: checkCard follows (so the card system may be asked already). */
  createTicket(context: ComplaintContext, now: Date, next?: { checkCardNext: boolean }): Promise<{ code: string }>;
  checkCard(context: ComplaintContext, now: Date): Promise<ComplaintEvent>;
}

/**
 * One conversation's complaint machine for the length of a turn: restored from the saved snapshot,
 * fed events, its messages collected, and saved again by the dialog.
 */
export class ComplaintSession {
  private readonly says: SayEvent[] = [];
  readonly actor: Actor<typeof complaintMachine>;
  /** True when a saved snapshot could not be continued (machine changed) and a new one began. */
  readonly restarted: boolean;
  /** True when this turn started a new complaint. */
  readonly isNew: boolean;
  /** The context as the turn found it, to tell what this turn changed. */
  readonly initial: ComplaintContext | undefined;
  readonly initiallyHandedOff: boolean;
  /** The texts of the machine's messages as the customer read them this turn (Step 4 e-mail). */
  readonly spoken: string[] = [];

  /**
   * `greet: false` for a complaint that is not the conversation's first (or that begins with a
   * command): the long greeting is shown once per conversation.
   */
  constructor(saved: PersistedComplaint | undefined, input: () => ComplaintInput, options: { greet?: boolean } = {}) {
    const fresh = !saved;
    const greet = options.greet !== false;
    const { actor, restarted } = restoreOrStart(saved, input(), (e) => {
      if (greet || e.key !== GREETING) this.says.push(e);
    });
    this.actor = actor;
    this.restarted = restarted;
    this.isNew = fresh || restarted;
    this.initial = this.isNew ? undefined : this.context;
    this.initiallyHandedOff = !this.isNew && this.isHandedOff;
  }

  get context(): ComplaintContext {
    return this.actor.getSnapshot().context;
  }

  get isDone(): boolean {
    return this.actor.getSnapshot().status === 'done';
  }

  get isHandedOff(): boolean {
    return this.actor.getSnapshot().hasTag('owner:queue');
  }

  /** The field the machine is waiting for, if it waits for the customer. */
  get askField(): AskField | undefined {
    for (const tag of this.actor.getSnapshot().tags) {
      if (tag.startsWith('ask:')) return tag.slice(4) as AskField;
    }
    return undefined;
  }

  get awaiting(): 'createTicket' | 'checkCard' | undefined {
    const s = this.actor.getSnapshot();
    if (s.hasTag('await:createTicket')) return 'createTicket';
    if (s.hasTag('await:checkCard')) return 'checkCard';
    return undefined;
  }

  send(event: ComplaintEvent): void {
    this.actor.send(event);
  }

  /** Performs the effects the machine waits for until it waits for the customer again. */
  async settle(effects: ComplaintEffects, now: () => Date): Promise<void> {
    for (let i = 0; i < 10 && this.awaiting; i += 1) {
      const at = now();
      if (this.awaiting === 'createTicket') {
        const checkCardNext = this.actor.getSnapshot().hasTag('then:checkCard');
        const { code } = await effects.createTicket(this.context, at, { checkCardNext });
        this.send({ type: 'TICKET_CREATED', code, now: at.toISOString() });
      } else {
        this.send(await effects.checkCard(this.context, at));
      }
    }
  }

  /** The machine's pending messages, taken (for a complaint nobody chats in: the phone form). */
  takeSays(): SayEvent[] {
    return this.says.splice(0, this.says.length);
  }

  /** Sends the machine's pending messages to the customer, in order. */
  async speak(ctx: TurnContext, t: TFunction): Promise<void> {
    for (const say of this.takeSays()) {
      const text = t(say.key, say.vars ?? {});
      this.spoken.push(text);
      await ctx.sendActivity(text);
    }
  }

  save(): PersistedComplaint {
    return persist(this.actor);
  }
}
