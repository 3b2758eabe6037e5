// Temp copies of locales/ (tests never edit the real files) and edits made the way editors make
// them: write a temp file, then rename it over the original.
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOCALES_DIR } from '../../bot/locales/i18n';

export type Json = { [key: string]: string | Json };

export function copyLocales(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-locales-'));
  cpSync(LOCALES_DIR, dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function readRaw(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

export function readJson(dir: string, file: string): Json {
  return JSON.parse(readRaw(dir, file));
}

/** Saves like vim / VS Code "atomic save": a temp file renamed over the original. */
export function writeRaw(dir: string, file: string, text: string): void {
  const target = path.join(dir, file);
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, target);
}

export function editJson(dir: string, file: string, edit: (json: Json) => void): void {
  const json = readJson(dir, file);
  edit(json);
  writeRaw(dir, file, `${JSON.stringify(json, null, 2)}\n`);
}

/** Dotted access into a locale file. */
export function at(json: Json, key: string): string {
  return key.split('.').reduce<string | Json>((o, k) => (o as Json)[k], json) as string;
}

export function setAt(json: Json, key: string, value: string | undefined): void {
  const parts = key.split('.');
  const parent = parts.slice(0, -1).reduce<Json>((o, k) => o[k] as Json, json);
  if (value === undefined) delete parent[parts[parts.length - 1]];
  else parent[parts[parts.length - 1]] = value;
}

/** Polls until `check` returns a truthy value; resolves with it and the elapsed ms. */
export async function waitFor<T>(check: () => T | undefined | null | false | 0 | '' | Promise<T | undefined | null | false | 0 | ''>, timeoutMs = 3000, stepMs = 25): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return { value: value as T, ms: Date.now() - start };
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** One pino line per entry: what an operator would read in the logs. */
export function captureLogs(): { lines: Array<Record<string, unknown>>; stream: { write(line: string): void } } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, stream: { write: (line: string) => lines.push(JSON.parse(line)) } };
}
