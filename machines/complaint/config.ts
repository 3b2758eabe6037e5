// Operators edit config/procedure.json and config/holidays.json by hand; a typo there must stop
// the bot at start-up with the key's name, not surface weeks later as a wrong deadline.
import type { BusinessCalendar, Shift } from '../rules/business-calendar';
import type { ExchangePoint, ProcedureConfig } from './types';

type Json = Record<string, unknown>;

const PROCEDURE_KEYS = [
  'workingDaysForThirdParty',
  'firstResponseMinutes',
  'slaWarningMinutes',
  'slaAlertTo',
  'fraudManySerialsThreshold',
  'fraudWindowHours',
  'maxMisses',
  'exchangePoints',
] as const;

function fail(key: string, problem: string, value: unknown): never {
  throw new Error(`Invalid procedure config: "${key}" ${problem} (got ${JSON.stringify(value)})`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys starting with "_" are comments for the people editing the file. */
function dataKeys(obj: Json): string[] {
  return Object.keys(obj).filter((k) => !k.startsWith('_'));
}

function integerAtLeast(obj: Json, key: string, min: number): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(key, `must be an integer ≥ ${min}`, value);
  return value;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const SHIFT = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

function shifts(value: unknown, key: string): Shift[] {
  if (!Array.isArray(value)) fail(key, 'must be an array of "HH:MM-HH:MM" shifts ([] = closed)', value);
  const out = value.map((text, i) => {
    const m = typeof text === 'string' ? SHIFT.exec(text) : null;
    if (!m) fail(`${key}[${i}]`, 'must be "HH:MM-HH:MM"', text);
    const shift = { from: Number(m[1]) * 60 + Number(m[2]), to: Number(m[3]) * 60 + Number(m[4]) };
    if (shift.to > 24 * 60 || shift.from >= shift.to) fail(`${key}[${i}]`, 'must end after it starts, by 24:00', text);
    return shift;
  });
  out.sort((x, y) => x.from - y.from);
  for (let i = 1; i < out.length; i += 1) if (out[i].from < out[i - 1].to) fail(key, 'has overlapping shifts', value);
  return out;
}

function calendar(json: unknown, holidayDates: string[]): BusinessCalendar {
  if (!isObject(json)) fail('business-hours', 'must be a JSON object with "week" and "exceptions"', json);
  for (const k of dataKeys(json)) if (k !== 'week' && k !== 'exceptions') fail(`business-hours.${k}`, 'is not a known key', json[k]);
  const week = json.week;
  if (!isObject(week)) fail('business-hours.week', 'must name every weekday (mon … sun)', week);
  for (const k of dataKeys(week)) if (!(WEEKDAYS as readonly string[]).includes(k)) fail(`business-hours.week.${k}`, 'is not a weekday (mon … sun)', week[k]);
  const days = WEEKDAYS.map((d) => {
    if (!(d in week)) fail(`business-hours.week.${d}`, 'is missing', undefined);
    return shifts(week[d], `business-hours.week.${d}`);
  });
  if (days.every((d) => d.length === 0)) fail('business-hours.week', 'must have working hours on some day', week);
  const list = json.exceptions ?? [];
  if (!Array.isArray(list)) fail('business-hours.exceptions', 'must be an array of { date, shifts, why }', list);
  const exceptions: Record<string, Shift[]> = {};
  list.forEach((e, i) => {
    const key = `business-hours.exceptions[${i}]`;
    if (!isObject(e)) fail(key, 'must be an object { date, shifts, why }', e);
    for (const k of dataKeys(e)) if (!['date', 'shifts', 'why'].includes(k)) fail(`${key}.${k}`, 'is not a known key', e[k]);
    if (typeof e.date !== 'string' || !isCalendarDate(e.date)) fail(`${key}.date`, 'must be a YYYY-MM-DD date', e.date);
    if (Object.hasOwn(exceptions, e.date)) fail(`${key}.date`, 'is listed twice', e.date);
    if (typeof e.why !== 'string' || !e.why.trim()) fail(`${key}.why`, 'must say why the day differs', e.why);
    exceptions[e.date] = shifts(e.shifts, `${key}.shifts`);
  });
  return { week: days, holidays: holidayDates, exceptions };
}

function logins(obj: Json, key: string): string[] {
  const value = obj[key];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !/^[a-z0-9._-]{1,64}$/i.test(v))) {
    fail(key, 'must be an array of console logins ([] = every admin)', value);
  }
  return [...new Set(value as string[])];
}

function exchangePoints(obj: Json): ExchangePoint[] {
  const value = obj.exchangePoints;
  if (!Array.isArray(value) || value.length === 0) fail('exchangePoints', 'must be a non-empty array', value);
  return value.map((point, i) => {
    const key = `exchangePoints[${i}]`;
    if (!isObject(point)) fail(key, 'must be an object with name and address', point);
    for (const k of dataKeys(point)) if (k !== 'name' && k !== 'address') fail(`${key}.${k}`, 'is not a known key', point[k]);
    for (const k of ['name', 'address'] as const) {
      const text = point[k];
      if (typeof text !== 'string' || !text.trim()) fail(`${key}.${k}`, 'must be a non-empty string', text);
    }
    return { name: (point.name as string).trim(), address: (point.address as string).trim() };
  });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function holidays(json: unknown): string[] {
  if (!isObject(json)) fail('holidays', 'must be an object of years, e.g. { "2026": ["2026-01-01"] }', json);
  const all = new Set<string>();
  for (const year of dataKeys(json)) {
    const key = `holidays.${year}`;
    if (!/^\d{4}$/.test(year)) fail(key, 'must be a four-digit year', year);
    const dates = json[year];
    if (!Array.isArray(dates)) fail(key, 'must be an array of YYYY-MM-DD dates', dates);
    dates.forEach((date, i) => {
      if (typeof date !== 'string' || !isCalendarDate(date)) fail(`${key}[${i}]`, 'must be a YYYY-MM-DD date', date);
      if (!date.startsWith(`${year}-`)) fail(`${key}[${i}]`, `must be in ${year}`, date);
      all.add(date);
    });
  }
  return [...all].sort();
}

/**
 * Merges config/procedure.json, config/holidays.json and config/business-hours.json (all already
 * parsed) into the machine's ProcedureConfig. Throws an Error naming the first bad key.
 */
export function loadProcedureConfig(json: unknown, holidaysJson: unknown, hoursJson: unknown): ProcedureConfig {
  if (!isObject(json)) fail('procedure', 'must be a JSON object', json);
  for (const key of dataKeys(json)) {
    if (key === 'holidays') fail(key, 'belongs in config/holidays.json', json[key]);
    if (key === 'weekendDays') fail(key, 'is replaced by the week in config/business-hours.json', json[key]);
    if (!(PROCEDURE_KEYS as readonly string[]).includes(key)) fail(key, 'is not a known key', json[key]);
  }
  for (const key of PROCEDURE_KEYS) if (!(key in json)) fail(key, 'is missing', undefined);
  return {
    calendar: calendar(hoursJson, holidays(holidaysJson)),
    workingDaysForThirdParty: integerAtLeast(json, 'workingDaysForThirdParty', 1),
    firstResponseMinutes: integerAtLeast(json, 'firstResponseMinutes', 1),
    slaWarningMinutes: integerAtLeast(json, 'slaWarningMinutes', 0),
    slaAlertTo: logins(json, 'slaAlertTo'),
    // The count includes the complaint at hand, so 1 would flag every customer.
    fraudManySerialsThreshold: integerAtLeast(json, 'fraudManySerialsThreshold', 2),
    fraudWindowHours: integerAtLeast(json, 'fraudWindowHours', 1),
    maxMisses: integerAtLeast(json, 'maxMisses', 1),
    exchangePoints: exchangePoints(json),
  };
}
