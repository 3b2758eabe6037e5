import { MessageFactory, StatePropertyAccessor, TurnContext, Activity } from 'botbuilder';
import {
  DialogContext,
  DialogTurnResult,
  PromptValidatorContext,
  TextPrompt,
  WaterfallDialog,
  WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { TFunction } from 'i18next';
import type { PersistedComplaint } from '../machines/complaint/persistence';
import type { AskField, ComplaintEvent, ProcedureConfig } from '../machines/complaint/types';
import { isWithinComplaintWindow } from '../machines/rules/validity';
import { ComplaintSession, ComplaintEffects } from './complaint-session';
import { InterruptibleDialog } from './interruptible-dialog';
import { LookupDialog, LookupDeps } from './lookup-dialog';
import { choicesFor, AskEnv } from './field-choices';
import { parseAnswer, ParseEnv } from './parse-answer';
import { renderSummary } from './summary';
import { editTarget } from './edit-target';
import { parseTicketCode, type Command } from './understanding';

export interface ComplaintDialogDeps {
  state: StatePropertyAccessor<PersistedComplaint | undefined>;
  effects: (ctx: TurnContext) => ComplaintEffects;
  t: (ctx: TurnContext) => TFunction;
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

  private async session(ctx: TurnContext, fresh = false): Promise<ComplaintSession> {
    const cached = ctx.turnState.get(SESSION) as ComplaintSession | undefined;
    if (cached && !fresh) return cached;
    const saved = fresh ? undefined : await this.deps.state.get(ctx);
    let s = new ComplaintSession(saved, () => ({ complaintId: this.deps.newComplaintId(), config: this.deps.procedureConfig() }));
    if (s.isDone) s = new ComplaintSession(undefined, () => ({ complaintId: this.deps.newComplaintId(), config: this.deps.procedureConfig() }));
    ctx.turnState.set(SESSION, s);
    return s;
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const text = innerDc.context.activity.text ?? '';
    const code = parseTicketCode(text);
    if (code.ok) return innerDc.beginDialog(LookupDialog.id, { code: code.value });
    const s = await this.session(innerDc.context, true);
    // The opening message often already says what happened ("nạp thành công mà không thấy tiền").
    if (s.askField === 'situation' && text) {
      const r = parseAnswer('situation', text, this.parseEnv(innerDc.context, s));
      if (r.ok) s.send({ type: 'ANSWER', field: 'situation', value: r.value as never, now: this.now() });
    }
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
    return { ...this.askEnv(ctx, s), now: this.deps.clock(), serialPattern: this.deps.serialPattern, attachments };
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
    const r = parseAnswer(field, text, env);
    if (r.ok) {
      if (field === 'transactionAt' && r.hourKnown === false && this.needsHour(String(r.value), env.now)) {
        await ctx.sendActivity(t('reask:transactionAt.need_hour'));
        return false;
      }
      ctx.turnState.set(ANSWER, { field, value: r.value });
      return true;
    }
    await ctx.sendActivity(
      t([`reask:${field}.${r.reason}`, `reask:generic.${r.reason}`, 'reask:generic.not_understood']),
    );
    s.send({ type: 'INVALID', field, reason: r.reason, now: env.now.toISOString() });
    // After too many misses the machine offers a person instead of asking again.
    return s.askField !== field;
  }

  /** A day without an hour is enough unless that day straddles the one-month limit. */
  private needsHour(value: string, now: Date): boolean {
    const noon = new Date(value).getTime();
    const dayStart = new Date(noon - 12 * 3600_000).toISOString();
    const dayEnd = new Date(noon + 12 * 3600_000 - 60_000).toISOString();
    return isWithinComplaintWindow(dayStart, now.toISOString()) !== isWithinComplaintWindow(dayEnd, now.toISOString());
  }

  private async answer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.session(step.context);
    const a = step.context.turnState.get(ANSWER) as { field: AskField; value: unknown } | undefined;
    if (a && a.field === s.askField) {
      s.send({ type: 'ANSWER', field: a.field, value: a.value, now: this.now() } as ComplaintEvent);
    }
    return step.replaceDialog(LOOP);
  }
}
