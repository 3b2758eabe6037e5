import { ActivityTypes, AutoSaveStateMiddleware, ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from './dialog-kit';

// Runs one dialog without HTTP or a database, the way botbuilder-testing's DialogTestClient does
// (that package is not a dependency): an in-memory TestAdapter and MemoryStorage, one turn per
// customer message. It lives here, not in test/, because only bot/ and dialogs/ import the SDK.

export interface DialogTestClientOptions {
  /** Given to beginDialog on the first turn (e.g. a ticket code already typed). */
  options?: object;
  /** The customer's locale on every message, e.g. 'vi-VN' or 'en-US'. */
  locale?: string;
}

export class DialogTestClient {
  private readonly adapter: TestAdapter;
  /** The status of the dialog after the last turn (`complete` once it has ended). */
  status: DialogTurnStatus | undefined;

  constructor(dialog: Dialog, { options, locale = 'vi-VN' }: DialogTestClientOptions = {}) {
    const state = new ConversationState(new MemoryStorage());
    const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState'));
    dialogs.add(dialog);
    this.adapter = new TestAdapter(async (ctx) => {
      const dc = await dialogs.createContext(ctx);
      let result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) result = await dc.beginDialog(dialog.id, options);
      this.status = result.status;
    });
    this.adapter.locale = locale;
    this.adapter.use(new AutoSaveStateMiddleware(state));
  }

  /** Sends one message; resolves with the texts of the bot's replies in that turn. */
  async send(text: string): Promise<string[]> {
    await this.adapter.receiveActivity({ type: ActivityTypes.Message, text, locale: this.adapter.locale });
    const replies: Partial<Activity>[] = [];
    while (this.adapter.activeQueue.length) replies.push(this.adapter.activeQueue.shift()!);
    return replies.filter((a) => a.type === ActivityTypes.Message).map((a) => a.text ?? '');
  }
}
