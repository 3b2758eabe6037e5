// Values as people read them: Vietnam time, đồng, national phone numbers.

/** Vietnam's time zone: every time an agent reads is shown in it, whatever the browser's. */
export const TZ = 'Asia/Ho_Chi_Minh';

const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' });
export function dt(v) {
  if (!v) return '';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}
export const vnd = (n) => `${new Intl.NumberFormat('vi-VN').format(n)}đ`;

/** "+84900000003" → "0900 000 003"; a masked one keeps its stars. */
export function nationalPhone(p) {
  if (!p) return '';
  const s = String(p);
  if (!s.startsWith('+84')) return s;
  const digits = `0${s.slice(3).replace(/\s/g, '')}`;
  return digits.length === 10 ? `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}` : digits;
}
