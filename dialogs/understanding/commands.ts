// Commands can be typed at any point of the conversation, so they must not fire on a word that
// happens to sit inside an answer ("thẻ bị hủy kích hoạt", "đã sửa serial mà vẫn lỗi"). A command
// is either a short message made only of a command phrase and filler, or a message that opens with
// an imperative phrase.

import { hasPhrase, toWords } from './normalize';
import { coreTokens, findPhrase, isNegated, longestHit, type Phrase } from './phrases';
import { Fail, Ok, fail, ok } from './result';

export const COMMANDS = ['cancel', 'edit', 'restart', 'agent', 'lookup'] as const;
export type Command = (typeof COMMANDS)[number];

const PHRASES: Record<Command, string[]> = {
  cancel: ['huy bo', 'huy', 'cancel', 'stop'],
  edit: ['chinh sua', 'sua lai', 'sua', 'chinh lai', 'edit'],
  restart: ['bat dau lai', 'lam lai tu dau', 'lam lai', 'tu dau', 'restart', 'reset', 'khieu nai lai tu dau'],
  agent: [
    'gap nhan vien',
    'nhan vien',
    'tu van vien',
    'nguoi that',
    'gap nguoi',
    'noi chuyen voi nguoi',
    'tong dai vien',
    'cham soc khach hang',
    'cskh',
    'gap admin',
    'agent',
    'human',
  ],
  lookup: ['tra cuu', 'kiem tra khieu nai', 'kiem tra don', 'xem khieu nai', 'tinh trang khieu nai', 'lookup'],
};

// Openings that carry the intent even when a longer explanation follows.
const IMPERATIVE_OPENINGS: Record<Command, string[]> = {
  cancel: ['huy bo', 'huy di', 'huy khieu nai', 'thoi huy', 'cancel', 'em muon huy', 'toi muon huy', 'minh muon huy'],
  edit: ['sua lai', 'chinh sua', 'cho em sua', 'cho minh sua', 'cho toi sua', 'em muon sua', 'toi muon sua', 'minh muon sua', 'sua thong tin'],
  restart: ['bat dau lai', 'lam lai tu dau', 'restart', 'cho em lam lai', 'cho minh lam lai', 'cho toi lam lai'],
  agent: [
    'gap nhan vien',
    'cho em gap',
    'cho minh gap',
    'cho toi gap',
    'em muon gap',
    'toi muon gap',
    'minh muon gap',
    'noi chuyen voi nguoi',
    'cho em noi chuyen voi',
    'cho toi noi chuyen voi',
  ],
  lookup: ['tra cuu', 'kiem tra khieu nai', 'kiem tra don', 'xem khieu nai'],
};

const FILLER = new Set(
  (
    'thoi di a anh em minh toi ban ad admin shop oi nhe nha nhen voi cho muon can xin vui long giup ' +
    'luon lai ngay di nay nao dau vay roi ok lam on gap hay duoc khong ak ah bot oi ' +
    'khieu nai don yeu cau ticket phieu cuoc tro chuyen nay het tat ca ca'
  ).split(' '),
);
// "khong", "dung" (đừng) and "chua" turn the command around: "không hủy nữa", "đừng hủy".
const NEGATIONS = ['khong', 'dung', 'chua'];
// Corrections usually name the field: "sửa số điện thoại", "sửa serial".
const FIELD_WORDS = new Set(
  'serial seri so dien thoai sdt menh gia thoi gian gio ngay email mail dich vu game cho mua dia chi noi tinh trang thong tin phone'.split(' '),
);
const TICKET_CODE = /\bkn\s*[-_.\s]?\s*(\d{4})\s*[-_.\s]?\s*(\d{4,})\b/i;

function isOnlyFiller(rest: string[], command: Command): boolean {
  return rest.every((w) => FILLER.has(w) || (command === 'edit' && FIELD_WORDS.has(w)));
}

function removeFirst(words: string, phrase: string): string[] {
  return ` ${words} `.replace(` ${phrase} `, ' ').trim().split(' ').filter(Boolean);
}

/** The operator's phrasings (vocabulary.json) for commands, compiled. */
export interface CommandVocabulary {
  commands: Record<Command, Phrase[]>;
  agentNouns: Phrase[];
  agentVerbs: Phrase[];
}

const MAX_REQUEST_TOKENS = 16;

/** "không cần gặp nhân viên đâu", "chưa muốn hủy": a negation two words or less before the request. */
function negatedBefore(tokens: readonly string[], at: number): boolean {
  return ['khong', 'chua', 'cha'].some((n) => clauseBefore(tokens, at).slice(-2).includes(n));
}

const CLAUSE = '|';

/** The words of the same clause before position `at`. */
function clauseBefore(tokens: readonly string[], at: number): readonly string[] {
  const before = tokens.slice(0, at);
  const cut = before.lastIndexOf(CLAUSE);
  return cut >= 0 ? before.slice(cut + 1) : before;
}
const MAX_CONTAINED_TOKENS = 14;
const MAX_PHRASED_TOKENS = 40;

/**
 * Commands said the way customers say them, from the vocabulary: the whole message is a phrasing
 * (politeness aside), a long phrasing sits in a short message, or a request verb is followed by
 * a word for a person ("mình muốn nói chuyện với nhân viên tư vấn được không").
 */
function vocabularyCommand(text: string, vocab: CommandVocabulary): Command | null {
  // Clauses are kept apart ("bot ko hiểu, gặp nhân viên đi"): a negation does not reach across a comma.
  const tokens = text
    .split(/[,.;!?\n]+/)
    .map((part) => toWords(part).replace(TICKET_CODE, ' ').trim())
    .filter(Boolean)
    .join(` ${CLAUSE} `)
    .split(' ')
    .filter(Boolean);
  // Past this, no phrasing can be the whole message and the shorter checks below do not apply.
  if (tokens.length === 0 || tokens.length > MAX_PHRASED_TOKENS) return null;
  for (const command of COMMANDS) {
    for (const phrase of vocab.commands[command]) {
      const keep = new Set(phrase);
      const core = coreTokens(tokens, keep).filter((w) => w !== CLAUSE && (!FILLER.has(w) || keep.has(w)));
      const rest = core.length - phrase.length;
      const extraOk = rest === 0 || (command === 'edit' && core.every((w) => keep.has(w) || FIELD_WORDS.has(w)));
      const at = findPhrase(tokens, phrase);
      // "không cần gặp nhân viên đâu": a negated request is not the command.
      const negated = at > 0 && ['khong', 'chua', 'cha'].some((n) => clauseBefore(tokens, at).includes(n));
      if (extraOk && findPhrase(core, phrase) >= 0 && !negated) return command;
    }
  }
  if (tokens.length <= MAX_CONTAINED_TOKENS) {
    for (const command of COMMANDS) {
      if (command === 'edit') continue;
      const hit = longestHit(tokens, vocab.commands[command].filter((p) => p.length >= 3));
      if (hit && !isNegated(tokens, hit) && !negatedBefore(tokens, hit.index)) return command;
    }
  }
  if (tokens.length <= MAX_REQUEST_TOKENS) {
    const noun = longestHit(tokens, vocab.agentNouns);
    if (noun && !isNegated(tokens, noun)) {
      const before = tokens.slice(0, noun.index);
      const verb = longestHit(before, vocab.agentVerbs);
      // "không cần gặp nhân viên": a negation up to two words before the verb.
      const negatedVerb = verb && negatedBefore(before, verb.index);
      if (verb && !isNegated(before, verb) && !negatedVerb) return 'agent';
    }
  }
  return null;
}

// A command is a short request or opens the message ("hủy, …"): its start is enough, and the
// phrase search below is linear but costly per word.
const MAX_COMMAND_TEXT = 500;

export function detectCommand(text: string, vocab?: CommandVocabulary): Command | null {
  const head = text.slice(0, MAX_COMMAND_TEXT);
  const found = builtInCommand(head);
  if (found || !vocab) return found;
  return vocabularyCommand(head, vocab);
}

function builtInCommand(text: string): Command | null {
  const all = toWords(text);
  const words = all.replace(TICKET_CODE, ' ').replace(/\s+/g, ' ').trim();
  for (const command of COMMANDS) {
    if (IMPERATIVE_OPENINGS[command].some((p) => words === p || words.startsWith(`${p} `))) return command;
  }
  const count = words === '' ? 0 : words.split(' ').length;
  if (count > 6) return null;
  if (NEGATIONS.some((n) => hasPhrase(words, n))) return null;
  for (const command of COMMANDS) {
    for (const phrase of PHRASES[command]) {
      if (hasPhrase(words, phrase) && isOnlyFiller(removeFirst(words, phrase), command)) return command;
    }
  }
  // A ticket code in a short message is a request to look it up, whatever words surround it.
  return TICKET_CODE.test(all) ? 'lookup' : null;
}

export const TICKET_CODE_REASONS = ['not_a_ticket_code'] as const;
export type TicketCodeReason = (typeof TICKET_CODE_REASONS)[number];

/** Canonical `KN-DDMM-NNNN` from "kn 2611 0042", "KN26110042", "tra cứu KN-2611-0042". */
export function parseTicketCode(text: string): Ok<string> | Fail<TicketCodeReason> {
  const match = TICKET_CODE.exec(toWords(text));
  if (!match) return fail('not_a_ticket_code');
  return ok(`KN-${match[1]}-${match[2]}`);
}
