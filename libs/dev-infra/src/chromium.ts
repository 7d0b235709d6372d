/**
 * The console's browser, for its e2e tests (test/e2e/support/browser.ts) and its benchmark
 * (bench/console.bench.ts): the system's Chromium (tools/chromium/chromium-runtime.js finds it:
 * $CHROMIUM_PATH, else `chromium` on PATH; Playwright's own browser download is not used), driven
 * by playwright-core, and the node's sign-in through the real Keycloak login form.
 *
 * playwright-core is loaded on first launch only: everything else that imports @postbridge/dev-infra
 * does not pay for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from './kafka/kafka-runtime';

/**
 * Debian's chromium runs headless as root with these (no sandbox without user namespaces; no GPU;
 * nothing that phones home or updates itself in the middle of a run).
 */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The Chromium binary to run ($CHROMIUM_PATH, else `chromium` on PATH), or undefined when there is none. */
export function findChromium(): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(repoRoot(), 'tools', 'chromium', 'chromium-runtime.js')) as { findChromium(): string | undefined };
  return mod.findChromium();
}

/**
 * Starts Chromium headless. Each browser gets a fresh profile (--user-data-dir): Playwright's
 * launch() refuses that flag from us and makes a temporary one itself, which it deletes at close;
 * its other temporary files go to a folder of ours, deleted when the browser goes away (closed or
 * crashed). The browser talks to us over a pipe, so it exits with this process if that is killed.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  // Checked here: Playwright would leave its temporary folders behind on a missing executable.
  if (!executablePath) throw new Error('no Chromium: run node scripts/ensure-deps.js (it installs the Debian package chromium) or set CHROMIUM_PATH');
  const { chromium } = await import('playwright-core');
  const artifactsDir = mkdtempSync(join(tmpdir(), 'pb-chromium-'));
  try {
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, artifactsDir, timeout: 30_000 });
    browser.on('disconnected', () => rmSync(artifactsDir, { recursive: true, force: true }));
    return browser;
  } catch (e) {
    rmSync(artifactsDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Signs in at the node through its real login: /auth/login sends the browser to Keycloak's login
 * form, which is filled and sent as a person would; resolves when the browser is back on the node
 * past the callback (at `returnTo`), with the landing URL. A refused sign-in throws with
 * Keycloak's message.
 */
export async function signInThroughKeycloak(page: Page, nodeBaseUrl: string, username: string, password: string, returnTo = '/'): Promise<URL> {
  const node = new URL(nodeBaseUrl).origin;
  await page.goto(`${nodeBaseUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
  // Keycloak answers a refused sign-in with its form again and a message (keycloak.v2 theme), not a redirect.
  const message = page.locator('[id^="input-error-"], .pf-m-danger .kc-feedback-text').first();
  // Generous: on a loaded 2-core machine the callback (code exchange at Keycloak) alone has taken seconds.
  const timeout = 30_000;
  const outcome = await Promise.race([
    page.waitForURL((u) => u.origin === node && u.pathname !== '/auth/callback', { timeout }).then(
      () => undefined,
      (e: Error) => `${username} did not get back to ${node} (at ${page.url()}): ${e.message.split('\n')[0]}`,
    ),
    message.waitFor({ timeout }).then(
      async () => `Keycloak refused the sign-in of ${username}: ${(await message.textContent())?.trim()}`,
      () => new Promise<never>(() => undefined), // no message: the redirect decides
    ),
  ]);
  if (outcome) throw new Error(outcome);
  return new URL(page.url());
}
