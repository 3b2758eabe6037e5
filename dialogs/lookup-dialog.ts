import { ComponentDialog, TextPrompt, WaterfallDialog, WaterfallStepContext, PromptValidatorContext } from './dialog-kit';
import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import { parsePhone, parseTicketCode } from './understanding';

export interface TicketSummary {
  code: string;
  status: string;
  resolution?: string;
  deadline?: Date;
}

export interface LookupDeps {
  t: (ctx: TurnContext) => TFunction;
  find(code: string, phone: string): Promise<TicketSummary | null>;
}

const LOOP = 'lookup.steps';
const CODE = 'lookup.code';
const PHONE = 'lookup.phone';

/**
 * "tra cứu KN-2611-0042": the ticket's phone number is asked before anything is told, and a wrong
 * code or phone gets the same answer, so nothing is revealed about tickets of other customers.
 */
export class LookupDialog extends ComponentDialog {
  static readonly id = 'lookup';

  constructor(private readonly deps: LookupDeps) {
    super(LookupDialog.id);
    this.addDialog(
      new WaterfallDialog(LOOP, [this.askCode.bind(this), this.askPhone.bind(this), this.answer.bind(this)]),
    );
    this.addDialog(new TextPrompt(CODE, this.validate(CODE)));
    this.addDialog(new TextPrompt(PHONE, this.validate(PHONE)));
    this.initialDialogId = LOOP;
  }

  private validate(which: string) {
    return async (pc: PromptValidatorContext<string>): Promise<boolean> => {
      const r = which === CODE ? parseTicketCode(pc.recognized.value ?? '') : parsePhone(pc.recognized.value ?? '');
      if (r.ok) return true;
      await pc.context.sendActivity(this.deps.t(pc.context)(which === CODE ? 'lookup:badCode' : 'lookup:badPhone'));
      return pc.attemptCount < 3 ? false : true;
    };
  }

  private async askCode(step: WaterfallStepContext<{ code?: string }>) {
    const code = step.options?.code;
    if (code) return step.next(code);
    const t = this.deps.t(step.context);
    return step.prompt(CODE, { prompt: t('lookup:askCode'), retryPrompt: t('lookup:askCode') });
  }

  private async askPhone(step: WaterfallStepContext) {
    const code = parseTicketCode(String(step.result ?? ''));
    if (!code.ok) return step.endDialog();
    (step.values as { code?: string }).code = code.value;
    const t = this.deps.t(step.context);
    return step.prompt(PHONE, { prompt: t('lookup:askPhone', { code: code.value }), retryPrompt: t('lookup:askPhone', { code: code.value }) });
  }

  private async answer(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    const phone = parsePhone(String(step.result ?? ''));
    const { code } = step.values as { code: string };
    const ticket = phone.ok ? await this.deps.find(code, phone.value) : null;
    if (!ticket) {
      await step.context.sendActivity(t('lookup:notFound', { code }));
    } else {
      const deadline = ticket.deadline ? ticket.deadline.toISOString() : undefined;
      await step.context.sendActivity(
        t(`lookup:status.${ticket.status}`, {
          code: ticket.code,
          deadline,
          resolution: ticket.resolution ? t(`lookup:resolution.${ticket.resolution}`) : '',
        }),
      );
    }
    return step.endDialog();
  }
}
