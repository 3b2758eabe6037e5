import { MessageFactory, StatePropertyAccessor, TurnContext, Activity } from 'botbuilder';
import {
  DialogContext,
  DialogTurnResult,
  PromptValidatorContext,
  TextPrompt,
  WaterfallDialog,
  WaterfallStepContext,
} from './dialog-kit';
import type { TFunction } from 'i18next';
import type { PersistedComplaint } from '../machines/complaint/persistence';
import type { AskField, ComplaintEvent, ProcedureConfig } from '../machines/complaint/types';
import { dayNeedsHour } from '../machines/rules/validity';
import { ComplaintSession, ComplaintEffects } from './complaint-session';
import { InterruptibleDialog } from './interruptible-dialog';
import { LookupDialog, LookupDeps } from './lookup-dialog';
import { choicesFor, AskEnv } from './field-choices';
import { parseAnswer, ParseEnv } from './parse-answer';
import { fieldLine, renderSummary } from './summary';
import { editTarget } from './edit-target';
import { parseTicketCode, type Command } from './understanding';
import { extractFields, type Extracted } from './understanding/extract';
import { type Vocabulary } from './understanding/vocabulary';
import { faqTopicOf } from './understanding/conversation';
import { commandDuring, readOpening } from './interpret';
import { PREFILL_FIELDS, type Prefill } from '../machines/complaint/types';
import { loadCatalogue } from './understanding/services';

export interface ComplaintDialogDeps {
  state: StatePropertyAccessor<PersistedComplaint | undefined>;
  effects: (ctx: TurnContext) => ComplaintEffects;
  t: (ctx: TurnContext) => TFunction;
  /** The phrasings of the turn's language (see vocabularySource). */
  vocabulary: (ctx: TurnContext) => Vocabulary;
  clock: () => Date;
  procedureConfig: () => ProcedureConfig;
  newComplaintId: () => string;
  denominations: readonly number[];
  serialPattern?: RegExp;
  lookup: LookupDeps['find'];
}

const LOOP = 'complaint.loop';
const PROMPT = 'complaint.answer';
const SESSION = Symbol('complaintSession');
const ANSWER = Symbol('complaintAnswer');
const FOUND = Symbol('complaintFound');
const NOTED = Symbol('complaintNoted');
const NOTED_FIELDS = ['service', 'denomination', 'serial', 'purchasePlace', 'transactionAt', 'phone', 'email'] as const;

/** The session of this turn, for the bot's end-of-turn work (ticket sync, saving, handoff). */
export function turnSession(ctx: TurnContext): ComplaintSession | undefined {
  return ctx.turnState.get(SESSION) as ComplaintSession | undefined;
}

/**
 * Runs the complaint machine's questions: asks the field the machine waits for, parses the answer,
 * re-asks with the specific reason, and turns answers and commands into machine events. The order
 * of questions and every rule live in the machine; this dialog only asks and reads.
 */
export class ComplaintDialog extends InterruptibleDialog {
  static readonly id = 'complaint';

  constructor(private readonly deps: ComplaintDialogDeps) {
    super(ComplaintDialog.id);
    this.addDialog(new WaterfallDialog(LOOP, [this.ask.bind(this), this.answer.bind(this)]));
    this.addDialog(new TextPrompt(PROMPT, this.validate.bind(this)));
    this.addDialog(new LookupDialog({ t: deps.t, find: deps.lookup }));
    this.initialDialogId = LOOP;
  }

  private async session(ctx: TurnContext, fresh = false, greet = true): Promise<ComplaintSession> {
    const cached = ctx.turnState.get(SESSION) as ComplaintSession | undefined;
    if (cached && !fresh) return cached;
    const saved = fresh ? undefined : await this.deps.state.get(ctx);
    const input = () => ({ complaintId: this.deps.newComplaintId(), config: this.deps.procedureConfig() });
    let s = new ComplaintSession(saved, input, { greet });
    // A finished complaint is followed by a new one in the same chat: no second greeting.
    if (s.isDone) s = new ComplaintSession(undefined, input, { greet: false });
    ctx.turnState.set(SESSION, s);
    return s;
  }

  private vocab(ctx: TurnContext): Vocabulary {
    return this.deps.vocabulary(ctx);
  }

  /** Built-in commands always; the operator's phrasings only when the text is not simply the answer asked for. */
  protected override async detect(innerDc: DialogContext, text: string): Promise<Command | null> {
    const s = await this.session(innerDc.context);
    return commandDuring(text, s.askField, this.parseEnv(innerDc.context, s));
  }

  /** What a message says besides the answer to `except`, in the shape the machine takes. */
  private prefillOf(found: Extracted, except: string | undefined, now: Date): Prefill {
    const answers: Record<string, unknown> = {};
    for (const field of PREFILL_FIELDS) {
      if (field === except) continue;
      const value = (found as Record<string, unknown>)[field];
      if (value !== undefined) answers[field] = value;
    }
    // A day without its hour on the boundary day of Article 3 is asked for, not assumed to be noon.
    if (answers.transactionAt && found.hourKnown === false && dayNeedsHour(String(answers.transactionAt), now.toISOString())) delete answers.transactionAt;
    return answers as Prefill;
  }

  private extract(ctx: TurnContext, text: string): Extracted {
    return extractFields(text, {
      now: this.deps.clock(),
      denominations: this.deps.denominations,
      serialPattern: this.deps.serialPattern,
      vocab: this.vocab(ctx),
    });
  }

  /** Sends what the message said ahead of its questions; true when the machine was told anything. */
  private sendPrefill(ctx: TurnContext, s: ComplaintSession, found: Extracted, except: string | undefined): boolean {
    const answers = this.prefillOf(found, except, this.deps.clock());
    if (Object.keys(answers).length === 0 && !found.issuer) return false;
    const before = s.context;
    const fresh = Object.fromEntries(
      Object.entries(answers).filter(([f]) =>
        f === 'situation' ? before.situation === undefined : f === 'isBitCard' ? before.isBitCard === undefined : (before.fields as Record<string, unknown>)[f] === undefined && !(f in (before.prefill ?? {})),
      ),
    );
    s.send({ type: 'PREFILL', answers, issuer: found.issuer, now: this.now() });
    ctx.turnState.set(NOTED, fresh);
    return found.issuer !== undefined || Object.keys(fresh).length > 0;
  }


  /** Says which details of the message were kept for later questions, so the customer knows they were read. */
  private async notePrefill(ctx: TurnContext, s: ComplaintSession): Promise<void> {
    void s;
    // The details this turn's PREFILL added (per turn: the dialog instance serves every conversation).
    const kept = (ctx.turnState.get(NOTED) ?? {}) as Record<string, unknown>;
    ctx.turnState.set(NOTED, {});
    const t = this.deps.t(ctx);
    const lines: string[] = [];
    for (const field of NOTED_FIELDS) {
      const v = kept[field];
      if (v === undefined || v === null) continue;
      lines.push(fieldLine(field, v as never, t));
    }
    if (lines.length) await ctx.sendActivity(t('common:noted', { lines: lines.join('\n') }));
  }

  private async answerFaq(ctx: TurnContext, topic: string): Promise<void> {
    const t = this.deps.t(ctx);
    const games = loadCatalogue().map((e) => e.name).join(', ');
    await ctx.sendActivity(t(`faq:${topic}`, { games }));
  }

  private async offerAfterFaq(ctx: TurnContext): Promise<void> {
    const t = this.deps.t(ctx);
    await ctx.sendActivity(MessageFactory.suggestedActions([t('faq:choices.complain'), t('faq:choices.agent')], t('faq:offer')));
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const ctx = innerDc.context;
    const text = ctx.activity.text ?? '';
    const t = this.deps.t(ctx);
    const code = parseTicketCode(text);
    if (code.ok) return innerDc.beginDialog(LookupDialog.id, { code: code.value });
    const saved = await this.deps.state.get(ctx);
    // The long greeting once per conversation: not when a complaint was already made in it.
    const firstInConversation = saved === undefined;
    const vocab = this.vocab(ctx);

    // Commands work from the very first message; questions and thanks are answered, not taken for a complaint.
    const opening = readOpening(text, { now: this.deps.clock(), denominations: this.deps.denominations, serialPattern: this.deps.serialPattern, vocab });
    if (opening.kind === 'command') {
      switch (opening.command) {
        case 'lookup':
          return innerDc.beginDialog(LookupDialog.id, {});
        case 'cancel':
          await ctx.sendActivity(t('common:nothingToCancel'));
          return innerDc.endDialog();
        case 'agent': {
          const s = await this.session(ctx, true, false);
          s.send({ type: 'ASK_AGENT', now: this.now() });
          return super.onBeginDialog(innerDc, options);
        }
        case 'edit':
          await ctx.sendActivity(t('common:nothingToEdit'));
          await this.session(ctx, true, firstInConversation);
          return super.onBeginDialog(innerDc, options);
        default:
          await this.session(ctx, true, firstInConversation);
          return super.onBeginDialog(innerDc, options);
      }
    }
    if (opening.kind === 'faq') {
      await this.answerFaq(ctx, opening.topic);
      await this.offerAfterFaq(ctx);
      return innerDc.endDialog();
    }
    // After a case: thanks and small talk get a short closing, not a new intake.
    const small = opening.kind === 'smalltalk' ? opening.smalltalk : undefined;
    if (small === 'thanks' || small === 'bye' || (small === 'ack' && !firstInConversation)) {
      await ctx.sendActivity(t(firstInConversation && small === 'thanks' ? 'common:welcome' : 'common:closing'));
      return innerDc.endDialog();
    }
    const found: Extracted = opening.kind === 'complaint' ? { ...opening.found } : {};
    const s0 = await this.session(ctx, true, firstInConversation);
    // The situation menu's own wording, typed as a first message ("Lỗi khác khi nạp").
    if (!found.situation && text) {
      const r = parseAnswer('situation', text, this.parseEnv(ctx, s0));
      if (r.ok) found.situation = r.value as Extracted['situation'];
    }
    const describesProblem = (opening.kind === 'complaint' && opening.describesProblem) || found.situation !== undefined;

    const s = s0;
    // The opening message often already says what happened, and more: every field it holds is kept.
    if (describesProblem && this.sendPrefill(ctx, s, found, undefined)) await this.notePrefill(ctx, s);
    if (found.codeSeen) await ctx.sendActivity(t('reask:serial.looks_like_code'));
    return super.onBeginDialog(innerDc, options);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const s = await this.session(innerDc.context);
    // A snapshot of an older machine cannot be continued: start over from the first question.
    if (s.restarted) return this.restartLoop(innerDc);
    return super.onContinueDialog(innerDc);
  }

  protected async onCommand(innerDc: DialogContext, command: Command, text: string): Promise<DialogTurnResult | undefined> {
    const s = await this.session(innerDc.context);
    const now = this.now();
    switch (command) {
      case 'cancel':
        s.send({ type: 'CANCEL', now });
        return this.restartLoop(innerDc);
      case 'restart':
        s.send({ type: 'RESTART', now, complaintId: this.deps.newComplaintId() });
        return this.restartLoop(innerDc);
      case 'agent':
        s.send({ type: 'ASK_AGENT', now });
        return this.restartLoop(innerDc);
      case 'edit': {
        // Corrections happen at the summary, where every field is shown; before it, say so.
        const field = editTarget(text);
        if (s.askField !== 'confirm') await innerDc.context.sendActivity(this.deps.t(innerDc.context)('common:editLater'));
        else if (field) s.send({ type: 'EDIT', field, now });
        return this.restartLoop(innerDc);
      }
      case 'lookup': {
        const code = parseTicketCode(text);
        return innerDc.beginDialog(LookupDialog.id, { code: code.ok ? code.value : undefined });
      }
      default:
        return undefined;
    }
  }

  private async restartLoop(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(LOOP);
  }

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const ctx = step.context;
    const s = await this.session(ctx);
    const t = this.deps.t(ctx);
    await s.settle(this.deps.effects(ctx), this.deps.clock);
    if (s.restarted) await ctx.sendActivity(t('common:restarted'));
    await s.speak(ctx, t);
    const field = s.askField;
    if (!field || s.isDone || s.isHandedOff) return step.endDialog();
    const prompt = this.promptActivity(field, ctx, s);
    return step.prompt(PROMPT, { prompt, retryPrompt: prompt });
  }

  private askEnv(ctx: TurnContext, s: ComplaintSession): AskEnv {
    const t = this.deps.t(ctx);
    const situation = s.context.situation;
    return {
      t,
      context: s.context,
      denominations: this.deps.denominations,
      // "Other" has nothing to prefill: the free prompt (ask:statusText.promptFree) is asked instead.
      statusPrefill: situation && situation !== 'other' ? t(`ask:statusText.prefill.${situation}`) : '',
    };
  }

  private parseEnv(ctx: TurnContext, s: ComplaintSession): ParseEnv {
    const attachments = (ctx.activity.attachments ?? []).map((a) => a.contentType);
    return {
      ...this.askEnv(ctx, s),
      now: this.deps.clock(),
      serialPattern: this.deps.serialPattern,
      attachments,
      vocab: this.vocab(ctx),
    };
  }

  private promptActivity(field: AskField, ctx: TurnContext, s: ComplaintSession): Partial<Activity> {
    const env = this.askEnv(ctx, s);
    const { t } = env;
    const f = s.context.fields;
    const key = field === 'statusText' && !env.statusPrefill ? 'ask:statusText.promptFree' : `ask:${field}.prompt`;
    const text = t(key, {
      summary: field === 'confirm' ? renderSummary(s.context, t) : '',
      prefill: env.statusPrefill,
      service: f.service?.name ?? '',
      misses: s.context.misses,
    });
    const choices = choicesFor(field, env).map((c) => c.title);
    return choices.length ? MessageFactory.suggestedActions(choices, text) : MessageFactory.text(text);
  }

  private async validate(pc: PromptValidatorContext<string>): Promise<boolean> {
    const ctx = pc.context;
    const s = await this.session(ctx);
    const field = s.askField;
    if (!field) return true;
    const text = ctx.activity.text ?? '';
    const env = this.parseEnv(ctx, s);
    const t = env.t;
    const found = text ? this.extract(ctx, text) : {};
    ctx.turnState.set(FOUND, found);
    if (found.codeSeen && field !== 'serial') await ctx.sendActivity(t('reask:serial.looks_like_code'));
    let r = parseAnswer(field, text, env);
    // At the game question, a message that is really other details ("50k, serial 1000…") is not a game name.
    if (r.ok && field === 'service' && !(r.value as { id?: string }).id && Object.keys(this.prefillOf(found, field, env.now)).length > 0) {
      r = { ok: false, reason: 'not_a_name' };
    }
    // Everything else the message says is kept, whether or not it answered the question.
    const told = this.sendPrefill(ctx, s, found, field);
    if (s.askField !== field) return true;
    if (told) await this.notePrefill(ctx, s);
    if (r.ok) {
      if (field === 'transactionAt' && r.hourKnown === false && dayNeedsHour(String(r.value), env.now.toISOString())) {
        await ctx.sendActivity(t('reask:transactionAt.need_hour'));
        return false;
      }
      ctx.turnState.set(ANSWER, { field, value: r.value });
      return true;
    }
    // A question that is not an answer: the FAQ answers it, then the same question again.
    const topic = faqTopicOf(text, env.vocab!);
    if (topic && !found.situation) {
      await this.answerFaq(ctx, topic);
      return false;
    }
    // Details for other questions were noted: this question is simply asked again, as it was.
    if (told) {
      await ctx.sendActivity(this.promptActivity(field, ctx, s));
      return false;
    }
    const choices = choicesFor(field, env).map((c) => c.title);
    const reason = t([`reask:${field}.${r.reason}`, `reask:generic.${r.reason}`, 'reask:generic.not_understood']);
    await ctx.sendActivity(choices.length ? MessageFactory.suggestedActions(choices, reason) : MessageFactory.text(reason));
    s.send({ type: 'INVALID', field, reason: r.reason, now: env.now.toISOString() });
    // After too many misses the machine offers a person instead of asking again.
    return s.askField !== field;
  }

  private async answer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.session(step.context);
    const a = step.context.turnState.get(ANSWER) as { field: AskField; value: unknown } | undefined;
    if (a && a.field === s.askField) {
      s.send({ type: 'ANSWER', field: a.field, value: a.value, now: this.now() } as ComplaintEvent);
      // "sửa sđt 0987 654 321" at the summary: the new value came with the request.
      const found = step.context.turnState.get(FOUND) as Extracted | undefined;
      const edited = a.field === 'confirm' && typeof a.value === 'string' ? a.value : undefined;
      const value = edited && found ? (found as Record<string, unknown>)[edited] : undefined;
      if (edited && value !== undefined && s.askField === edited) {
        s.send({ type: 'ANSWER', field: edited, value, now: this.now() } as ComplaintEvent);
      }
    }
    return step.replaceDialog(LOOP);
  }
}
