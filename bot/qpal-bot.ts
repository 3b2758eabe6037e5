import { ActivityHandler, ConversationState, UserState, TurnContext } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { Logger } from './logging/logger';

export interface BotDeps {
  conversationState: ConversationState;
  userState: UserState;
  i18n: I18n;
  log: Logger;
}

export class QpalBot extends ActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    const greeted = deps.conversationState.createProperty<boolean>('greeted');
    this.onMessage(async (context, next) => {
      if (!(await greeted.get(context, false))) {
        await context.sendActivity(deps.i18n.t('common:greeting'));
        await greeted.set(context, true);
      } else {
        await context.sendActivity(deps.i18n.t('common:greeting'));
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }
}
