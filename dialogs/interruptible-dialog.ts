import { ComponentDialog, DialogContext, DialogTurnResult } from './dialog-kit';
import { detectCommand, type Command } from './understanding';

/**
 * Base for dialogs where "hủy", "sửa", "bắt đầu lại", "gặp nhân viên" and "tra cứu" work at any
 * point (Bot Framework samples' CancelAndHelpDialog pattern). The first message of a dialog is
 * read by the dialog's own onBeginDialog, which must check commands too.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected abstract onCommand(innerDc: DialogContext, command: Command, text: string): Promise<DialogTurnResult | undefined>;

  /** The command a message is, if any; subclasses may add their own phrasings. */
  protected async detect(_innerDc: DialogContext, text: string): Promise<Command | null> {
    return detectCommand(text);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const text = innerDc.context.activity.text ?? '';
    const command = text ? await this.detect(innerDc, text) : null;
    if (command) {
      const handled = await this.onCommand(innerDc, command, text);
      if (handled) return handled;
    }
    return super.onContinueDialog(innerDc);
  }
}
