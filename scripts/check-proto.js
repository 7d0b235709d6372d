#!/usr/bin/env node
// proto/ is the single source of truth: lint it and fail when the committed generated code is stale.
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');
const { tmpdir } = require('node:os');

const root = join(__dirname, '..');
const bin = join(root, 'node_modules', '.bin');
const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
const run = (args, cwd = root) => execFileSync(join(bin, 'buf'), args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });

function files(dir) {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

try {
  run(['lint']);
  const out = mkdtempSync(join(tmpdir(), 'pb-proto-'));
  try {
    run(['generate', '-o', out]);
    const committed = join(root, 'libs/contracts/src/gen');
    const fresh = join(out, 'libs/contracts/src/gen');
    const a = files(committed).map((f) => relative(committed, f)).sort();
    const b = files(fresh).map((f) => relative(fresh, f)).sort();
    const stale = [...new Set([...a, ...b])].filter((f) => !a.includes(f) || !b.includes(f) || !readFileSync(join(committed, f)).equals(readFileSync(join(fresh, f))));
    if (stale.length) {
      console.error(`Generated contracts are out of date with proto/: ${stale.join(', ')}\nRun: npm run proto:gen`);
      process.exit(1);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  console.log('proto: lint ok, generated code up to date');
} catch (e) {
  console.error(e.stderr ? e.stderr.toString() : e.message);
  process.exit(1);
}
