// What a message means before any dialog acts on it: the one place that decides whether an
// opening message is a command, an FAQ question, small talk or a complaint, and whether a message
// during a question is a command or the answer. The dialogs act on it; the evaluation corpus
// (npm run eval:nlu) measures exactly this.

import type { AskField } from '../machines/complaint/types';
import { PREFILL_FIELDS } from '../machines/complaint/types';
import { detectCommand, type Command } from './understanding/commands';
import { faqTopicOf, smalltalkOf } from './understanding/conversation';
import { extractFields, type Extracted } from './understanding/extract';
import type { FaqTopic, SmalltalkKind, Vocabulary } from './understanding/vocabulary';
import { parseAnswer, type ParseEnv } from './parse-answer';

export type Opening =
  | { kind: 'command'; command: Command }
  | { kind: 'faq'; topic: FaqTopic }
  | { kind: 'smalltalk'; smalltalk: SmalltalkKind }
  | { kind: 'complaint'; found: Extracted; describesProblem: boolean };

export interface InterpretEnv {
  now: Date;
  denominations: readonly number[];
  serialPattern?: RegExp;
  vocab: Vocabulary;
}

export function extractAll(text: string, env: InterpretEnv): Extracted {
  return extractFields(text, env);
}

/** The first message of a conversation (or after a case): commands first, then questions, small talk, a complaint. */
export function readOpening(text: string, env: InterpretEnv): Opening {
  const command = text ? detectCommand(text, env.vocab) : null;
  if (command) return { kind: 'command', command };
  const found = text ? extractAll(text, env) : {};
  const describesProblem =
    found.situation !== undefined ||
    found.issuer !== undefined ||
    PREFILL_FIELDS.some((f) => f !== 'isBitCard' && (found as Record<string, unknown>)[f] !== undefined);
  if (text && (!found.situation || found.situation === 'other') && !found.issuer) {
    const topic = faqTopicOf(text, env.vocab);
    if (topic) return { kind: 'faq', topic };
  }
  const small = text && !describesProblem ? smalltalkOf(text, env.vocab) : undefined;
  if (small) return { kind: 'smalltalk', smalltalk: small };
  return { kind: 'complaint', found, describesProblem };
}

/**
 * A command typed while a question is asked. The built-in phrases always count; the operator's
 * looser phrasings only when the text is not simply a valid answer to the question ("thôi" at the
 * e-mail question is skipping it, not cancelling).
 */
export function commandDuring(text: string, field: AskField | undefined, env: ParseEnv): Command | null {
  const builtIn = detectCommand(text);
  if (builtIn) return builtIn;
  if (!env.vocab) return null;
  const command = detectCommand(text, env.vocab);
  if (!command) return null;
  if (field && field !== 'situation' && field !== 'offerAgent' && parseAnswer(field, text, env).ok) return null;
  return command;
}
