/**
 * The agent console's two goals, each against a baseline measured in the same run:
 *
 * 1. Weight: the first load is at most 250 KB of gzipped JavaScript. The scripts and modulepreloads
 *    that dist/console/index.html loads (not the lazy chunks), each gzipped as a server would (zlib,
 *    default level), summed. Baseline: a "hello" React 19 + react-dom app built here with the same
 *    Vite and @vitejs/plugin-react settings, gzipped the same way: the framework's floor.
 * 2. Speed: a queue of 50 cases is interactive within 1 s on the local network. CH opens 50 cases
 *    for US; an agent signs in through Keycloak's login form in Chromium; then each run is a fresh
 *    navigation to /#/queues, timed in the page (performance.now(), from navigation start) until
 *    the 50 rows are in the DOM with the first "Assign to me" button enabled ("rows"), and until the
 *    frame after it is painted and a task runs on the main thread, i.e. the page can take input
 *    ("interactive"); then a real click on that button is checked to reach a handler (the bench's
 *    own, in the capture phase, so nothing is assigned). Warm loads share one context (its HTTP
 *    cache); cold loads are each a new context (empty cache) with the same session cookie.
 *    Baseline: a bare page of the same origin and session that fetches the same
 *    GET /queues?pageSize=50 and renders 50 rows with plain DOM code, timed the same way. It is
 *    served by a request listener this process puts in front of the CH node's HTTP server (no route
 *    in the node, nothing in production; playwright's page.route would turn the HTTP cache off).
 *
 * BENCH_RUNS (default 10) warm loads of each, BENCH_COLD_RUNS (default 3) cold loads.
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, repoRoot, signInThroughKeycloak } from '@postbridge/dev-infra';
import { s10CheckDigit } from '@postbridge/domain';
import { benchInfra, fmt, percentile } from './bench-infra';
import { AGENT_ROLES, startBenchNetwork } from './bench-network';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
const CASES = 50;
const WEIGHT_GOAL_KB = 250;
const SPEED_GOAL_MS = 1000;
const KB = 1000;
const BASELINE_PATH = '/__bench/queues-baseline.html';

// ---------------------------------------------------------------------------------------------
// 1. Weight

interface Weight {
  js: Array<{ file: string; raw: number; gz: number }>;
  css: Array<{ file: string; raw: number; gz: number }>;
}

const sum = (xs: Array<{ gz: number }>) => xs.reduce((a, x) => a + x.gz, 0);
const sumRaw = (xs: Array<{ raw: number }>) => xs.reduce((a, x) => a + x.raw, 0);

/** What index.html makes the browser fetch at first load: module scripts, modulepreloads, stylesheets (same-origin paths). */
export function firstLoadAssets(html: string): { js: string[]; css: string[] } {
  const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([a-z-]+)\s*=\s*("([^"]*)"|'([^']*)')/gi)].map((m) => [m[1].toLowerCase(), m[3] ?? m[4]]));
  const local = (u: string | undefined): u is string => !!u && !/^[a-z]+:|^\/\//i.test(u);
  const js: string[] = [];
  const css: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) {
    const a = attrs(m[0]);
    if (local(a.src)) js.push(a.src);
  }
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const a = attrs(m[0]);
    const rel = (a.rel ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('modulepreload') && local(a.href)) js.push(a.href);
    if (rel.includes('stylesheet') && local(a.href)) css.push(a.href);
  }
  return { js: [...new Set(js)], css: [...new Set(css)] };
}

function weigh(html: string, read: (path: string) => Buffer): Weight {
  const { js, css } = firstLoadAssets(html);
  const one = (file: string) => {
    const b = read(file.replace(/^\//, ''));
    return { file, raw: b.length, gz: gzipSync(b).length };
  };
  return { js: js.map(one), css: css.map(one) };
}

// vite and @vitejs/plugin-react are ES modules; tsc (CommonJS) would turn import() into require().
const esmImport = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

/** A minimal React 19 app (createRoot, one element), built with the console's Vite settings; its first load, weighed. */
async function helloWeight(): Promise<Weight & { vite: string; react: string }> {
  const root = repoRoot();
  // Inside the checkout, so its imports resolve from the repository's node_modules.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'pb-bench-hello-'));
  let restoreEnv = () => undefined as void;
  try {
    writeFileSync(join(dir, 'index.html'), '<!doctype html>\n<html lang="en"><head><meta charset="utf-8" /><title>hello</title></head><body><div id="root"></div><script type="module" src="/main.tsx"></script></body></html>\n');
    writeFileSync(
      join(dir, 'main.tsx'),
      "import { StrictMode } from 'react';\nimport { createRoot } from 'react-dom/client';\n\ncreateRoot(document.getElementById('root')!).render(\n  <StrictMode>\n    <h1>hello</h1>\n  </StrictMode>,\n);\n",
    );
    // Vite's build sets process.env.NODE_ENV=production in this process; the nodes started later must not see it.
    const nodeEnv = process.env.NODE_ENV;
    restoreEnv = () => {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    };
    const vite = await esmImport<typeof import('vite')>('vite');
    const react = (await esmImport<{ default: () => import('vite').PluginOption }>('@vitejs/plugin-react')).default;
    // As apps/console/vite.config.ts builds the console (base, plugin, target, assets folder), without writing.
    const out = await vite.build({
      configFile: false,
      root: dir,
      base: '/',
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir: join(dir, 'dist'), assetsDir: 'assets', target: 'es2022', sourcemap: false, write: false, emptyOutDir: false },
    });
    const outputs = (Array.isArray(out) ? out : [out]) as Array<import('vite').Rollup.RollupOutput>;
    const files = new Map<string, Buffer>();
    for (const o of outputs) for (const f of o.output) files.set(f.fileName, Buffer.from(f.type === 'chunk' ? f.code : f.source));
    const html = files.get('index.html')?.toString('utf8');
    if (!html) throw new Error(`the hello build wrote no index.html: ${[...files.keys()].join(', ')}`);
    const w = weigh(html, (p) => {
      const b = files.get(p);
      if (!b) throw new Error(`the hello build has no ${p}`);
      return b;
    });
    if (!w.js.length) throw new Error('the hello build loads no JavaScript');
    return { ...w, vite: vite.version, react: JSON.parse(readFileSync(join(root, 'node_modules', 'react', 'package.json'), 'utf8')).version };
  } finally {
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureWeight(): Promise<boolean> {
  const dir = join(repoRoot(), 'dist', 'console');
  let html: string;
  try {
    html = readFileSync(join(dir, 'index.html'), 'utf8');
  } catch {
    throw new Error(`no ${dir}/index.html: run npm run build first`);
  }
  const consoleW = weigh(html, (p) => readFileSync(join(dir, p)));
  if (!consoleW.js.length) throw new Error('dist/console/index.html loads no JavaScript');
  const hello = await helloWeight();
  const cjs = sum(consoleW.js);
  const hjs = sum(hello.js);
  const ok = cjs <= WEIGHT_GOAL_KB * KB;
  console.log(`console weight: first load of dist/console/index.html (module scripts + modulepreloads, not lazy chunks), gzip level 6 each; KB = 1,000 bytes`);
  for (const f of consoleW.js) console.log(`  ${f.file}: ${fmt(f.raw / KB)} KB raw, ${fmt(f.gz / KB)} KB gz`);
  console.log(`  baseline: hello React ${hello.react} + react-dom (createRoot, one <h1>), Vite ${hello.vite} + @vitejs/plugin-react, same settings: ${fmt(sumRaw(hello.js) / KB)} KB raw, ${fmt(hjs / KB)} KB gz (${hello.js.length} file(s))`);
  console.log(`  console JavaScript: ${fmt(sumRaw(consoleW.js) / KB)} KB raw, ${fmt(cjs / KB)} KB gz in ${consoleW.js.length} file(s) = ${fmt(cjs / hjs, 2)} x baseline (+${fmt((cjs - hjs) / KB)} KB gz over the framework floor)`);
  console.log(`  goal: at most ${WEIGHT_GOAL_KB} KB gz of JavaScript at first load: ${ok ? 'PASS' : 'FAIL'} (${fmt((100 * cjs) / (WEIGHT_GOAL_KB * KB), 0)}% of it)`);
  console.log(`  CSS at first load: ${fmt(sumRaw(consoleW.css) / KB)} KB raw, ${fmt(sum(consoleW.css) / KB)} KB gz (hello: ${fmt(sum(hello.css) / KB)} KB gz)`);
  return ok;
}

// ---------------------------------------------------------------------------------------------
// 2. Speed

/**
 * Runs in every document before its own scripts: notes when the 50 rows are there with the first
 * "Assign to me" enabled (a MutationObserver, so at the end of the task that rendered them), then
 * when the next frame is painted and a task runs after it (the page can take input); and takes a
 * click on an "Assign to me" button in the capture phase, noting the time, before the app sees it.
 */
const PROBE = `(() => {
  const want = ${CASES};
  const out = { rows: null, interactive: null, click: null, count: 0 };
  Object.defineProperty(window, '__pbBench', { value: out });
  const check = () => {
    if (out.rows !== null) return;
    const rows = document.querySelectorAll('[data-testid="queue-row"]');
    const button = document.querySelector('[data-testid="assign-to-me"]');
    if (rows.length >= want && button && !button.disabled) {
      out.rows = performance.now();
      out.count = rows.length;
      observer.disconnect();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => { out.interactive = performance.now(); };
        ch.port2.postMessage(0);
      });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  window.addEventListener('click', (e) => {
    const t = e.target;
    if (t && t.closest && t.closest('[data-testid="assign-to-me"]')) {
      if (out.click === null) out.click = performance.now();
      e.stopImmediatePropagation();
      e.preventDefault();
    }
  }, true);
})();`;

/** The baseline: the same request, 50 rows of the same columns with plain DOM code, an Assign button each. */
const BASELINE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>baseline</title></head>
<body><main><h1>Queue</h1><table><thead><tr><th>Item</th><th>Parties</th><th>Status</th><th>Due</th><th>Assignee</th><th></th></tr></thead><tbody id="rows"></tbody></table></main>
<script>
fetch('/queues?pageSize=${CASES}', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
  .then((r) => r.json())
  .then((list) => {
    const body = document.getElementById('rows');
    const cell = (tr, text) => { const td = document.createElement('td'); td.textContent = text == null ? '' : String(text); tr.appendChild(td); return td; };
    for (const c of list.items) {
      const tr = document.createElement('tr');
      tr.setAttribute('data-testid', 'queue-row');
      const a = document.createElement('a');
      a.href = '#/cases/' + c.id;
      a.textContent = c.itemId;
      cell(tr, '').appendChild(a);
      cell(tr, c.originOperator + ' → ' + c.destinationOperator);
      cell(tr, c.display && c.display.status);
      cell(tr, c.dueAt ? new Date(c.dueAt).toLocaleString() : '');
      cell(tr, c.assignee || 'unassigned');
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('data-testid', 'assign-to-me');
      b.textContent = 'Assign to me';
      b.addEventListener('click', () => console.log('assign', c.id, c.version));
      cell(tr, '').appendChild(b);
      body.appendChild(tr);
    }
  });
</script></body></html>
`;

interface Load {
  rows: number;
  interactive: number;
  click: number;
}

/** One fresh navigation to `url` (from about:blank), timed in the page; then the real click. */
async function timedLoad(page: Page, url: string): Promise<Load> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
  try {
    await page.waitForFunction(() => (globalThis as unknown as { __pbBench?: { interactive: number | null } }).__pbBench?.interactive != null, null, { timeout: 30_000 });
  } catch (e) {
    const seen = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { body?: { innerText: string }; querySelectorAll(s: string): { length: number } } }).document;
      return { rows: d.querySelectorAll('[data-testid="queue-row"]').length, text: (d.body?.innerText ?? '').slice(0, 300) };
    }).catch(() => ({ rows: -1, text: '' }));
    throw new Error(`${url}: not interactive within 30 s (at ${page.url()}, ${seen.rows} rows, page: ${JSON.stringify(seen.text)}): ${(e as Error).message.split('\n')[0]}`);
  }
  await page.locator('[data-testid="assign-to-me"]').first().click({ timeout: 10_000 });
  const r = await page.evaluate(() => (globalThis as unknown as { __pbBench: { rows: number; interactive: number; click: number | null; count: number } }).__pbBench);
  if (r.count < CASES) throw new Error(`${url}: ${r.count} rows, expected ${CASES}`);
  if (r.click === null) throw new Error(`${url}: the click on "Assign to me" reached no handler`);
  return { rows: r.rows, interactive: r.interactive, click: r.click };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, p90: percentile(s, 90), max: s[s.length - 1], min: s[0] };
};

async function measureSpeed(): Promise<boolean> {
  const infra = await benchInfra();
  let net: Awaited<ReturnType<typeof startBenchNetwork>> | undefined;
  let browser: Browser | undefined;
  let restoreServer = () => undefined as void;
  try {
    net = await startBenchNetwork(infra, 'bench_console', { console: true });
    const { ch, us } = net;
    // 50 cases opened at CH for US by another agent: CH's queue "all", none assigned to the one who signs in.
    const opener = await net.agent('CH', 'opener');
    const ids: string[] = [];
    const open = async (i: number) => {
      const serial = String(20000000 + i);
      const res = await fetch(`${ch.url}/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...opener },
        body: JSON.stringify({ itemId: `RR${serial}${s10CheckDigit(serial)}US`, destinationOperator: 'US', inquiryType: 'GENERIC', reasons: ['NOT_ARRIVED'], customer: { name: `Customer ${i}` }, description: { text: `not arrived (${i})`, language: 'en' } }),
      });
      if (res.status !== 201) throw new Error(`openCase ${res.status}: ${await res.text()}`);
      ids.push(((await res.json()) as { id: string }).id);
    };
    for (let i = 0; i < CASES; i += 5) await Promise.all([0, 1, 2, 3, 4].filter((k) => i + k < CASES).map((k) => open(i + k)));
    // Settled first: every case at US and its answers applied at CH, so no alert reloads the list mid-run.
    let last = '';
    let stableSince = Date.now();
    for (const deadline = Date.now() + 120_000; ; await new Promise((r) => setTimeout(r, 100))) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the 50 cases to settle');
      const atUs = (await us.db.query(`SELECT count(*)::int AS n FROM cases WHERE id = ANY($1)`, [ids])).rows[0].n as number;
      const key = JSON.stringify((await ch.db.query(`SELECT * FROM cases ORDER BY id`)).rows);
      if (key !== last) [last, stableSince] = [key, Date.now()];
      if (atUs === CASES && Date.now() - stableSince > 1500) break;
    }
    const check = await fetch(`${ch.url}/queues?pageSize=${CASES}`, { headers: opener });
    const list = (await check.json()) as { items: unknown[]; total: number };
    if (check.status !== 200 || list.items.length !== CASES) throw new Error(`GET /queues at CH: ${check.status}, ${list.items?.length} items`);
    const jsonBytes = Buffer.byteLength(JSON.stringify(list));

    // The baseline page, at the node's origin, from this process only.
    const server = ch.app.getHttpServer() as Server;
    const original = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
    const front = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'GET' && req.url === BASELINE_PATH) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
        res.end(BASELINE_HTML);
        return;
      }
      for (const l of original) l.call(server, req, res);
    };
    server.removeAllListeners('request');
    server.on('request', front);
    restoreServer = () => {
      server.removeListener('request', front);
      for (const l of original) server.on('request', l);
    };

    const user = 'console-agent';
    await infra.ensureUser('CH', user, AGENT_ROLES);
    browser = await launchChromium();
    const contextOptions = { locale: 'en-US', timezoneId: 'Europe/Zurich', viewport: { width: 1280, height: 800 } };
    const warm = await browser.newContext(contextOptions);
    await warm.addInitScript(PROBE);
    const page = await warm.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInThroughKeycloak(page, ch.url, user, user, '/#/queues');
    const consoleUrl = `${ch.url}/#/queues`;
    const baselineUrl = `${ch.url}${BASELINE_PATH}`;
    const session = await warm.storageState();

    // Cold: a new context each time (empty HTTP cache), the same session cookie.
    const cold: Load[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const ctx: BrowserContext = await browser.newContext({ ...contextOptions, storageState: session });
      try {
        await ctx.addInitScript(PROBE);
        cold.push(await timedLoad(await ctx.newPage(), consoleUrl));
      } finally {
        await ctx.close();
      }
    }
    // Warm: one context; a load of each first, then console and baseline alternate (drift hits both).
    await timedLoad(page, consoleUrl);
    await timedLoad(page, baselineUrl);
    const con: Load[] = [];
    const base: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      con.push(await timedLoad(page, consoleUrl));
      base.push(await timedLoad(page, baselineUrl));
    }
    if (pageErrors.length) throw new Error(`errors in the page: ${pageErrors.join('; ')}`);

    const c = stats(con.map((l) => l.interactive));
    const b = stats(base.map((l) => l.interactive));
    const cr = stats(con.map((l) => l.rows));
    const br = stats(base.map((l) => l.rows));
    const k = stats(cold.map((l) => l.interactive));
    const row = (s: ReturnType<typeof stats>) => `median ${fmt(s.median, 0).padStart(5)} ms, p90 ${fmt(s.p90, 0).padStart(5)} ms, max ${fmt(s.max, 0).padStart(5)} ms`;
    // The goal is judged on warm loads, an agent's everyday case (the assets are immutable and cached); cold is shown beside it.
    const ok = c.median <= SPEED_GOAL_MS;
    console.log(`console speed: a queue of ${CASES} cases at the CH node (GET /queues?pageSize=${CASES}: ${fmt(jsonBytes / KB)} KB JSON), Chromium ${browser.version()} headless, signed in through Keycloak`);
    console.log(`  fresh navigation to /#/queues, times from navigation start; "interactive": ${CASES} rows in the DOM, the next frame painted and a main-thread task run; ${RUNS} warm runs alternating with the baseline, ${COLD_RUNS} cold`);
    console.log(`  baseline, bare page (same origin and session, same request, ${CASES} rows by plain DOM code):`);
    console.log(`    rows ${row(br)}`);
    console.log(`    interactive ${row(b)}`);
    console.log(`  console, warm (HTTP cache):`);
    console.log(`    rows ${row(cr)}`);
    console.log(`    interactive ${row(c)} = ${fmt(c.median / b.median, 2)} x baseline (median)`);
    console.log(`  console, cold (empty cache, new context each): interactive ${row(k)} = ${fmt(k.median / b.median, 2)} x baseline; ${fmt(k.median / c.median, 2)} x warm`);
    console.log(`  a real click on the first "Assign to me" reached a handler in every run (console: median ${fmt(stats(con.map((l) => l.click)).median, 0)} ms after navigation start, sent once the page was interactive)`);
    console.log(`  goal: interactive within ${SPEED_GOAL_MS} ms (warm median): ${ok ? 'PASS' : 'FAIL'} (${fmt(c.median, 0)} ms; p90 ${fmt(c.p90, 0)} ms); cold median ${fmt(k.median, 0)} ms: ${k.median <= SPEED_GOAL_MS ? 'within' : 'over'} it`);
    return ok;
  } finally {
    await browser?.close().catch(() => undefined);
    restoreServer();
    await net?.stop();
    await infra.stop();
  }
}

async function main() {
  const [l1, l5] = loadavg();
  console.log(`machine: ${cpus().length} cores, load average ${fmt(l1, 1)} / ${fmt(l5, 1)} (1 / 5 min) at the start`);
  const weightOk = await measureWeight();
  const speedOk = await measureSpeed();
  const [e1, e5] = loadavg();
  console.log(`load average at the end: ${fmt(e1, 1)} / ${fmt(e5, 1)}`);
  // The goals are printed, PASS or FAIL, not turned into the exit code: on a shared 2-core machine a
  // noisy run must not stop `npm run bench`; errors (no rows, no sign-in, a page error) do.
  console.log(`goals: weight ${weightOk ? 'PASS' : 'FAIL'}, speed ${speedOk ? 'PASS' : 'FAIL'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
