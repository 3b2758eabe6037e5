// Vietnam has used UTC+7 without daylight saving since 1975, so wall-clock arithmetic is done on
// plain UTC milliseconds shifted by a fixed offset; no time-zone database is needed.

const OFFSET_MS = 7 * 3600 * 1000;
export const HOUR_MS = 3600 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Wall-clock milliseconds (Ho Chi Minh local time read as if it were UTC). */
export type Wall = number;

export function wallFromInstant(instantMs: number): Wall {
  return instantMs + OFFSET_MS;
}

export function instantFromWall(wall: Wall): number {
  return wall - OFFSET_MS;
}

/** Local midnight of the day containing `wall`. */
export function startOfDay(wall: Wall): Wall {
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

export function wallDate(year: number, month: number, day: number): Wall | null {
  const wall = Date.UTC(year, month - 1, day);
  const d = new Date(wall);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return wall;
}

export function parts(wall: Wall): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(wall);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** ISO 8601 with the +07:00 offset, e.g. 2026-11-24T20:00:00+07:00. */
export function toIso(wall: Wall): string {
  const d = new Date(wall);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`
  );
}
