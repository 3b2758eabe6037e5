// The parts of botbuilder-dialogs this bot uses, each from its own file. The package's index also
// loads its prompts for numbers, dates, choices and yes/no, and with them Microsoft's recognizers
// for every culture (date-time, choice, the whole suite): about 15 MB of heap and 36 MB of
// resident memory (measured on Node 24) for code nothing here runs, since the bot reads Vietnamese
// answers itself (dialogs/understanding). TextPrompt's base still loads the number recognizer.
// test/foundation/dialog-kit.test.ts fails if a running bot loads the others again.
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, DialogTurnStatus, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
export { DialogContext, type DialogState } from 'botbuilder-dialogs/lib/dialogContext';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { TextPrompt } from 'botbuilder-dialogs/lib/prompts/textPrompt';
export type { PromptValidatorContext } from 'botbuilder-dialogs/lib/prompts/prompt';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export { WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext';
