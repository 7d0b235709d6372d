/**
 * The console in a real browser: the system's Chromium (tools/chromium/chromium-runtime.js finds
 * it; Playwright's own browser download does not work here), driven by playwright-core, signed in
 * through the real Keycloak login form, checked with axe-core.
 *
 * One browser per spec file (launchBrowser in beforeAll, close in afterAll), a context per agent
 * (newAgentContext): contexts are cheap, a browser is ~0.5-1 s and ~150 MB.
 *
 * What the page logs goes to the test's quiet log buffer, printed only when the test fails; a
 * failing test also leaves a screenshot of every open page in test-artifacts/console/failures/.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_FLAGS, launchChromium, signInThroughKeycloak } from '../../../libs/dev-infra/src/chromium';
import { FAILURE_HOOKS, LOG_BUFFER } from '../../harness/quiet-environment';

const ROOT = join(__dirname, '../../..');
/** Screenshots of the console tests; gitignored, kept by CI as an artifact. */
export const ARTIFACTS_DIR = join(ROOT, 'test-artifacts', 'console');
/** Where PB_UPDATE_DOCS_SCREENSHOTS=1 also copies them, for the docs. */
export const DOCS_SCREENSHOTS_DIR = join(ROOT, 'docs', 'console');

/** Chromium's flags, its launch and the Keycloak sign-in live in libs/dev-infra (shared with bench/console.bench.ts). */
export { CHROMIUM_FLAGS };

/** Starts Chromium headless with a fresh profile (libs/dev-infra/src/chromium.ts). */
export const launchBrowser = (): Promise<Browser> => launchChromium();

export interface AgentContextOptions {
  /** BCP 47, e.g. 'de-CH'; the browser's Accept-Language and navigator.language. */
  locale?: string;
  /** IANA zone, e.g. 'Europe/Zurich'. */
  timezoneId?: string;
  /** Names this agent's lines in the log and its failure screenshots (default: locale). */
  label?: string;
  viewport?: { width: number; height: number };
}

/** One agent's browser session: its own cookies, and a record of what went wrong in its pages. */
export interface AgentContext {
  readonly context: BrowserContext;
  /** The page opened with the context. */
  readonly page: Page;
  readonly label: string;
  /** Everything the pages logged (console, uncaught errors, failed requests), in order. */
  readonly log: readonly string[];
  /**
   * Console errors, uncaught exceptions, and same-origin fetch/XHR/EventSource requests that
   * answered 4xx/5xx or failed; lines matching `ignore` left out. A spec asserts it is empty.
   */
  problems(ignore?: RegExp): string[];
  close(): Promise<void>;
}

/** The running test's log, printed only if it fails (test/harness/quiet-environment.ts). */
const testLog = () => (globalThis as Record<string, unknown>)[LOG_BUFFER] as string[] | undefined;

/** Open contexts, for the failure screenshots. */
const open = new Set<AgentContext>();

const API_TYPES = new Set(['fetch', 'xhr', 'eventsource']);

export async function newAgentContext(browser: Browser, opts: AgentContextOptions = {}): Promise<AgentContext> {
  const label = opts.label ?? opts.locale ?? 'agent';
  const context = await browser.newContext({ locale: opts.locale, timezoneId: opts.timezoneId, viewport: opts.viewport ?? { width: 1280, height: 800 } });
  const log: string[] = [];
  const problems: string[] = [];
  const note = (line: string, problem: boolean) => {
    const text = `[browser ${label}] ${line}`;
    log.push(text);
    if (problem) problems.push(line);
    testLog()?.push(text);
  };
  const watch = (page: Page) => {
    page.on('console', (m) => note(`console.${m.type()}: ${m.text()}${m.location().url ? ` (${m.location().url}:${m.location().lineNumber})` : ''}`, m.type() === 'error'));
    page.on('pageerror', (e) => note(`uncaught: ${e.stack ?? e.message}`, true));
  };
  context.on('page', watch);
  // Only calls to the page's own origin (the node's API): Keycloak's pages are not the console's.
  const sameOrigin = (r: { url(): string; frame(): { url(): string } }): boolean => {
    try {
      return new URL(r.url()).origin === new URL(r.frame().url()).origin;
    } catch {
      return false; // a request of no frame (service worker)
    }
  };
  context.on('response', (res) => {
    const req = res.request();
    if (res.status() >= 400 && API_TYPES.has(req.resourceType()) && sameOrigin(req)) note(`${res.status()} ${req.method()} ${res.url()}`, true);
  });
  context.on('requestfailed', (req) => {
    // ERR_ABORTED: the page navigated away or closed an EventSource, which is no error.
    const why = req.failure()?.errorText ?? '';
    if (API_TYPES.has(req.resourceType()) && sameOrigin(req) && !why.includes('ERR_ABORTED')) note(`failed ${req.method()} ${req.url()}: ${why}`, true);
  });
  const page = await context.newPage();
  const agent: AgentContext = {
    context,
    page,
    label,
    log,
    problems: (ignore) => problems.filter((p) => !ignore || !ignore.test(p)),
    close: async () => {
      open.delete(agent);
      await context.close().catch(() => undefined);
    },
  };
  open.add(agent);
  return agent;
}

/**
 * Signs in at the node through its real login (Keycloak's form, filled as a person would); resolves
 * back on the node past the callback (at `returnTo`) with the landing URL; a refused sign-in throws
 * with Keycloak's message (libs/dev-infra/src/chromium.ts).
 */
export const signIn = (page: Page, nodeBaseUrl: string, username: string, password: string, returnTo = '/'): Promise<URL> => signInThroughKeycloak(page, nodeBaseUrl, username, password, returnTo);

/** The WCAG 2.1 A and AA rules. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core in the page (all of it, or `context`: a selector or axe's include/exclude) and
 * returns the violations of impact serious or critical. axe is evaluated through the DevTools
 * protocol, not a <script> tag, so the node's Content-Security-Policy applies to the page as is.
 */
export async function checkA11y(page: Page, context?: axe.ElementContext): Promise<axe.Result[]> {
  // These functions run in the page (the tsconfig has no DOM types: globalThis is the window).
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  const results = await page.evaluate(
    ([ctx, tags]) => {
      const w = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
      return w.axe.run(ctx ?? w.document, { runOnly: { type: 'tag', values: [...tags] }, resultTypes: ['violations'] });
    },
    [context ?? null, AXE_TAGS] as const,
  );
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Violations as lines for an assertion message: rule, impact, help, and each element with what to fix. */
export function formatViolations(violations: axe.Result[]): string {
  return violations
    .map((v) => [`${v.impact} ${v.id}: ${v.help} (${v.helpUrl})`, ...v.nodes.map((n) => `  - ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s*\n\s*/g, '; ')}`)].join('\n'))
    .join('\n');
}

/**
 * A full-page PNG at test-artifacts/console/<name>.png (name may hold sub folders); with
 * PB_UPDATE_DOCS_SCREENSHOTS=1 also at docs/console/<name>.png, unless `docs` is false (pictures
 * of the harness itself). Returns the artifact's path.
 */
export async function screenshot(page: Page, name: string, opts: { docs?: boolean } = {}): Promise<string> {
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  mkdirSync(join(path, '..'), { recursive: true });
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  if (process.env.PB_UPDATE_DOCS_SCREENSHOTS === '1' && opts.docs !== false) {
    const docs = join(DOCS_SCREENSHOTS_DIR, `${name}.png`);
    mkdirSync(join(docs, '..'), { recursive: true });
    copyFileSync(path, docs);
  }
  return path;
}

const slug = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 120);

// A failing test keeps each open page as it was: a screenshot, named in the printed log.
const hooks = (globalThis as Record<string, unknown>)[FAILURE_HOOKS] as Set<(what: string) => Promise<void>> | undefined;
hooks?.add(async (what) => {
  const buffer = testLog();
  for (const agent of open) {
    for (const [i, page] of agent.context.pages().entries()) {
      const name = `failures/${slug(what)}--${slug(agent.label)}${i ? `-${i}` : ''}`;
      const path = join(ARTIFACTS_DIR, `${name}.png`);
      mkdirSync(join(path, '..'), { recursive: true });
      await page
        .screenshot({ path, fullPage: true, timeout: 5_000 })
        .then(() => buffer?.push(`[browser ${agent.label}] page at ${page.url()} when it failed: ${path}`))
        .catch((e: Error) => buffer?.push(`[browser ${agent.label}] no screenshot of ${page.url()}: ${e.message.split('\n')[0]}`));
    }
  }
});
