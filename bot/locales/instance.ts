// One i18next instance over a validated set of locale texts: the formats our texts use
// ({{amount, vnd}}, {{at, datetime}}, {{at, date}}) and the safety net for a key that is missing
// anyway: the customer gets the language's "sorry" text, never the key itself.
import i18next, { i18n as I18n } from 'i18next';
import { formatVnDate, formatVnDateTime } from '../../machines/rules/vn-time';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The language every other one is compared with, and falls back to. */
export const REFERENCE_LANGUAGE: Language = 'vi';

/** language → namespace (file name) → the file's JSON. */
export type LocaleResources = Record<string, Record<string, Record<string, unknown>>>;

/** Formats a placeholder may name: ours, then i18next's built-in ones. */
export const KNOWN_FORMATS = ['vnd', 'datetime', 'date', 'number', 'currency', 'relativetime', 'list'] as const;

/**
 * Shown only if even `common:error` cannot be found (validation refuses a set without it, so this
 * is a last resort for a bug, not a text admins edit).
 */
export const LAST_RESORT_SORRY = 'Xin lỗi Quý khách, hệ thống đang gặp sự cố. Quý khách vui lòng nhắn lại sau ít phút.';

export interface MissingText {
  lng: string;
  ns: string;
  key: string;
  /** `missing`: no text under the key; `object`: the key names a group of texts, not one text. */
  kind: 'missing' | 'object';
}

export interface InstanceOptions {
  onMissing?: (m: MissingText) => void;
}

// Built once: constructing an Intl.NumberFormat costs more than formatting with it, and prompts
// format amounts on most turns.
const VND_DIGITS = new Intl.NumberFormat('vi-VN');

export function namespacesOf(resources: LocaleResources): string[] {
  return [...new Set(Object.values(resources).flatMap((byNs) => Object.keys(byNs)))].sort();
}

/** A ready i18next instance (synchronous: the texts are given, nothing is loaded). */
export function newI18nInstance(resources: LocaleResources, options: InstanceOptions = {}): I18n {
  const instance = i18next.createInstance();
  const sorry = (lng: unknown): string => {
    for (const l of [lng, REFERENCE_LANGUAGE]) {
      const text = typeof l === 'string' ? instance.getResource(l, 'common', 'error') : undefined;
      if (typeof text === 'string' && text.trim()) return text;
    }
    return LAST_RESORT_SORRY;
  };
  void instance.init({
    resources: resources as never,
    lng: REFERENCE_LANGUAGE,
    fallbackLng: REFERENCE_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    ns: namespacesOf(resources),
    defaultNS: 'common',
    initAsync: false,
    // Chat text is not HTML: escaping would show "&#x2F;" to customers.
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
    // saveMissing is what makes i18next call missingKeyHandler; there is no backend to save to.
    saveMissing: true,
    missingKeyHandler: (lngs, ns, key) => options.onMissing?.({ lng: [lngs].flat().join(','), ns, key, kind: 'missing' }),
    // Never the key: a default value the code gave, else the sorry text of the turn's language.
    parseMissingKeyHandler: (_key: string, defaultValue?: string, opt?: { lng?: string }) =>
      defaultValue !== undefined ? defaultValue : sorry(opt?.lng),
    returnedObjectHandler: (key: string, _value: unknown, opt: { lng?: string; ns?: string | readonly string[] }) => {
      options.onMissing?.({ lng: String(opt?.lng ?? ''), ns: [opt?.ns ?? ''].flat().join(','), key, kind: 'object' });
      return sorry(opt?.lng);
    },
  });
  // "20:02 20/11/2026" in Vietnam time, the same on every server and ICU version.
  const fmt = (format: (ms: number) => string, v: unknown) => {
    const ms = new Date(String(v)).getTime();
    return Number.isNaN(ms) ? String(v) : format(ms);
  };
  instance.services.formatter?.add('datetime', (v) => fmt(formatVnDateTime, v));
  instance.services.formatter?.add('date', (v) => fmt(formatVnDate, v));
  instance.services.formatter?.add('vnd', (v) => `${VND_DIGITS.format(Number(v))}đ`);
  return instance;
}
