import type { AskField, EditableField } from '../machines/complaint/types';
import { EDITABLE_FIELDS } from '../machines/complaint/types';
import {
  classifySituation,
  parseYesNo,
  parseDenomination,
  parseSerial,
  parsePhone,
  parseEmail,
  findService,
  parsePurchasePlace,
  parseStatusText,
  parseTransactionTime,
  isEmptyOrNoise,
} from './understanding';
import { choicesFor, matchChoice, AskEnv } from './field-choices';
import { editTarget } from './edit-target';
import { situationOf } from './understanding/extract';
import { compilePhrases, isNegated, isWholeMessage, longestHit, tokensOf } from './understanding/phrases';
import { defaultVocabulary, type Vocabulary } from './understanding/vocabulary';

/** `hourKnown` is false when a time answer gave only the day (its value is then noon). */
export type ParsedAnswer = { ok: true; value: unknown; hourKnown?: boolean } | { ok: false; reason: string };

export interface ParseEnv extends AskEnv {
  now: Date;
  serialPattern?: RegExp;
  /** Kinds of attachments the message carried (stickers, images): we cannot read those. */
  attachments: string[];
  /** The phrasings in use (vocabulary.json); the shipped ones when absent. */
  vocab?: Vocabulary;
}

/** One letter or one symbol is a slip of the keyboard, never an answer ("ữ", "ú", "k"). */
function isLoneCharacter(text: string): boolean {
  const letters = text.normalize('NFC').match(/[\p{L}\p{N}]/gu) ?? [];
  return letters.length <= 1 && !/^\s*\d\s*$/.test(text);
}

/**
 * Branch A's choice in free text: phrasings of either way (the question's own words included),
 * the one not negated; both at once, or neither, is asked again rather than guessed.
 */
function providerChoiceOf(text: string, env: ParseEnv, vocab: Vocabulary): ParsedAnswer {
  const tokens = tokensOf(text);
  const titles = choicesFor('providerChoice', env);
  const score = (phrases: ReturnType<typeof compilePhrases>): number => {
    const hit = longestHit(tokens, phrases);
    return hit && !isNegated(tokens, hit) ? hit.length : 0;
  };
  const call = score([...vocab.answers.providerCall, ...compilePhrases(titles[0]?.title)]);
  const investigate = score([...vocab.answers.providerInvestigate, ...compilePhrases(titles[1]?.title)]);
  if (call > investigate) return { ok: true, value: 'call' };
  if (investigate > call) return { ok: true, value: 'investigate' };
  if (call > 0) return { ok: false, reason: 'both' };
  const yn = parseYesNo(text);
  return { ok: false, reason: yn.ok ? 'pick_one' : 'not_understood' };
}

function confirmOf(text: string, vocab: Vocabulary): ParsedAnswer {
  const target: EditableField | undefined = editTarget(text);
  const tokens = tokensOf(text);
  const wantsEdit = target !== undefined && /\b(sua|doi|chinh|sai|nham|lai)\b/.test(tokens.join(' '));
  if (target && EDITABLE_FIELDS.includes(target) && (wantsEdit || tokens.length <= 3)) return { ok: true, value: target };
  const yn = parseYesNo(text);
  if (yn.ok && yn.value) return { ok: true, value: true };
  const hit = longestHit(tokens, vocab.answers.confirmOk);
  if ((isWholeMessage(tokens, vocab.answers.confirmOk) || (hit && hit.index === 0)) && !(hit && isNegated(tokens, hit))) {
    return { ok: true, value: true };
  }
  if (target && EDITABLE_FIELDS.includes(target)) return { ok: true, value: target };
  return { ok: false, reason: yn.ok ? 'which_field' : 'not_understood' };
}

// A short answer does not need 2,000 characters: past these caps the customer is asked to answer
// shortly before any parser reads the text. Descriptions keep their own caps in their parsers.
const MAX_MESSAGE = 2000;
const MAX_SHORT_ANSWER = 500;
function answerCap(field: AskField): number {
  if (field === 'statusText' || field === 'purchasePlace') return Infinity;
  return field === 'situation' ? MAX_MESSAGE : MAX_SHORT_ANSWER;
}
const isPhoto = (kind: string) => kind.startsWith('image/') && kind !== 'image/sticker';

/** Reads one answer for the field the machine asks; a failure names the specific reason. */
export function parseAnswer(field: AskField, text: string, env: ParseEnv): ParsedAnswer {
  const choices = choicesFor(field, env);
  const chosen = field === 'denomination' ? choices.find((c) => c.title === text.trim()) : matchChoice(text, choices);
  if (chosen) return { ok: true, value: chosen.value };
  const vocab = env.vocab ?? defaultVocabulary();

  // A photo sent at the card-shell question shows the customer still has the shell (Article 3);
  // the agent sees the photo in the case. Words, when there are any, still decide.
  if (field === 'cardShell' && isEmptyOrNoise(text) && env.attachments.some(isPhoto)) return { ok: true, value: true };
  if (isEmptyOrNoise(text)) return { ok: false, reason: env.attachments.length ? 'attachment' : 'empty' };
  if (text.length > answerCap(field)) {
    return { ok: false, reason: 'too_long_message' };
  }

  switch (field) {
    case 'situation': {
      const situation = situationOf(text, vocab);
      return situation ? { ok: true, value: situation } : classifySituation(text);
    }
    case 'isBitCard':
    case 'isOwnAccount':
    case 'cardShell':
    case 'offerAgent':
      if (isLoneCharacter(text)) return { ok: false, reason: 'not_yes_no' };
      return parseYesNo(text);
    case 'denomination':
      return parseDenomination(text, env.denominations);
    case 'serial':
      return env.serialPattern ? parseSerial(text, env.serialPattern) : parseSerial(text);
    case 'phone':
      return parsePhone(text);
    case 'email': {
      const r = parseEmail(text);
      if (!r.ok && !text.includes('@') && isWholeMessage(tokensOf(text), vocab.answers.emailSkip)) return { ok: true, value: null };
      return r;
    }
    case 'service':
      return findService(text);
    case 'purchasePlace':
      return parsePurchasePlace(text);
    case 'statusText': {
      if (isLoneCharacter(text)) return { ok: false, reason: 'empty' };
      // "đúng vậy", "như trên", "không có gì thêm": the prefilled text stays as it is.
      if (env.statusPrefill && isWholeMessage(tokensOf(text), vocab.answers.statusKeep)) return { ok: true, value: env.statusPrefill };
      const r = parseStatusText(text);
      if (!r.ok || !env.statusPrefill || isLoneCharacter(text)) return isLoneCharacter(text) ? { ok: false, reason: 'empty' } : r;
      // A description adds to what the situation already says.
      return parseStatusText(`${env.statusPrefill}. ${r.value}`);
    }
    case 'transactionAt':
      return parseTransactionTime(text, env.now.toISOString());
    case 'providerChoice':
      return providerChoiceOf(text, env, vocab);
    case 'confirm':
      if (isLoneCharacter(text)) return { ok: false, reason: 'not_understood' };
      return confirmOf(text, vocab);
    default:
      return { ok: false, reason: 'not_understood' };
  }
}
