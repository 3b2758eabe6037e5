// Every sentence an agent reads comes from locales/<lng>/console.json (GET /console/api/texts/<lng>).
import { api } from './api-client.js';
import { state } from './state.js';

export function lookup(texts, key) {
  return key.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), texts);
}
export function t(key, vars) {
  let s = lookup(state.texts[state.lang], key);
  if (typeof s !== 'string') s = lookup(state.texts.vi, key);
  if (typeof s !== 'string') return key;
  return s.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, n) => (vars && n in vars ? String(vars[n]) : m));
}

export const has = (key) => typeof lookup(state.texts[state.lang], key) === 'string' || typeof lookup(state.texts.vi, key) === 'string';

export async function loadTexts(lang) {
  if (!state.texts[lang]) state.texts[lang] = await api('GET', `/texts/${lang}`);
}

export function channelName(id) {
  const key = `channel.${id}`;
  return lookup(state.texts[state.lang], key) || lookup(state.texts.vi, key) ? t(key) : t('channel.other');
}
