/**
 * The Keycloak runtime of `npm start` and `npm test`: the Quarkus distribution of
 * tools/keycloak/pom.xml, unpacked by Maven and built once (`kc.sh build`) in a cache outside
 * node_modules (${PB_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/postbridge}/keycloak-<version>/dist),
 * plus a seed database (schema, master realm, one admin) that fresh data folders start from.
 * Java and Maven as for Kafka (tools/kafka/kafka-runtime.js). Used by scripts/ensure-deps.js and
 * libs/dev-infra. Plain CommonJS, Node built-ins only. `node tools/keycloak/keycloak-runtime.js`
 * fetches and prints the folder.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { cacheRoot, ensureJavaAndMaven, javaMajor, MIN_JAVA } = require('../kafka/kafka-runtime.js');

const POM = join(__dirname, 'pom.xml');
/**
 * Build-time options (kc.sh build): H2 files (one folder per run), health on the management port
 * (readiness). Cache is a runtime option in Keycloak 26 (--cache=local at start).
 */
const BUILD_OPTIONS = ['--db=dev-file', '--health-enabled=true'];
/** The seed's admin (a temporary admin in Keycloak's terms); servers started from it reset the password. */
const SEED_ADMIN = 'admin';
/** One-shot commands (build, seed) run twice as fast without the C2 compiler. */
const C1 = ['-XX:TieredStopAtLevel=1'];

function keycloakVersion() {
  const m = /<keycloak\.version>([^<]+)<\/keycloak\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!m) throw new Error(`${POM} names no <keycloak.version>`);
  return m[1].trim();
}

/** The pom and the build options: a change to either refetches and rebuilds. */
function stampOf() {
  return createHash('sha256').update(readFileSync(POM)).update(`\n${BUILD_OPTIONS.join(' ')}\n`).digest('hex');
}

/** Where the runtime of the pinned version lives, and whether it is complete for this pom and these options. */
function keycloakRuntime() {
  const version = keycloakVersion();
  const home = join(cacheRoot(), `keycloak-${version}`);
  const dist = join(home, 'dist');
  let stamp = '';
  try {
    stamp = readFileSync(join(home, 'dist.complete'), 'utf8').trim();
  } catch {
    // never fetched
  }
  const ready = stamp === stampOf() && existsSync(join(dist, 'lib', 'quarkus-run.jar'));
  return { version, home, dist, seed: join(dist, 'postbridge-seed'), ready, buildOptions: BUILD_OPTIONS, toolsHome: __dirname };
}

/**
 * The JVM command line of a Keycloak command, as bin/kc.sh builds it (run directly: kc.sh keeps
 * java as a child, which a SIGKILL of the script would orphan). `dataDir` takes the H2 files and
 * the transaction log (Keycloak writes both under its home otherwise).
 */
function keycloakJavaArgs(dist, dataDir, opts = {}) {
  const heap = opts.heapMb ?? 384;
  return [
    '-Djava.util.concurrent.ForkJoinPool.common.threadFactory=io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory',
    '-XX:MetaspaceSize=96M',
    '-XX:MaxMetaspaceSize=256m',
    '-Xms64m',
    `-Xmx${heap}m`,
    // Measured on 26.5.6 (2 CPUs): RSS 420 MB instead of 500 with kc.sh's G1, starts a little quicker.
    // C1 only (-XX:TieredStopAtLevel=1) starts no quicker and imports realms 3x slower: not for the server.
    '-XX:+UseSerialGC',
    '-XX:-UsePerfData',
    '-XX:+ExitOnOutOfMemoryError',
    '-Dfile.encoding=UTF-8',
    '-Djava.security.egd=file:/dev/urandom',
    '-Duser.language=en',
    '-Duser.country=US',
    '--add-opens=java.base/java.util=ALL-UNNAMED',
    '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
    '--add-opens=java.base/java.security=ALL-UNNAMED',
    ...(opts.jvm ?? []),
    `-Dkc.home.dir=${dist}`,
    `-Djboss.server.config.dir=${join(dist, 'conf')}`,
    '-Djava.util.logging.manager=org.jboss.logmanager.LogManager',
    '-Dpicocli.disable.closures=true',
    '-Dquarkus-log-max-startup-records=10000',
    ...(dataDir ? [`-Dkc.db-url-path=${dataDir}`, `-Dquarkus.transaction-manager.object-store.directory=${join(dataDir, 'transaction-logs')}`] : []),
    '-cp',
    join(dist, 'lib', 'quarkus-run.jar'),
    'io.quarkus.bootstrap.runner.QuarkusEntryPoint',
  ];
}

function runJava(java, args, env, what) {
  const r = spawnSync(java, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal ?? r.error?.message}):\n${`${r.stdout}${r.stderr}`.slice(-3000)}`);
}

/**
 * Installs Java and Maven when missing (as for Kafka), then fetches, unpacks and builds Keycloak
 * when it is not cached yet for this pom and these build options. Returns keycloakRuntime() with
 * the JVM to run and its major version (one `java -version` when all is in place).
 */
function ensureKeycloakRuntime(opts = {}) {
  const say = opts.say || (() => undefined);
  const java = process.env.JAVA || 'java';
  // A caller that just ran `java -version` (ensure-deps, for Kafka) passes the answer on.
  let major = opts.javaMajor ?? javaMajor(java);
  let rt = keycloakRuntime();
  if (rt.ready && major >= MIN_JAVA) return { ...rt, java, javaMajor: major };
  major = ensureJavaAndMaven({ say, javaMajor: major, purpose: 'Keycloak (the identity provider of npm start and npm test)' }).javaMajor;
  if (rt.ready) return { ...rt, java, javaMajor: major };

  const t = Date.now();
  say(`fetching Keycloak ${rt.version} from Maven Central into ${rt.home} (once, about 165 MB)`);
  mkdirSync(rt.home, { recursive: true });
  // Unpacked, built and seeded in a folder of its own, renamed when complete: a second process or a
  // killed fetch never leaves half a server.
  const tmp = join(rt.home, `dist.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    const r = spawnSync(
      'mvn',
      // Markers in a fresh folder: kept ones (default tools/keycloak/target) would skip the unpack on a rebuild.
      ['-q', '-B', '-f', POM, `-Dmaven.repo.local=${join(rt.home, 'm2')}`, 'dependency:unpack-dependencies', `-DoutputDirectory=${tmp}`, `-DmarkersDirectory=${join(tmp, '.markers')}`],
      { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 },
    );
    if (r.status !== 0) throw new Error(`mvn could not fetch Keycloak ${rt.version} (exit ${r.status ?? r.signal}):\n${`${r.stdout}${r.stderr}`.slice(-3000)}`);
    const top = readdirSync(tmp).find((d) => d.startsWith('keycloak-'));
    if (!top) throw new Error(`the Keycloak ${rt.version} distribution unpacked to no keycloak-* folder in ${tmp}`);
    const dist = join(tmp, top);
    const t1 = Date.now();
    say(`Keycloak ${rt.version} fetched in ${((t1 - t) / 1000).toFixed(1)} s; building (${BUILD_OPTIONS.join(' ')})`);
    runJava(java, [...keycloakJavaArgs(dist, undefined, { jvm: C1 }), 'build', ...BUILD_OPTIONS], {}, `kc.sh build ${BUILD_OPTIONS.join(' ')}`);
    rmSync(join(dist, 'data'), { recursive: true, force: true });
    const t2 = Date.now();
    // Schema and master realm made once here: a fresh data folder starting from a copy of it is up
    // in about half the time (Keycloak otherwise creates them on every fresh start).
    const seed = join(dist, 'postbridge-seed');
    const password = randomBytes(12).toString('hex');
    runJava(
      java,
      [...keycloakJavaArgs(dist, seed, { jvm: [...C1, '-Dkc.http-host=127.0.0.1', '-Dkc.http-management-port=0'] }), 'bootstrap-admin', 'user', '--optimized', '--no-prompt', '--username:env', 'PB_KC_SEED_USER', '--password:env', 'PB_KC_SEED_PASSWORD'],
      { PB_KC_SEED_USER: SEED_ADMIN, PB_KC_SEED_PASSWORD: password },
      'seeding the Keycloak database (kc.sh bootstrap-admin user)',
    );
    rmSync(join(seed, 'transaction-logs'), { recursive: true, force: true });
    for (const f of readdirSync(join(seed, 'data', 'h2'))) if (f.endsWith('.trace.db')) rmSync(join(seed, 'data', 'h2', f));
    writeFileSync(join(seed, 'admin.json'), `${JSON.stringify({ username: SEED_ADMIN, password })}\n`, { mode: 0o600 });
    say(`Keycloak ${rt.version} built in ${((t2 - t1) / 1000).toFixed(1)} s, seeded in ${((Date.now() - t2) / 1000).toFixed(1)} s`);

    if (keycloakRuntime().ready) {
      // Another process made the same meanwhile (and may be running on it): keep theirs.
      rmSync(tmp, { recursive: true, force: true });
    } else {
      rmSync(join(rt.home, 'dist.complete'), { force: true });
      rmSync(rt.dist, { recursive: true, force: true });
      // A class-data archive is tied to the jars: the new build needs a new one.
      for (const f of readdirSync(rt.home)) if (f.endsWith('.jsa')) rmSync(join(rt.home, f), { force: true });
      renameSync(dist, rt.dist);
      rmSync(tmp, { recursive: true, force: true });
      writeFileSync(join(rt.home, 'dist.complete'), `${stampOf()}\n`);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  rt = keycloakRuntime();
  say(`Keycloak ${rt.version} ready in ${rt.dist} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return { ...rt, java, javaMajor: major };
}

module.exports = { keycloakRuntime, ensureKeycloakRuntime, keycloakJavaArgs, BUILD_OPTIONS };

if (require.main === module) {
  try {
    console.log(ensureKeycloakRuntime({ say: (m) => console.error(`keycloak-runtime: ${m}`) }).dist);
  } catch (e) {
    console.error(`keycloak-runtime: ${e.message}`);
    process.exit(1);
  }
}
