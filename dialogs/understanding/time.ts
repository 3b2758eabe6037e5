// When the customer topped up, as they say it: "12h30 ngày 1/3/2026", "8 giờ tối hôm qua",
// "20h hôm kia", "sáng nay", "2 tiếng trước". chrono-node's `vi` locale drops "12h30", "20h hôm
// kia" and reads "tối qua" as today (research/libs.md §4), so this is an own parser: dates and
// clock times are cut out with regular expressions, then the remaining words give the day and the
// part of the day. A top-up is always in the past, so a clock time without a day that would be in
// the future is read as yesterday.

import { fold } from '../../machines/text/fold';
import { expandTeencode, normalizeInput } from './normalize';
import { readNumberWords } from './numbers';
import { Fail, Ok, fail } from './result';
import {
  DAY_MS, HOUR_MS, Wall, instantFromWall, parts, startOfDay, toIso, wallDate, wallFromInstant,
} from './wallclock';
import { addCalendarMonths } from '../../machines/rules/validity';

export const TIME_REASONS = ['not_a_time', 'future', 'invalid_date', 'invalid_time'] as const;
export type TimeReason = (typeof TIME_REASONS)[number];
export type TimeResult = Ok<string, { hourKnown: boolean }> | Fail<TimeReason>;

const PARTS_OF_DAY = ['sang', 'trua', 'chieu', 'toi', 'dem', 'khuya'] as const;
type PartOfDay = (typeof PARTS_OF_DAY)[number];
const PART_DEFAULT_HOUR: Record<PartOfDay, number> = { sang: 9, trua: 12, chieu: 15, toi: 20, dem: 22, khuya: 23 };
const PART_START_HOUR: Record<PartOfDay, number> = { sang: 5, trua: 11, chieu: 13, toi: 18, dem: 21, khuya: 22 };
const MINUTE_MS = 60 * 1000;

/** Article 3's calendar month (one home: machines/rules/validity.ts) on the parser's wall clock, in whole months. */
function addMonths(wall: Wall, months: number): Wall {
  return wallFromInstant(Date.parse(addCalendarMonths(new Date(instantFromWall(wall)).toISOString(), Math.floor(months))));
}

interface Reading {
  date?: { day: number; month?: number; year?: number };
  dayOffset?: number;
  monthsAgo?: number;
  weekday?: { day: number; lastWeek: boolean };
  clock?: { hour: number; minute: number };
  part?: PartOfDay;
  agoMs?: number;
  justNow?: boolean;
}

const ISO_DATE = /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;
const DMY = /(?<![\d:])(\d{1,2})\s*([/.-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?(?![\d:])(?!\s*(?:h|g|gio)(?![a-z]))/;
const LONG_DATE = /(?:ngay\s+|mung\s+)?(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*,?\s*nam\s+(\d{4}))?/;
const DAY_ONLY = /(?:ngay|mung)\s+(\d{1,2})(?![\d/.-])/;
const CLOCK =
  /(?<![\d/.])(?<!cach day\s{0,3})(\d{1,2})\s*(?::|h|g|gio)(?:\s*(\d{1,2})(?!\s*(?:tieng|gio|h(?![a-z])|(?:ngay|hom|tuan|thang)\s+truoc))\s*(?:phut|p)?|\s*(ruoi)|\s*kem\s*(\d{1,2})\s*(?:phut|p)?)?(?![a-z\d])(?!\s*truoc)/;

function cut(text: string, re: RegExp, marker: string): { text: string; match: RegExpExecArray | null } {
  const match = re.exec(text);
  if (!match) return { text, match: null };
  return { text: `${text.slice(0, match.index)} ${marker} ${text.slice(match.index + match[0].length)}`, match };
}

function readDates(text: string, reading: Reading): string {
  let r = cut(text, ISO_DATE, '@d');
  if (r.match) {
    reading.date = { year: Number(r.match[1]), month: Number(r.match[2]), day: Number(r.match[3]) };
    return r.text;
  }
  r = cut(text, DMY, '@d');
  // "12.30" is more likely a clock time than a date: dots count only with a year.
  if (r.match && !(r.match[2] === '.' && r.match[4] === undefined)) {
    const year = r.match[4] === undefined ? undefined : Number(r.match[4]);
    reading.date = { day: Number(r.match[1]), month: Number(r.match[3]), year: year !== undefined && year < 100 ? 2000 + year : year };
    return r.text;
  }
  r = cut(text, LONG_DATE, '@d');
  if (r.match) {
    reading.date = { day: Number(r.match[1]), month: Number(r.match[2]), year: r.match[3] ? Number(r.match[3]) : undefined };
    return r.text;
  }
  r = cut(text, DAY_ONLY, '@d');
  if (r.match) reading.date = { day: Number(r.match[1]) };
  return r.text;
}

function readClock(text: string, reading: Reading): string {
  const r = cut(text, CLOCK, '@t');
  if (!r.match) return text;
  const [, h, m, half, before] = r.match;
  let minutes = Number(h) * 60 + (m ? Number(m) : 0) + (half ? 30 : 0) - (before ? Number(before) : 0);
  if (m !== undefined && Number(m) > 59) minutes = -1;
  reading.clock = minutes < 0 || Number(h) > 23 ? { hour: -1, minute: -1 } : { hour: Math.floor(minutes / 60), minute: minutes % 60 };
  return r.text;
}

const JUST_NOW = ['vua nay', 'vua xong', 'vua moi', 'moi nap', 'vua nap', 'luc nay', 'ban nay', 'hoi nay', 'moi xong', 'moi day', 'vua roi'];
const AGO_UNITS = new Set(['tieng', 'gio', 'phut', 'ngay', 'hom', 'tuan', 'thang']);
const DAY_WORDS: Record<string, number> = { nay: 0, qua: -1, kia: -2, mai: 1 };
const WEEKDAYS: Record<string, number> = { hai: 1, '2': 1, ba: 2, '3': 2, tu: 3, '4': 3, nam: 4, '5': 4, sau: 5, '6': 5, bay: 6, '7': 6 };
// "tối"/"sáng" fold to the same letters as "tôi" (I) and "sang" (over to): they only count next to time words.
const AMBIGUOUS_PARTS = new Set(['toi', 'sang']);
const TIME_NEIGHBOURS_BEFORE = new Set(['@t', 'buoi', 'vao', 'luc', 'khoang', 'tam', 'ca']);
const TIME_NEIGHBOURS_AFTER = new Set(['nay', 'qua', 'kia', 'hom', 'ngay', 'mai', 'thu', 'chu', 'luc', '@d', '@t']);

function agoCount(tokens: string[], unitIndex: number): number | null {
  const before = tokens[unitIndex - 1];
  if (before !== undefined && /^\d+$/.test(before)) return Number(before);
  if (before === 'nua') return 0.5;
  for (let start = Math.max(0, unitIndex - 3); start < unitIndex; start++) {
    const read = readNumberWords(tokens, start);
    if (read && read.next === unitIndex && read.value > 0) return read.value;
  }
  return ['tuan', 'thang'].includes(tokens[unitIndex]) ? 1 : null;
}

function readAgo(tokens: string[], reading: Reading): void {
  for (let j = 0; j < tokens.length; j++) {
    if (!AGO_UNITS.has(tokens[j])) continue;
    const after = tokens[j + 1] === 'truoc';
    const cachDay = tokens.slice(Math.max(0, j - 4), j).join(' ').includes('cach day');
    if (!after && !cachDay) continue;
    const n = agoCount(tokens, j);
    if (n === null) continue;
    const unit = tokens[j];
    if (unit === 'tieng' || unit === 'gio') reading.agoMs = n * HOUR_MS;
    else if (unit === 'phut') reading.agoMs = n * MINUTE_MS;
    else if (unit === 'thang') reading.monthsAgo = n;
    else if (unit === 'tuan') {
      if (tokens[j - 1] === 'tuan' || !(tokens.includes('thu') || tokens.includes('chu'))) reading.dayOffset = -7 * n;
    } else reading.dayOffset = -n;
    return;
  }
}

function readWords(tokens: string[], reading: Reading): void {
  const joined = ` ${tokens.join(' ')} `;
  if (JUST_NOW.some((p) => joined.includes(` ${p} `))) reading.justNow = true;
  readAgo(tokens, reading);

  tokens.forEach((token, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if ((token === 'hom' || token === 'bua' || token === 'ngay') && next !== undefined && next in DAY_WORDS) {
      reading.dayOffset ??= DAY_WORDS[next];
    }
    if ((PARTS_OF_DAY as readonly string[]).includes(token) && reading.part === undefined) {
      const clearlyTime =
        !AMBIGUOUS_PARTS.has(token) ||
        tokens.length === 1 ||
        (prev !== undefined && (TIME_NEIGHBOURS_BEFORE.has(prev) || /^\d+$/.test(prev))) ||
        (next !== undefined && TIME_NEIGHBOURS_AFTER.has(next));
      if (clearlyTime) {
        reading.part = token as PartOfDay;
        if (next !== undefined && next in DAY_WORDS && next !== 'mai') reading.dayOffset ??= DAY_WORDS[next];
        if (next === 'mai') reading.dayOffset ??= 1;
      }
    }
    if (token === 'thu' && next !== undefined && next in WEEKDAYS) {
      reading.weekday = { day: WEEKDAYS[next], lastWeek: joined.includes(' tuan truoc ') };
    }
    if ((token === 'chu' && next === 'nhat') || token === 'cn') {
      reading.weekday = { day: 0, lastWeek: joined.includes(' tuan truoc ') };
    }
    if (token === 'mai' && (prev === 'ngay' || prev === undefined)) reading.dayOffset ??= 1;
  });

  // A bare hour: "lúc 9", "9 tối".
  if (reading.clock === undefined) {
    tokens.forEach((token, i) => {
      if (reading.clock !== undefined || !/^\d{1,2}$/.test(token)) return;
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      if (['luc', 'khoang', 'tam'].includes(prev ?? '') || (PARTS_OF_DAY as readonly string[]).includes(next ?? '')) {
        const hour = Number(token);
        reading.clock = hour > 23 ? { hour: -1, minute: -1 } : { hour, minute: 0 };
        if (next !== undefined && AMBIGUOUS_PARTS.has(next)) reading.part = next as PartOfDay;
      }
    });
  }
}

/** Hour on the 24-hour clock and days to add, from a spoken hour and the part of the day. */
function adjustHour(hour: number, part: PartOfDay | undefined): { hour: number; addDays: number } {
  switch (part) {
    case 'toi':
      if (hour === 12) return { hour: 0, addDays: 1 };
      return { hour: hour >= 1 && hour <= 11 ? hour + 12 : hour, addDays: 0 };
    case 'chieu':
      return { hour: hour >= 1 && hour <= 11 ? hour + 12 : hour, addDays: 0 };
    case 'trua':
      return { hour: hour >= 1 && hour <= 4 ? hour + 12 : hour, addDays: 0 };
    case 'dem':
    case 'khuya':
      if (hour === 12) return { hour: 0, addDays: 1 };
      if (hour <= 4) return { hour, addDays: 1 };
      return { hour: hour <= 11 ? hour + 12 : hour, addDays: 0 };
    default:
      return { hour, addDays: 0 };
  }
}

function resolveDay(reading: Reading, today: Wall): Wall | 'invalid_date' | undefined {
  const now = parts(today);
  if (reading.date) {
    const { day, month, year } = reading.date;
    if (month === undefined) {
      for (let back = 0; back < 3; back++) {
        const first = addMonths(wallDate(now.year, now.month, 1) as Wall, -back);
        const p = parts(first);
        const wall = wallDate(p.year, p.month, day);
        if (wall !== null && wall <= today) return wall;
      }
      return 'invalid_date';
    }
    // Validity is checked on a leap year so that 29/2 is not refused for lack of a year.
    if (wallDate(year ?? 2024, month, day) === null) return 'invalid_date';
    if (year !== undefined) return wallDate(year, month, day) ?? 'invalid_date';
    for (let y = now.year; y > now.year - 8; y--) {
      const wall = wallDate(y, month, day);
      if (wall !== null && wall <= today) return wall;
    }
    return 'invalid_date';
  }
  if (reading.weekday) {
    const mondayOffset = (now.weekday + 6) % 7;
    const targetOffset = (reading.weekday.day + 6) % 7;
    if (reading.weekday.lastWeek) return today - (mondayOffset + 7 - targetOffset) * DAY_MS;
    return today - ((now.weekday - reading.weekday.day + 7) % 7) * DAY_MS;
  }
  if (reading.monthsAgo !== undefined) return addMonths(today, -reading.monthsAgo);
  if (reading.dayOffset !== undefined) return today + reading.dayOffset * DAY_MS;
  return undefined;
}

export function parseTransactionTime(text: string, nowIso: string): TimeResult {
  const nowWall = wallFromInstant(Date.parse(nowIso));
  const today = startOfDay(nowWall);
  const reading: Reading = {};

  let rest = expandTeencode(fold(normalizeInput(text)));
  rest = readDates(rest, reading);
  rest = readClock(rest, reading);
  readWords(rest.split(/[^a-z0-9@]+/).filter(Boolean), reading);

  if (reading.justNow) return { ok: true, value: toIso(nowWall), hourKnown: true };
  if (reading.agoMs !== undefined) return { ok: true, value: toIso(nowWall - reading.agoMs), hourKnown: true };

  const day = resolveDay(reading, today);
  if (day === 'invalid_date') return fail('invalid_date');
  if (day === undefined && reading.clock === undefined && reading.part === undefined) return fail('not_a_time');
  if (reading.clock && reading.clock.hour < 0) return fail('invalid_time');

  const hourKnown = reading.clock !== undefined;
  const build = (base: Wall): Wall => {
    if (reading.clock) {
      const { hour, addDays } = adjustHour(reading.clock.hour, reading.part);
      return base + addDays * DAY_MS + hour * HOUR_MS + reading.clock.minute * MINUTE_MS;
    }
    return base + (reading.part ? PART_DEFAULT_HOUR[reading.part] : 12) * HOUR_MS;
  };

  let base = day ?? today;
  let value = build(base);
  if (value > nowWall && day === undefined) {
    base -= DAY_MS;
    value = build(base);
  }
  if (value > nowWall) {
    // "sáng nay" said at 08:00 is this morning, not a future 09:00: an unknown hour is clamped to now
    // once that part of the day has begun.
    const started = base + (reading.part ? PART_START_HOUR[reading.part] : 0) * HOUR_MS;
    if (hourKnown || started > nowWall) return fail('future');
    value = nowWall;
  }
  return { ok: true, value: toIso(value), hourKnown };
}
