import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PASSWORD } from './support';

// Debian's headless Chromium as every console browser test drives it.
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface OpenProfile {
  context: BrowserContext;
  dir: string;
}

/**
 * A fresh Chromium profile (its own --user-data-dir, so each agent has their own cookies) in
 * Vietnam's locale and time zone, added to `open` for the caller to close; its first page.
 */
export async function openProfile(
  open: OpenProfile[],
  opts: { viewport: { width: number; height: number }; args?: string[]; permissions?: string[]; initScript?: string; timeoutMs?: number; pageErrors?: string[] },
): Promise<Page> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: opts.args ?? CHROMIUM_ARGS,
    viewport: opts.viewport,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    ...(opts.permissions ? { permissions: opts.permissions } : {}),
  });
  open.push({ context, dir });
  if (opts.initScript) await context.addInitScript(opts.initScript);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(opts.timeoutMs ?? 10000);
  page.on('pageerror', (err) => {
    process.stderr.write(`page error: ${err.message}\n`);
    opts.pageErrors?.push(err.message);
  });
  page.on('dialog', (d) => void d.accept());
  return page;
}

/** Signs in on the console's page as a person would, and waits for the console to show. */
export async function signIn(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.fill('#login-name', name);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('#top:not([hidden])');
}
