// Vietnam has kept UTC+07:00 all year since 1975 (no DST), so the procedure's calendar
// (Article 3's month, working days) is computed on a fixed offset instead of a time-zone
// database: the same answer on every server, whatever its TZ.
// The one home of Vietnam time: every offset, day start and date format the code uses is here.
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
export const VN_OFFSET_MS = 7 * HOUR_MS;
const OFFSET_MS = VN_OFFSET_MS;

/** A wall-clock time in Asia/Ho_Chi_Minh. month is 1–12. */
export interface VnLocal {
  year: number;
  month: number;
  day: number;
  /** Milliseconds since local midnight. */
  timeOfDayMs: number;
}

// Without an explicit offset Date.parse would read the string in the server's zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an ISO 8601 instant that carries its offset ("Z" or ±hh:mm). */
export function parseInstant(iso: string): number {
  const ms = INSTANT.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO instant with an offset: ${JSON.stringify(iso)}`);
  return ms;
}

export function toVnLocal(epochMs: number): VnLocal {
  const shifted = epochMs + OFFSET_MS;
  const midnight = Math.floor(shifted / DAY_MS) * DAY_MS;
  const d = new Date(midnight);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    timeOfDayMs: shifted - midnight,
  };
}

/** Date.UTC normalises overflowing days/months, which the callers rely on (day 32 → next month). */
export function fromVnLocal(local: VnLocal): number {
  return Date.UTC(local.year, local.month - 1, local.day) + local.timeOfDayMs - OFFSET_MS;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday, of the local date. */
export function vnWeekday(local: VnLocal): number {
  return new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function vnDateKey(local: VnLocal): string {
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
}

/** ISO 8601 with the +07:00 offset, so a stored deadline reads as the customer's clock. */
export function formatVnInstant(epochMs: number): string {
  const local = toVnLocal(epochMs);
  const t = local.timeOfDayMs;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const ms = t % 1000;
  const frac = ms ? `.${pad(ms, 3)}` : '';
  return `${vnDateKey(local)}T${pad(h)}:${pad(m)}:${pad(s)}${frac}+07:00`;
}

/** Epoch milliseconds of Vietnamese midnight at the start of a YYYY-MM-DD day. */
export function vnDayStartMs(dayKey: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dayKey);
  if (!m) throw new RangeError(`not a date: ${dayKey}`);
  return fromVnLocal({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), timeOfDayMs: 0 });
}

/** The YYYY-MM-DD day of an instant in Vietnam. */
export function vnDayKey(epochMs: number): string {
  return vnDateKey(toVnLocal(epochMs));
}

/** "DD/MM/YYYY" in Vietnam, as customers and agents read a date. */
export function formatVnDate(epochMs: number): string {
  const l = toVnLocal(epochMs);
  return `${pad(l.day)}/${pad(l.month)}/${pad(l.year, 4)}`;
}

/** "HH:MM DD/MM/YYYY" in Vietnam (24-hour clock), as customers and agents read a time. */
export function formatVnDateTime(epochMs: number): string {
  const t = toVnLocal(epochMs).timeOfDayMs;
  return `${pad(Math.floor(t / HOUR_MS))}:${pad(Math.floor((t % HOUR_MS) / 60_000))} ${formatVnDate(epochMs)}`;
}
