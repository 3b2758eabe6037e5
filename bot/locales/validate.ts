// The one place that decides whether a set of locale files may be used: shared by
// `npm run locales:check` (scripts/locales-check.ts) and the live reload (bot/locales/i18n.ts).
//
// A problem names the file (`vi/ask.json`), the key inside it (`confirm.choices.ok`, `*` for the
// whole file) and the reason, in Vietnamese for the admins who edit the files. Given the last good
// set, `checkLocales` also says which version of each file to use: the new one when the file has no
// problem, else the last good one (per file, so one broken file does not hold back other edits).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  KNOWN_FORMATS,
  LANGUAGES,
  REFERENCE_LANGUAGE,
  newI18nInstance,
  type LocaleResources,
} from './instance';
import {
  MESSAGE_MAX,
  NOT_CHAT_NAMESPACES,
  QUICK_REPLY_MAX,
  catalogueNamespaces,
  isQuickReplyKey,
  mandatoryKeys,
  specFor,
} from './catalogue';
import { fold } from '../../machines/text/fold';

export type ProblemCode =
  | 'invalid_json'
  | 'not_an_object'
  | 'not_text'
  | 'bad_file_name'
  | 'file_missing'
  | 'file_removed'
  | 'key_missing'
  | 'key_removed'
  | 'key_not_in_other_language'
  | 'placeholder_removed'
  | 'placeholder_unknown'
  | 'placeholder_malformed'
  | 'placeholder_mismatch'
  | 'format_unknown'
  | 'quick_reply_too_long'
  | 'quick_reply_duplicate'
  | 'too_long'
  | 'empty'
  | 'html'
  | 'nesting'
  | 'held';

export interface LocaleProblem {
  /** Relative to the locales directory, e.g. `vi/ask.json`. */
  file: string;
  /** Key inside the file (`confirm.choices.ok`); `*` when the whole file is concerned. */
  key: string;
  code: ProblemCode;
  reason: string;
}

/** One file as read from disk: its JSON, or why it cannot be used. */
export interface LocaleFile {
  lng: string;
  ns: string;
  /** `vi/ask.json` */
  file: string;
  data?: Record<string, unknown>;
  /** Set when the file cannot be read as a JSON object. */
  problem?: LocaleProblem;
}

export const fileId = (lng: string, ns: string) => `${lng}/${ns}.json`;
const WHOLE = '*';
const NAMESPACE_FILE = /^[A-Za-z0-9_-]+\.json$/;

// ───────────────────────────── reading ─────────────────────────────

function lineColumn(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) {
    const lc = /line (\d+) column (\d+)/.exec(message);
    return lc ? ` (dòng ${lc[1]}, cột ${lc[2]})` : '';
  }
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (dòng ${line}, cột ${column})`;
}

/** Every `<lng>/<ns>.json` of the directory; a language folder that is missing is a problem. */
export function readLocaleFiles(dir: string): { files: LocaleFile[]; problems: LocaleProblem[] } {
  const files: LocaleFile[] = [];
  const problems: LocaleProblem[] = [];
  for (const lng of LANGUAGES) {
    let names: string[];
    try {
      names = readdirSync(path.join(dir, lng)).sort();
    } catch {
      problems.push({ file: `${lng}/`, key: WHOLE, code: 'file_missing', reason: `Không đọc được thư mục ${path.join(dir, lng)}.` });
      continue;
    }
    for (const name of names) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue; // editor back-ups and swap files
      const full = path.join(dir, lng, name);
      try {
        if (!statSync(full).isFile()) continue;
      } catch {
        continue; // removed between readdir and stat: the next reload sees the final state
      }
      const ns = name.slice(0, -5);
      const file = fileId(lng, ns);
      if (!NAMESPACE_FILE.test(name)) {
        problems.push({
          file,
          key: WHOLE,
          code: 'bad_file_name',
          reason: 'Tên tệp chỉ được gồm chữ không dấu, chữ số, "-" và "_" (ví dụ console.json). Tệp này không được dùng.',
        });
        continue;
      }
      let text: string;
      try {
        text = readFileSync(full, 'utf8');
      } catch (err) {
        files.push({ lng, ns, file, problem: { file, key: WHOLE, code: 'invalid_json', reason: `Không đọc được tệp: ${(err as Error).message}` } });
        continue;
      }
      try {
        const data: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
        if (!data || typeof data !== 'object' || Array.isArray(data)) {
          files.push({ lng, ns, file, problem: { file, key: WHOLE, code: 'not_an_object', reason: 'Tệp phải là một đối tượng JSON { "khóa": "câu chữ", … }.' } });
        } else {
          files.push({ lng, ns, file, data: data as Record<string, unknown> });
        }
      } catch (err) {
        const msg = (err as Error).message;
        files.push({
          lng,
          ns,
          file,
          problem: {
            file,
            key: WHOLE,
            code: 'invalid_json',
            reason: `JSON không hợp lệ${lineColumn(text, msg)}: ${msg}. Thường do thiếu dấu phẩy, thừa dấu phẩy cuối, thiếu dấu ngoặc kép, hoặc dấu " trong câu chưa viết thành \\".`,
          },
        });
      }
    }
  }
  return { files, problems };
}

/** A cheap signature of the directory (names, sizes, modification times) to notice changes by polling. */
export function localeFingerprint(dir: string): string {
  const parts: string[] = [];
  for (const lng of LANGUAGES) {
    try {
      for (const name of readdirSync(path.join(dir, lng)).sort()) {
        if (!name.endsWith('.json') || name.startsWith('.')) continue;
        try {
          const s = statSync(path.join(dir, lng, name));
          parts.push(`${lng}/${name}:${s.size}:${s.mtimeMs}:${s.ino}`);
        } catch {
          parts.push(`${lng}/${name}:gone`);
        }
      }
    } catch {
      parts.push(`${lng}:missing`);
    }
  }
  return parts.join('|');
}

// ───────────────────────────── texts ─────────────────────────────

/** Leaf texts by dotted key; a leaf that is not a string is reported. */
export function flatten(
  data: Record<string, unknown>,
  onNotText?: (key: string, value: unknown) => void,
  prefix = '',
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(data)) {
    const key = prefix + k;
    if (typeof v === 'string') out.set(key, v);
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [kk, vv] of flatten(v as Record<string, unknown>, onNotText, `${key}.`)) out.set(kk, vv);
    } else onNotText?.(key, v);
  }
  return out;
}

/** Plural forms (`_one`, `_other`…) are one key for comparisons between languages. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseKey = (key: string) => key.replace(PLURAL, '');

const PLACEHOLDER = /\{\{(-?)([^{}]*)\}\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

export interface Placeholders {
  names: Set<string>;
  formats: Array<{ name: string; format: string }>;
  malformed: string[];
}

/** `{{name}}`, `{{name, format}}`, `{{- name}}`; and whatever looks like a broken one. */
export function placeholdersOf(text: string): Placeholders {
  const names = new Set<string>();
  const formats: Placeholders['formats'] = [];
  const malformed: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const [name, ...fmts] = m[2].split(',').map((s) => s.trim());
    if (!NAME.test(name)) {
      malformed.push(m[0]);
      continue;
    }
    names.add(name);
    for (const f of fmts) formats.push({ name, format: f.split('(')[0].trim().toLowerCase() });
  }
  const rest = text.replace(PLACEHOLDER, '');
  const stray = rest.match(/\{\{[^{}]{0,20}\}?|[^{}\s]{0,20}\}\}|\{\s*[A-Za-z_][\w.]*\s*(,[^{}]*)?\}/g);
  if (stray) malformed.push(...stray.map((x) => x.trim()));
  return { names, formats, malformed };
}

const sorted = (s: Iterable<string>) => [...s].sort();
const list = (s: Iterable<string>) => sorted(s).map((n) => `{{${n}}}`).join(', ') || '(không có)';
const chars = (s: string) => [...s.normalize('NFC')].length;
const HTML = /<\/?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?\/?>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);/;

// ───────────────────────────── checks ─────────────────────────────

type Texts = Map<string, string>;
interface Parsed {
  file: LocaleFile;
  texts: Texts;
}

function sameTexts(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

type Add = (key: string, code: ProblemCode, reason: string) => void;

/** One text on its own: empty, HTML, nesting, too long for a chat message, malformed placeholders. */
function checkText(key: string, text: string, chat: boolean, ph: Placeholders, add: Add): void {
  if (HTML.test(text)) add(key, 'html', 'Có thẻ HTML hoặc ký hiệu &…; — tin nhắn chat không hiển thị HTML, khách sẽ thấy nguyên ký hiệu.');
  if (text.includes('$t(')) add(key, 'nesting', 'Không dùng $t(…) trong câu chữ; hãy viết thẳng nội dung.');
  if (chat && chars(text) > MESSAGE_MAX) add(key, 'too_long', `Dài ${chars(text)} ký tự, tin nhắn chat tối đa ${MESSAGE_MAX}.`);
  if (ph.malformed.length) {
    add(key, 'placeholder_malformed', `Biến viết sai dạng: ${ph.malformed.join(', ')}. Biến phải viết đúng {{tên}} hoặc {{tên, định_dạng}}.`);
  }
  for (const f of ph.formats) {
    if (!(KNOWN_FORMATS as readonly string[]).includes(f.format)) {
      add(key, 'format_unknown', `Định dạng "${f.format}" của {{${f.name}}} không tồn tại (dùng: ${KNOWN_FORMATS.join(', ')}).`);
    }
  }
}

type Spec = NonNullable<ReturnType<typeof specFor>>;

/** The placeholders a text uses against what the code passes (its spec), else against the version in use. */
function checkPlaceholders(key: string, ph: Placeholders, spec: Spec | undefined, before: string | undefined, add: Add): void {
  if (spec) {
    const unknown = sorted(ph.names).filter((n) => !spec.vars.includes(n));
    if (unknown.length) {
      add(key, 'placeholder_unknown', `Biến ${list(unknown)} không có: câu này chỉ dùng được ${list(spec.vars)}. Có thể gõ sai tên biến.`);
    }
    const missing = spec.required.filter((n) => !ph.names.has(n));
    if (missing.length) add(key, 'placeholder_removed', `Thiếu biến ${list(missing)}: câu này phải giữ ${list(spec.required)}.`);
  } else if (before !== undefined) {
    const was = placeholdersOf(before).names;
    const removed = sorted(was).filter((n) => !ph.names.has(n));
    const added = sorted(ph.names).filter((n) => !was.has(n));
    if (removed.length) add(key, 'placeholder_removed', `Thiếu biến ${list(removed)} so với bản đang dùng (${list(was)}).`);
    if (added.length) add(key, 'placeholder_unknown', `Biến ${list(added)} không có trong bản đang dùng (${list(was)}). Có thể gõ sai tên biến.`);
  }
}

/** A quick-reply button as Messenger shows it: rendered with the longest sample values when it has any. */
function checkQuickReplyLength(key: string, text: string, ph: Placeholders, spec: Spec | undefined, render: () => ReturnType<typeof newI18nInstance>, p: Parsed, add: Add): void {
  if (!isQuickReplyKey(key) && !spec?.quickReplySamples) return;
  const samples = spec?.quickReplySamples;
  if (samples && ph.names.size) {
    const { ns, lng } = p.file;
    const renderer = render();
    const longest = samples
      .map((vars) => renderer.t(`${ns}:${key}`, { lng, ...vars }) as string)
      .reduce((a, b) => (chars(b) > chars(a) ? b : a), '');
    if (chars(longest) > QUICK_REPLY_MAX) {
      add(key, 'quick_reply_too_long', `Nút trả lời nhanh «${longest}» dài ${chars(longest)} ký tự; Messenger chỉ hiện tối đa ${QUICK_REPLY_MAX}.`);
    }
  } else {
    const shown = text.replace(PLACEHOLDER, '');
    if (chars(shown) > QUICK_REPLY_MAX) {
      add(key, 'quick_reply_too_long', `Nút trả lời nhanh dài ${chars(shown)} ký tự; Messenger chỉ hiện tối đa ${QUICK_REPLY_MAX}.`);
    }
  }
}

// Customers may type a button's text instead of tapping it: two buttons of one question that read
// the same (ignoring case and diacritics) could not be told apart.
function checkDuplicateButtons(texts: Texts, add: Add): void {
  const groups = new Map<string, Map<string, string>>();
  for (const [key, text] of texts) {
    if (!isQuickReplyKey(key) || !text.trim()) continue;
    const group = key.slice(0, key.lastIndexOf('.'));
    const seen = groups.get(group) ?? new Map<string, string>();
    groups.set(group, seen);
    const folded = fold(text).replace(/[.!?]+$/, '');
    const twin = seen.get(folded);
    if (twin) add(key, 'quick_reply_duplicate', `Nút «${text}» trùng chữ với nút ${twin} của cùng câu hỏi; khách gõ chữ này thì bot không biết chọn nút nào.`);
    else seen.set(folded, key);
  }
}

/** Keys the bot needs that the file lacks: removed since the version in use, or never there. */
function checkKeysKept(ns: string, texts: Texts, previous: Texts | undefined, hadPrevious: boolean, add: Add): void {
  const removedKeys = new Set<string>();
  // In a file the code catalogues, only the keys it reads must stay (an optional text an admin
  // added, e.g. a field-specific re-ask, may go again); in any other file every key in use must stay.
  const catalogued = catalogueNamespaces().includes(ns);
  const needed = new Set(mandatoryKeys(ns));
  if (previous) {
    for (const key of previous.keys()) {
      if (catalogued && !needed.has(baseKey(key))) continue;
      if (!texts.has(key)) {
        removedKeys.add(key);
        add(key, 'key_removed', 'Khóa này bị xóa (hoặc đổi tên) so với bản đang dùng; bot cần khóa này. Hãy khôi phục khóa.');
      }
    }
  }
  for (const key of mandatoryKeys(ns)) {
    if (!texts.has(key) && !removedKeys.has(key) && ![...texts.keys()].some((k) => baseKey(k) === key)) {
      add(key, hadPrevious ? 'key_removed' : 'key_missing', 'Thiếu khóa mà bot cần (có thể do gõ sai tên khóa hoặc xóa nhầm).');
    }
  }
}

/** Problems of one file on its own (given the last good version of the same file). */
function checkFile(p: Parsed, previous: Texts | undefined, hadPrevious: boolean, out: LocaleProblem[]): void {
  const { file, ns, lng } = p.file;
  const add: Add = (key, code, reason) => out.push({ file, key, code, reason });
  const chat = !NOT_CHAT_NAMESPACES.includes(ns);
  let renderer: ReturnType<typeof newI18nInstance> | undefined;
  const render = () => (renderer ??= newI18nInstance({ [lng]: { [ns]: p.file.data ?? {} } }));

  for (const [key, text] of p.texts) {
    if (!text.trim()) {
      add(key, 'empty', 'Câu chữ trống. Mỗi khóa phải có nội dung (muốn bỏ một câu thì hỏi nhóm phát triển).');
      continue;
    }
    const ph = placeholdersOf(text);
    const spec = specFor(ns, key) ?? specFor(ns, baseKey(key));
    checkText(key, text, chat, ph, add);
    checkPlaceholders(key, ph, spec, previous?.get(key), add);
    checkQuickReplyLength(key, text, ph, spec, render, p, add);
  }
  checkDuplicateButtons(p.texts, add);
  checkKeysKept(ns, p.texts, previous, hadPrevious, add);
}

interface Mismatch {
  ns: string;
  key: string;
  /** the two files compared: the reference language's and the other language's */
  ref: string;
  other: string;
  kind: 'file' | 'key' | 'placeholders';
  /** which side lacks the key or file (for `file` / `key`) */
  lacking?: string;
  detail: string;
}

/** Differences between each language and the reference language (vi), namespace by namespace. */
function crossLanguage(texts: Map<string, Texts>, namespaces: Iterable<string>): Mismatch[] {
  const out: Mismatch[] = [];
  for (const ns of namespaces) {
    const ref = fileId(REFERENCE_LANGUAGE, ns);
    for (const lng of LANGUAGES) {
      if (lng === REFERENCE_LANGUAGE) continue;
      const other = fileId(lng, ns);
      const a = texts.get(ref);
      const b = texts.get(other);
      if (!a && !b) continue;
      if (!a || !b) {
        out.push({ ns, key: WHOLE, ref, other, kind: 'file', lacking: a ? other : ref, detail: '' });
        continue;
      }
      const aKeys = new Map([...a.keys()].map((k) => [baseKey(k), k]));
      const bKeys = new Map([...b.keys()].map((k) => [baseKey(k), k]));
      for (const [base, k] of aKeys) if (!bKeys.has(base)) out.push({ ns, key: k, ref, other, kind: 'key', lacking: other, detail: '' });
      for (const [base, k] of bKeys) if (!aKeys.has(base)) out.push({ ns, key: k, ref, other, kind: 'key', lacking: ref, detail: '' });
      for (const [base, ka] of aKeys) {
        const kb = bKeys.get(base);
        if (!kb) continue;
        const pa = placeholdersOf(a.get(ka)!).names;
        const pb = placeholdersOf(b.get(kb)!).names;
        if (sorted(pa).join() !== sorted(pb).join()) {
          out.push({ ns, key: kb, ref, other, kind: 'placeholders', detail: `${ref} dùng ${list(pa)}, ${other} dùng ${list(pb)}` });
        }
      }
    }
  }
  return out;
}

export interface CheckResult {
  /** Every problem found (empty = the files may be used as they are). */
  problems: LocaleProblem[];
  /** The set to use: each file's new version if it has no problem, else its last good version. */
  accepted: LocaleResources;
  /** Files whose version on disk is not used (the last good one is kept). */
  held: string[];
  /** Number of texts in the accepted set. */
  keyCount: number;
}

/** The set in use (a live reload's `previous`), file by file. */
interface InUse {
  given: boolean;
  texts: Map<string, Texts>;
  data(id: string): Record<string, unknown> | undefined;
}

function inUse(previous: LocaleResources | undefined): InUse {
  const texts = new Map<string, Texts>();
  for (const [lng, byNs] of Object.entries(previous ?? {})) {
    for (const [ns, data] of Object.entries(byNs)) texts.set(fileId(lng, ns), flatten(data));
  }
  return {
    given: !!previous,
    texts,
    data(id) {
      const [lng, name] = id.split('/');
      return previous?.[lng]?.[name.replace(/\.json$/, '')];
    },
  };
}

/** Each readable file's texts; a value that is not a text is a problem. */
function parseFiles(files: LocaleFile[], problems: LocaleProblem[]): Map<string, Parsed> {
  const parsed = new Map<string, Parsed>();
  for (const f of files) {
    if (!f.data) continue;
    const texts = flatten(f.data, (key, value) =>
      problems.push({
        file: f.file,
        key,
        code: 'not_text',
        reason: `Giá trị phải là một câu trong dấu ngoặc kép "…" (đang là ${Array.isArray(value) ? 'danh sách' : JSON.stringify(value)}).`,
      }),
    );
    parsed.set(f.file, { file: f, texts });
  }
  return parsed;
}

/** Files that were in use (or that the code needs) and are gone. */
function checkFilesPresent(files: LocaleFile[], namespaces: Set<string>, used: InUse, readProblems: LocaleProblem[], problems: LocaleProblem[]): void {
  const onDisk = new Set(files.map((f) => f.file));
  const missingLng = new Set(readProblems.filter((p) => p.code === 'file_missing').map((p) => p.file.split('/')[0]));
  for (const ns of namespaces) {
    for (const lng of LANGUAGES) {
      const id = fileId(lng, ns);
      if (onDisk.has(id) || missingLng.has(lng)) continue;
      if (used.texts.has(id)) problems.push({ file: id, key: WHOLE, code: 'file_removed', reason: 'Tệp đang dùng đã bị xóa hoặc đổi tên; bot vẫn dùng bản cũ.' });
      else if (catalogueNamespaces().includes(ns)) problems.push({ file: id, key: WHOLE, code: 'file_missing', reason: 'Thiếu tệp mà bot cần.' });
    }
  }
}

/** Did this file (or this key of it) change from the version in use? Everything is new without one. */
type Changed = (id: string, key?: string) => boolean;

function changeTest(parsed: Map<string, Parsed>, used: InUse): Changed {
  return (id, key) => {
    if (!used.given) return true;
    if (key === undefined || key === WHOLE) return !sameTexts(parsed.get(id)?.file.data, used.data(id));
    return parsed.get(id)?.texts.get(key) !== used.texts.get(id)?.get(key);
  };
}

/** Languages against each other, blaming the side that was edited. */
interface LanguageCheck {
  files: LocaleFile[];
  parsed: Map<string, Parsed>;
  candidates: Map<string, Texts>;
  used: InUse;
  changed: Changed;
  problems: LocaleProblem[];
}

// A file that could not be read is reported already; a missing one too, unless it is new on the other side.
function fileMismatch(m: Mismatch, c: LanguageCheck): void {
  if (m.kind !== 'file') return;
  const present = m.lacking === m.ref ? m.other : m.ref;
  const readable = c.files.some((f) => f.file === m.lacking);
  if (!readable && !c.used.texts.has(m.lacking!) && !catalogueNamespaces().includes(m.ns)) {
    c.problems.push({
      file: present,
      key: WHOLE,
      code: 'file_missing',
      reason: `Tệp mới chưa có bản ${m.lacking}: mỗi tệp phải có ở mọi ngôn ngữ (${LANGUAGES.join(', ')}).`,
    });
  }
}

function keyMismatch(m: Mismatch, c: LanguageCheck): void {
  const has = m.lacking === m.ref ? m.other : m.ref;
  // Removed from the lacking side: reported there already as key_removed.
  if (c.used.given && c.used.texts.get(m.lacking!)?.has(m.key)) return;
  if (c.used.given && c.changed(has, m.key) && !c.used.texts.get(has)?.has(m.key)) {
    c.problems.push({
      file: has,
      key: m.key,
      code: 'key_not_in_other_language',
      reason: `Khóa mới chưa có trong ${m.lacking}: thêm khóa vào mọi ngôn ngữ cùng lúc.`,
    });
  } else {
    c.problems.push({ file: m.lacking!, key: m.key, code: 'key_missing', reason: `Thiếu khóa này (có trong ${has}): mọi ngôn ngữ phải có cùng các khóa.` });
  }
}

function placeholderMismatch(m: Mismatch, c: LanguageCheck): void {
  const refKey = [...(c.candidates.get(m.ref)?.keys() ?? [])].find((k) => baseKey(k) === baseKey(m.key)) ?? m.key;
  // A side that breaks what the code needs is reported already, on that side: do not blame the other.
  const spec = specFor(m.ns, baseKey(m.key));
  if (spec && ![[m.ref, refKey], [m.other, m.key]].every(([id, k]) => fitsSpec(c.candidates.get(id)?.get(k), spec))) return;
  const blame = [
    ...(c.changed(m.ref, refKey) ? [{ file: m.ref, key: refKey }] : []),
    ...(c.changed(m.other, m.key) ? [{ file: m.other, key: m.key }] : []),
  ];
  const targets = !c.used.given || blame.length === 0 ? [{ file: m.other, key: m.key }] : blame;
  for (const t of targets) {
    c.problems.push({ ...t, code: 'placeholder_mismatch', reason: `Các ngôn ngữ phải dùng cùng các biến: ${m.detail}.` });
  }
}

function checkLanguagesAgree(c: LanguageCheck, namespaces: Set<string>): void {
  for (const m of crossLanguage(c.candidates, namespaces)) {
    if (!c.parsed.has(m.ref) || !c.parsed.has(m.other)) fileMismatch(m, c);
    else if (m.kind === 'key') keyMismatch(m, c);
    else if (m.kind === 'placeholders') placeholderMismatch(m, c);
  }
}

// Nothing in use yet (the checker, or the bot starting): the set is usable only if it has no problem.
function firstSet(parsed: Map<string, Parsed>, found: LocaleProblem[]): Omit<CheckResult, 'problems'> {
  const bad = new Set(found.map((p) => p.file));
  const accepted: LocaleResources = {};
  let keyCount = 0;
  for (const [id, p] of parsed) {
    if (bad.has(id)) continue;
    (accepted[p.file.lng] ??= {})[p.file.ns] = p.file.data!;
    keyCount += p.texts.size;
  }
  const held = sorted(new Set(found.map((p) => p.file).filter((id) => id.endsWith('.json'))));
  return { accepted, held, keyCount };
}

// The set to use: per file, new when it has no problem, else last good; then files that would
// disagree with the other language's version in use are held back too, until both agree (the
// files held back are added to `found`).
function mergeWithInUse(
  all: LocaleFile[],
  ok: Map<string, Parsed>,
  found: LocaleProblem[],
  nss: Set<string>,
  used: InUse,
  changed: Changed,
): Omit<CheckResult, 'problems'> {
  const bad = new Set(found.map((p) => p.file));
  const useNew = (id: string) => ok.has(id) && !bad.has(id);
  for (let round = 0; round < 10; round += 1) {
    const mix = new Map<string, Texts>();
    for (const id of new Set([...ok.keys(), ...used.texts.keys()])) {
      const t = useNew(id) ? ok.get(id)!.texts : used.texts.get(id);
      if (t) mix.set(id, t);
    }
    let demoted = false;
    for (const m of crossLanguage(mix, nss)) {
      for (const [side, otherSide] of [
        [m.ref, m.other],
        [m.other, m.ref],
      ]) {
        if (useNew(side) && changed(side)) {
          bad.add(side);
          demoted = true;
          found.push({
            file: side,
            key: WHOLE,
            code: 'held',
            reason: `Chưa áp dụng: tệp này phải khớp với ${otherSide}, mà ${otherSide} đang lỗi (hoặc thiếu). Sửa ${otherSide} thì cả hai cùng được áp dụng.`,
          });
        }
      }
    }
    if (!demoted) break;
  }
  const accepted: LocaleResources = {};
  let keyCount = 0;
  const ids = new Set([...ok.keys(), ...used.texts.keys()]);
  for (const id of ids) {
    const [lng, name] = id.split('/');
    const ns = name.replace(/\.json$/, '');
    const data = useNew(id) ? ok.get(id)!.file.data : used.data(id);
    if (!data) continue;
    (accepted[lng] ??= {})[ns] = data;
    keyCount += flatten(data).size;
  }
  const held = sorted(new Set(all.map((f) => f.file).concat(found.map((p) => p.file)).filter((id) => !useNew(id) && /\.json$/.test(id))));
  return { accepted, held, keyCount };
}

/**
 * Checks the files read from disk. Without `previous` (the checker, or the first load) the files are
 * checked on their own, against each other and against what the code needs; with it (a live
 * reload), also against the set in use: no key may disappear, no placeholder may change.
 */
export function checkLocales(files: LocaleFile[], previous?: LocaleResources, readProblems: LocaleProblem[] = []): CheckResult {
  const problems: LocaleProblem[] = [...readProblems];
  for (const f of files) if (f.problem) problems.push(f.problem);
  const used = inUse(previous);
  const parsed = parseFiles(files, problems);
  for (const p of parsed.values()) checkFile(p, used.texts.get(p.file.file), used.texts.has(p.file.file), problems);

  const namespaces = new Set<string>([...files.map((f) => f.ns), ...catalogueNamespaces()]);
  for (const id of used.texts.keys()) namespaces.add(id.split('/')[1].replace(/\.json$/, ''));
  checkFilesPresent(files, namespaces, used, readProblems, problems);

  const changed = changeTest(parsed, used);
  const candidates = new Map([...parsed].map(([id, p]) => [id, p.texts]));
  checkLanguagesAgree({ files, parsed, candidates, used, changed, problems }, namespaces);

  const found = dedupe(problems);
  if (!previous) return { problems: found, ...firstSet(parsed, found) };
  const merged = mergeWithInUse(files, parsed, found, namespaces, used, changed);
  return { ...merged, problems: found };
}

function fitsSpec(text: string | undefined, spec: { vars: readonly string[]; required: readonly string[] }): boolean {
  if (text === undefined) return false;
  const names = placeholdersOf(text).names;
  return [...names].every((n) => spec.vars.includes(n)) && spec.required.every((n) => names.has(n));
}

function dedupe(problems: LocaleProblem[]): LocaleProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}\u0000${p.key}\u0000${p.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Reads and checks a directory in one go (the checker). */
export function checkLocaleDir(dir: string, previous?: LocaleResources): CheckResult {
  const { files, problems } = readLocaleFiles(dir);
  return checkLocales(files, previous, problems);
}

export function formatProblem(p: LocaleProblem): string {
  return `${p.file}  ${p.key}  [${p.code}] ${p.reason}`;
}
