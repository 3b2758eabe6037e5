import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { i18n as I18n, TFunction } from 'i18next';

export const LOCALES_DIR = path.resolve(__dirname, '..', 'locales');
export const LANGUAGES = ['vi', 'en'] as const;
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Every JSON file of a language is one namespace, named after the file. */
export function readLocaleResources(dir = LOCALES_DIR): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const lng of LANGUAGES) {
    resources[lng] = {};
    for (const file of readdirSync(path.join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng][file.slice(0, -5)] = JSON.parse(readFileSync(path.join(dir, lng, file), 'utf8'));
    }
  }
  return resources;
}

export async function createI18n(dir = LOCALES_DIR): Promise<I18n> {
  const resources = readLocaleResources(dir);
  const instance = i18next.createInstance();
  await instance.init({
    resources: resources as never,
    lng: 'vi',
    fallbackLng: 'vi',
    supportedLngs: [...LANGUAGES],
    ns: Object.keys(resources.vi),
    defaultNS: 'common',
    // Chat text is not HTML: escaping would show "&#x2F;" to customers.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const dateTime = new Intl.DateTimeFormat('vi-VN', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  const dateOnly = new Intl.DateTimeFormat('vi-VN', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
  // "20:02 20/11/2026" rather than Intl's "20:02 20/11/2026" variants across ICU versions.
  const fmt = (f: Intl.DateTimeFormat, v: unknown) => {
    const d = new Date(String(v));
    if (Number.isNaN(d.getTime())) return String(v);
    const parts = Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
    const date = `${parts.day}/${parts.month}/${parts.year}`;
    return parts.hour ? `${parts.hour}:${parts.minute} ${date}` : date;
  };
  instance.services.formatter?.add('datetime', (v) => fmt(dateTime, v));
  instance.services.formatter?.add('date', (v) => fmt(dateOnly, v));
  instance.services.formatter?.add('vnd', (v) => `${new Intl.NumberFormat('vi-VN').format(Number(v))}đ`);
  return instance;
}

export type { TFunction, I18n };
