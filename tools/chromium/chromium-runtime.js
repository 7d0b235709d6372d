/**
 * The Chromium of the console's browser tests (test/e2e/support/browser.ts drives it with
 * playwright-core): $CHROMIUM_PATH, else `chromium` on PATH (Debian's package `chromium`).
 * Playwright's own browser download is not used: the system's build, from apt, is the one that
 * runs here. Used by scripts/ensure-deps.js (before node_modules exists) and by the harness.
 * Plain CommonJS, Node built-ins only. `node tools/chromium/chromium-runtime.js` prints the binary.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { accessSync, constants, statSync } = require('node:fs');
const { delimiter, join } = require('node:path');

const APT_PACKAGE = 'chromium';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The binary to run, or undefined when there is none. A CHROMIUM_PATH that does not run is an
 * error, not a reason to fall back: whoever set it meant that one.
 */
function findChromium() {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!executable(chosen)) throw new Error(`CHROMIUM_PATH=${chosen} is not an executable file`);
    return chosen;
  }
  return onPath('chromium');
}

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) if (dir && executable(join(dir, name))) return join(dir, name);
  return undefined;
}

/**
 * Installs the Debian package `chromium` with apt-get when no binary is found (as root), else
 * throws with the exact command (the same rule as Java and Maven, tools/kafka/kafka-runtime.js).
 * Returns the binary's path. A PATH lookup when it is present (no process started).
 */
function ensureChromium(opts = {}) {
  const say = opts.say || (() => undefined);
  const found = findChromium();
  if (found) return found;
  const install = `apt-get install -y ${APT_PACKAGE}`;
  const purpose = 'The console\'s browser tests need Chromium';
  if (process.getuid && process.getuid() === 0 && onPath('apt-get')) {
    say(`${purpose}: installing the Debian package ${APT_PACKAGE} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], install.split(' ').slice(1)]) {
      const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${r.status ?? r.signal}); run: sudo ${install}`);
    }
    const now = findChromium();
    if (!now) throw new Error(`no chromium on PATH after ${install}`);
    return now;
  }
  throw new Error(`${purpose} (no chromium on PATH). Install it with:\n\n  sudo ${install}\n\nor point CHROMIUM_PATH at a Chromium binary.\n`);
}

module.exports = { findChromium, ensureChromium, APT_PACKAGE };

if (require.main === module) {
  try {
    console.log(ensureChromium({ say: (m) => console.log(m) }));
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
