// Article 5, Step 3: cases needing a third party or a re-verification are answered within
// "3 ngày làm việc". Vietnamese weekends and public holidays (Tết included) do not count.
import { formatVnInstant, fromVnLocal, parseInstant, toVnLocal, vnDateKey, vnWeekday, type VnLocal } from './vn-time';

export interface WorkingCalendar {
  /** YYYY-MM-DD local dates that are not working days. */
  holidays: readonly string[];
  /** 0 = Sunday … 6 = Saturday. */
  weekendDays: readonly number[];
}

export function isWorkingDay(local: VnLocal, calendar: WorkingCalendar): boolean {
  return !calendar.weekendDays.includes(vnWeekday(local)) && !calendar.holidays.includes(vnDateKey(local));
}

/**
 * The instant n working days after `fromIso`, at the same local time of day. The starting day
 * itself never counts (a complaint on Friday afternoon is not due on Friday), whether or not it is
 * a working day.
 */
export function addWorkingDays(fromIso: string, n: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a non-negative integer, got ${n}`);
  if (calendar.weekendDays.length >= 7 && n > 0) throw new RangeError('The working calendar has no working days');
  const start = toVnLocal(parseInstant(fromIso));
  const dayAfterStart = (offset: number) => fromVnLocal({ ...start, day: start.day + offset });
  let offset = 0;
  for (let counted = 0; counted < n; ) {
    offset += 1;
    if (isWorkingDay(toVnLocal(dayAfterStart(offset)), calendar)) counted += 1;
  }
  return formatVnInstant(dayAfterStart(offset));
}
