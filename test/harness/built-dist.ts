/**
 * Tests that run the BUILT apps as processes (npm start's launcher, the chaos run), and those that
 * drive the console the nodes serve from dist/console, share one
 * `npm run build`: a lock folder keeps two test files from writing dist/ at the same time, and a
 * build is skipped when dist/ is newer than every source.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

const ENTRIES = ['scripts/local-network.js', 'scripts/local-network/network.js', 'scripts/chaos.js', 'apps/broker/src/main.js', 'apps/operator-node/src/main.js', 'console/index.html'].map((f) => join(repoRoot, 'dist', f));

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    // The console's sources too (tsx, css, its index.html): nodes serve its build at /.
    else if (/\.(ts|tsx|css|html)$/.test(e.name) && !/\.(int-|e2e-)?spec\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function distIsStale(): boolean {
  if (!ENTRIES.every((f) => existsSync(f))) return true;
  const built = Math.min(...ENTRIES.map((f) => statSync(f).mtimeMs));
  const sources = Math.max(...['apps', 'libs', 'scripts'].map((d) => newestSource(join(repoRoot, d))), ...['tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(join(repoRoot, f)).mtimeMs));
  return sources > built;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Builds dist/ unless it is current; waits for a build another test file is running. */
export function ensureBuilt(timeoutMs = 170_000): void {
  const lock = join(repoRoot, 'dist.build-lock');
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than the timeout belongs to a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > timeoutMs) rmdirSync(lock);
      } catch {
        // gone meanwhile
      }
      if (Date.now() > until) throw new Error(`another test has held ${lock} for too long`);
      sleepSync(250);
    }
  }
  try {
    if (!distIsStale()) return;
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, encoding: 'utf8', timeout: timeoutMs });
    if (r.status !== 0) throw new Error(`npm run build failed (${r.status ?? r.signal ?? r.error?.message}):\n${r.stdout}${r.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}
