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

/** `hourKnown` is false when a time answer gave only the day (its value is then noon). */
export type ParsedAnswer = { ok: true; value: unknown; hourKnown?: boolean } | { ok: false; reason: string };

export interface ParseEnv extends AskEnv {
  now: Date;
  serialPattern?: RegExp;
  /** Kinds of attachments the message carried (stickers, images): we cannot read those. */
  attachments: string[];
}

const MAX_MESSAGE = 2000;
const isPhoto = (kind: string) => kind.startsWith('image/') && kind !== 'image/sticker';

/** Reads one answer for the field the machine asks; a failure names the specific reason. */
export function parseAnswer(field: AskField, text: string, env: ParseEnv): ParsedAnswer {
  const choices = choicesFor(field, env);
  const chosen = field === 'denomination' ? choices.find((c) => c.title === text.trim()) : matchChoice(text, choices);
  if (chosen) return { ok: true, value: chosen.value };

  // A photo sent at the card-shell question shows the customer still has the shell (Article 3);
  // the agent sees the photo in the case. Words, when there are any, still decide.
  if (field === 'cardShell' && isEmptyOrNoise(text) && env.attachments.some(isPhoto)) return { ok: true, value: true };
  if (isEmptyOrNoise(text)) return { ok: false, reason: env.attachments.length ? 'attachment' : 'empty' };
  if (text.length > MAX_MESSAGE && field !== 'statusText' && field !== 'purchasePlace') {
    return { ok: false, reason: 'too_long_message' };
  }

  switch (field) {
    case 'situation':
      return classifySituation(text);
    case 'isBitCard':
    case 'isOwnAccount':
    case 'cardShell':
    case 'offerAgent':
      return parseYesNo(text);
    case 'denomination':
      return parseDenomination(text, env.denominations);
    case 'serial':
      return env.serialPattern ? parseSerial(text, env.serialPattern) : parseSerial(text);
    case 'phone':
      return parsePhone(text);
    case 'email':
      return parseEmail(text);
    case 'service':
      return findService(text);
    case 'purchasePlace':
      return parsePurchasePlace(text);
    case 'statusText':
      return parseStatusText(text);
    case 'transactionAt':
      return parseTransactionTime(text, env.now.toISOString());
    case 'providerChoice': {
      const yn = parseYesNo(text);
      return { ok: false, reason: yn.ok ? 'pick_one' : 'not_understood' };
    }
    case 'confirm': {
      const yn = parseYesNo(text);
      if (yn.ok && yn.value) return { ok: true, value: true };
      const target: EditableField | undefined = editTarget(text);
      if (target && EDITABLE_FIELDS.includes(target)) return { ok: true, value: target };
      return { ok: false, reason: yn.ok ? 'which_field' : 'not_understood' };
    }
    default:
      return { ok: false, reason: 'not_understood' };
  }
}
