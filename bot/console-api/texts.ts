import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fold } from '../../machines/text/fold';
import { formatVnDateTime as formatVnTime } from '../../machines/rules/vn-time';

// Every sentence an agent reads lives in locales/<lng>/console.json. The files are read again when
// they change on disk, so a wording fix shows at the next page load without a restart.
const LOCALES = path.resolve(__dirname, '..', '..', 'locales');
export const CONSOLE_LANGUAGES = ['vi', 'en'] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];

type Texts = Record<string, unknown>;
const cache = new Map<string, { mtimeMs: number; texts: Texts }>();

function readJson(lng: ConsoleLanguage, ns: string): Texts {
  const file = path.join(LOCALES, lng, `${ns}.json`);
  let mtimeMs = -1;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return {};
  }
  const key = `${lng}/${ns}`;
  const hit = cache.get(key);
  if (hit && hit.mtimeMs === mtimeMs) return hit.texts;
  let texts: Texts = hit?.texts ?? {};
  try {
    texts = JSON.parse(readFileSync(file, 'utf8')) as Texts;
  } catch {
    // A half-saved edit: keep serving the last good copy (the locale checker reports the file).
  }
  cache.set(key, { mtimeMs, texts });
  return texts;
}

/** Where texts come from: the bot's live, validated locale set when given, else the files. */
export type TextSource = (lng: ConsoleLanguage, ns: string) => Record<string, unknown> | undefined;

export const fileTexts: TextSource = (lng, ns) => readJson(lng, ns);

export function asLanguage(value: unknown): ConsoleLanguage {
  return CONSOLE_LANGUAGES.includes(value as ConsoleLanguage) ? (value as ConsoleLanguage) : 'vi';
}

export function lookup(texts: Texts | undefined, key: string): unknown {
  return key.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Texts)[k] : undefined), texts);
}

/** `{{name}}` placeholders, as i18next writes them (no formats needed for console texts). */
export function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in vars ? vars[name] : m));
}

/** The ticket status text the bot would pre-fill for a situation (ask:statusText.prefill.*). */
export function statusPrefill(source: TextSource, situation: string): string | undefined {
  const v = lookup(source('vi', 'ask'), `statusText.prefill.${situation}`);
  return typeof v === 'string' ? v : undefined;
}

/** "10:00 30/11/2026" in Vietnam time, as the bot writes deadlines to customers. */
export function formatVnDateTime(d: Date): string {
  return formatVnTime(d.getTime());
}

export interface CannedReply {
  id: string;
  title: string;
  text: string;
}

// Display names that name nobody (a channel's or our test client's default, a bare id): the
// customer is then addressed as "Quý khách", never "Chào Khách".
const GENERIC_NAMES = new Set(['khach', 'khach hang', 'user', 'customer', 'guest', 'nguoi dung', 'facebook user', 'zalo user', 'nguoi dung zalo', 'nguoi dung facebook']);
export function isGenericName(name: string): boolean {
  const folded = fold(name).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();
  return !folded || GENERIC_NAMES.has(folded) || /^[\d ]+$/.test(folded) || /^(user|khach)[ -]?\d+$/.test(folded);
}

/**
 * The canned replies of locales/<lng>/console.json (`canned.<id>.title/text`) with the case's
 * values filled in: {{ticketCode}}, {{deadline}}, {{customerName}}.
 */
export function cannedReplies(
  source: TextSource,
  lng: ConsoleLanguage,
  vars: { ticketCode: string; deadline?: Date; customerName?: string },
): CannedReply[] {
  const texts = source(lng, 'console');
  const canned = lookup(texts, 'canned');
  if (!canned || typeof canned !== 'object') return [];
  const noDeadline = lookup(texts, 'cannedValues.noDeadline');
  const someone = lookup(texts, 'cannedValues.customer');
  const values = {
    ticketCode: vars.ticketCode,
    deadline: vars.deadline ? formatVnDateTime(vars.deadline) : typeof noDeadline === 'string' ? noDeadline : '',
    customerName: (vars.customerName && !isGenericName(vars.customerName) ? vars.customerName.trim() : '') || (typeof someone === 'string' ? someone : ''),
  };
  const out: CannedReply[] = [];
  for (const [id, entry] of Object.entries(canned as Record<string, unknown>)) {
    const e = entry as { title?: unknown; text?: unknown };
    if (typeof e?.title === 'string' && typeof e.text === 'string') {
      out.push({ id, title: e.title, text: interpolate(e.text, values) });
    }
  }
  return out;
}
