// Operators edit config/procedure.json and config/holidays.json by hand; a typo there must stop
// the bot at start-up with the key's name, not surface weeks later as a wrong deadline.
import type { ExchangePoint, ProcedureConfig } from './types';

type Json = Record<string, unknown>;

const PROCEDURE_KEYS = [
  'weekendDays',
  'workingDaysForThirdParty',
  'fraudManySerialsThreshold',
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

function weekendDays(obj: Json): number[] {
  const value = obj.weekendDays;
  if (!Array.isArray(value)) fail('weekendDays', 'must be an array of weekdays 0 (Sunday) … 6 (Saturday)', value);
  value.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 6) fail(`weekendDays[${i}]`, 'must be 0 … 6', d);
  });
  if (new Set(value).size !== value.length) fail('weekendDays', 'must not repeat a day', value);
  if (value.length >= 7) fail('weekendDays', 'must leave at least one working day', value);
  return [...(value as number[])].sort((a, b) => a - b);
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
 * Merges config/procedure.json and config/holidays.json (both already parsed) into the machine's
 * ProcedureConfig. Throws an Error naming the first bad key.
 */
export function loadProcedureConfig(json: unknown, holidaysJson: unknown): ProcedureConfig {
  if (!isObject(json)) fail('procedure', 'must be a JSON object', json);
  for (const key of dataKeys(json)) {
    if (key === 'holidays') fail(key, 'belongs in config/holidays.json', json[key]);
    if (!(PROCEDURE_KEYS as readonly string[]).includes(key)) fail(key, 'is not a known key', json[key]);
  }
  for (const key of PROCEDURE_KEYS) if (!(key in json)) fail(key, 'is missing', undefined);
  return {
    holidays: holidays(holidaysJson),
    weekendDays: weekendDays(json),
    workingDaysForThirdParty: integerAtLeast(json, 'workingDaysForThirdParty', 1),
    // The count includes the complaint at hand, so 1 would flag every customer.
    fraudManySerialsThreshold: integerAtLeast(json, 'fraudManySerialsThreshold', 2),
    maxMisses: integerAtLeast(json, 'maxMisses', 1),
    exchangePoints: exchangePoints(json),
  };
}
