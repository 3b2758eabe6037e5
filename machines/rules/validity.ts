// Article 3: "Thời điểm khiếu nại không vượt quá 1 tháng kể từ khi thực hiện giao dịch."
// A calendar month on the customer's clock (Asia/Ho_Chi_Minh), not 30 days. This file is the one
// home of that month: the machine's guard, the chat's "which hour?" question, the phone form and
// the time parser's "tháng trước" all call it.
import { daysInMonth, formatVnInstant, fromVnLocal, parseInstant, toVnLocal } from './vn-time';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The same wall-clock time `months` calendar months later (earlier when negative), in
 * Asia/Ho_Chi_Minh. A day the target month does not have is clamped to its last day
 * (31 Jan → 28/29 Feb), the usual reading of "one month" and the one that never extends the
 * window past the end of the next month.
 */
export function addCalendarMonths(iso: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`Calendar months must be an integer, got ${months}`);
  const local = toVnLocal(parseInstant(iso));
  const index = local.year * 12 + (local.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(local.day, daysInMonth(year, month));
  return formatVnInstant(fromVnLocal({ year, month, day, timeOfDayMs: local.timeOfDayMs }));
}

/** One calendar month later: the last valid moment of a complaint about a transaction at `iso`. */
export function addCalendarMonth(iso: string): string {
  return addCalendarMonths(iso, 1);
}

/** Inclusive: a complaint made exactly one month after the transaction is still valid. */
export function isWithinComplaintWindow(transactionAt: string, complaintAt: string): boolean {
  return parseInstant(complaintAt) <= parseInstant(addCalendarMonth(transactionAt));
}

/**
 * Whether a transaction known only by its day (any instant of that Vietnamese day) needs its hour
 * before Article 3 can be decided: true only when the window closes during that day, so that a
 * top-up in its morning is too old and one in its evening is not.
 */
export function dayNeedsHour(dayOf: string, complaintAt: string): boolean {
  const local = toVnLocal(parseInstant(dayOf));
  const start = fromVnLocal({ ...local, timeOfDayMs: 0 });
  const first = formatVnInstant(start);
  const last = formatVnInstant(start + DAY_MS - 1);
  return isWithinComplaintWindow(first, complaintAt) !== isWithinComplaintWindow(last, complaintAt);
}
