// Qpal's business calendar: when agents work. Both service levels are counted on it — Article 5's
// "3 ngày làm việc" for third-party checks and re-verifications, and the first-response target for
// a live handoff in working minutes — and the bot uses it to tell a customer when agents are back.
// Every deadline anywhere in the bot is computed here.
import { formatVnInstant, fromVnLocal, parseInstant, toVnLocal, vnDateKey, vnWeekday, type VnLocal } from './vn-time';

/** A working period of one day, in minutes since local midnight (from < to). */
export interface Shift {
  from: number;
  to: number;
}

export interface BusinessCalendar {
  /** Shifts per weekday, 0 = Sunday … 6 = Saturday; an empty list is a day off. */
  week: readonly (readonly Shift[])[];
  /** YYYY-MM-DD local dates that are not working days (public holidays, nghỉ bù). */
  holidays: readonly string[];
  /**
   * YYYY-MM-DD → the shifts of that date, overriding both the week and the holidays: a Tết make-up
   * Saturday has shifts, an office closure has none.
   */
  exceptions: Readonly<Record<string, readonly Shift[]>>;
}

const MINUTE = 60_000;
/** No calendar keeps agents away for longer than this; beyond it the calendar is broken. */
const MAX_SEARCH_DAYS = 400;

function dayStart(local: VnLocal): number {
  return fromVnLocal({ ...local, timeOfDayMs: 0 });
}

/** The shifts of a local date, as [start, end) epoch ms. */
function shiftsOn(local: VnLocal, cal: BusinessCalendar): Array<[number, number]> {
  const key = vnDateKey(local);
  const shifts = Object.hasOwn(cal.exceptions, key)
    ? cal.exceptions[key]
    : cal.holidays.includes(key)
      ? []
      : (cal.week[vnWeekday(local)] ?? []);
  const base = dayStart(local);
  return shifts.map((s) => [base + s.from * MINUTE, base + s.to * MINUTE]);
}

function nthDayAfter(local: VnLocal, n: number): VnLocal {
  return toVnLocal(fromVnLocal({ ...local, day: local.day + n, timeOfDayMs: 0 }));
}

export function isWorkingDay(local: VnLocal, cal: BusinessCalendar): boolean {
  return shiftsOn(local, cal).length > 0;
}

/**
 * The end of the n-th working day after the day of `fromIso` (the day itself never counts: a
 * complaint on Friday afternoon is not due on Friday), so the customer is promised a date at the
 * close of business rather than a minute of the night.
 */
export function addWorkingDays(fromIso: string, n: number, cal: BusinessCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Working days must be a positive integer, got ${n}`);
  const start = toVnLocal(parseInstant(fromIso));
  let counted = 0;
  for (let offset = 1; offset <= n * MAX_SEARCH_DAYS; offset += 1) {
    const shifts = shiftsOn(nthDayAfter(start, offset), cal);
    if (shifts.length && ++counted === n) return formatVnInstant(Math.max(...shifts.map((s) => s[1])));
  }
  throw new RangeError('The business calendar has no working days');
}

/** Walks the shifts from `fromMs` on, calling `visit` with each [start, end) still ahead; stops when it returns true. */
function walkShifts(fromMs: number, cal: BusinessCalendar, visit: (start: number, end: number) => boolean): void {
  const first = toVnLocal(fromMs);
  for (let offset = 0; offset <= MAX_SEARCH_DAYS; offset += 1) {
    for (const [s, e] of shiftsOn(nthDayAfter(first, offset), cal).sort((a, b) => a[0] - b[0])) {
      if (e <= fromMs) continue;
      if (visit(Math.max(s, fromMs), e)) return;
    }
  }
  throw new RangeError('The business calendar has no working hours');
}

/** The instant `minutes` working minutes after `fromIso` (a handoff at night counts from the morning). */
export function addWorkingMinutes(fromIso: string, minutes: number, cal: BusinessCalendar): string {
  if (!Number.isInteger(minutes) || minutes < 1) throw new RangeError(`Working minutes must be a positive integer, got ${minutes}`);
  let left = minutes * MINUTE;
  let due = 0;
  walkShifts(parseInstant(fromIso), cal, (s, e) => {
    if (e - s >= left) {
      due = s + left;
      return true;
    }
    left -= e - s;
    return false;
  });
  return formatVnInstant(due);
}

/** When agents are next at work: `atIso` itself during working hours, else the next shift's start. */
export function nextOpening(atIso: string, cal: BusinessCalendar): string {
  let at = 0;
  walkShifts(parseInstant(atIso), cal, (s) => {
    at = s;
    return true;
  });
  return formatVnInstant(at);
}

export function isWorkingTime(atIso: string, cal: BusinessCalendar): boolean {
  return parseInstant(nextOpening(atIso, cal)) === parseInstant(atIso);
}
