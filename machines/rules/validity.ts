// Article 3: "Thời điểm khiếu nại không vượt quá 1 tháng kể từ khi thực hiện giao dịch."
// A calendar month on the customer's clock (Asia/Ho_Chi_Minh), not 30 days.
import { daysInMonth, formatVnInstant, fromVnLocal, parseInstant, toVnLocal } from './vn-time';

/**
 * The same wall-clock time one calendar month later, in Asia/Ho_Chi_Minh. A day the next month
 * does not have is clamped to its last day (31 Jan → 28/29 Feb), the usual reading of "one month"
 * and the one that never extends the window past the end of the next month.
 */
export function addCalendarMonth(iso: string): string {
  const local = toVnLocal(parseInstant(iso));
  const year = local.month === 12 ? local.year + 1 : local.year;
  const month = local.month === 12 ? 1 : local.month + 1;
  const day = Math.min(local.day, daysInMonth(year, month));
  return formatVnInstant(fromVnLocal({ year, month, day, timeOfDayMs: local.timeOfDayMs }));
}

/** Inclusive: a complaint made exactly one month after the transaction is still valid. */
export function isWithinComplaintWindow(transactionAt: string, complaintAt: string): boolean {
  return parseInstant(complaintAt) <= parseInstant(addCalendarMonth(transactionAt));
}
