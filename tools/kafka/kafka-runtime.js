/**
 * The Apache Kafka runtime of `npm start` and `npm test`: a JRE (17 or newer), Maven, and the jars
 * of tools/kafka/pom.xml in a cache outside node_modules
 * (${PB_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/postbridge}/kafka-<version>/libs).
 * Used by scripts/ensure-deps.js (before node_modules exists) and by libs/dev-infra.
 * Plain CommonJS, Node built-ins only. `node tools/kafka/kafka-runtime.js` fetches and prints the folder.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { delimiter, join } = require('node:path');

const POM = join(__dirname, 'pom.xml');
/** Debian packages that give what the runtime needs (maven pulls in a JDK only where no JRE is). */
const APT_PACKAGES = ['default-jre-headless', 'maven'];
const MIN_JAVA = 17;

function kafkaVersion() {
  const m = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!m) throw new Error(`${POM} names no <kafka.version>`);
  return m[1].trim();
}

function cacheRoot() {
  return process.env.PB_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'postbridge');
}

function pomDigest() {
  return createHash('sha256').update(readFileSync(POM)).digest('hex');
}

/** Where the runtime of the pinned version lives, and whether it is complete and fetched for this very pom. */
function kafkaRuntime() {
  const version = kafkaVersion();
  const home = join(cacheRoot(), `kafka-${version}`);
  const libs = join(home, 'libs');
  let stamp = '';
  try {
    stamp = readFileSync(join(home, 'libs.complete'), 'utf8').trim();
  } catch {
    // never fetched
  }
  const ready = stamp === pomDigest() && existsSync(libs);
  const jars = ready ? readdirSync(libs).filter((f) => f.endsWith('.jar')).sort().map((f) => join(libs, f)) : [];
  return { version, home, libs, ready, classpath: jars.join(':'), toolsHome: __dirname };
}

function onPath(name) {
  return (process.env.PATH || '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
}

/** The major version of `java` on PATH (or $JAVA), or 0 when there is none. */
function javaMajor(java = process.env.JAVA || 'java') {
  const r = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error || r.status !== 0) return 0;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return 0;
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

function missingTools(major) {
  const missing = [];
  if (major < MIN_JAVA) missing.push(`a Java ${MIN_JAVA}+ runtime`);
  if (!onPath('mvn')) missing.push('Maven (mvn)');
  return missing;
}

/**
 * Installs a JRE and Maven with apt-get when they are missing (as root), else throws with the exact
 * command. `purpose` names what needs them in the messages. Returns the JVM to run ($JAVA, else
 * java) and its major version. tools/keycloak/keycloak-runtime.js shares it.
 */
function ensureJavaAndMaven(opts = {}) {
  const say = opts.say || (() => undefined);
  const purpose = opts.purpose || 'Apache Kafka (the local broker of npm start and npm test)';
  const java = process.env.JAVA || 'java';
  let major = opts.javaMajor ?? javaMajor(java);
  const missing = missingTools(major);
  if (!missing.length) return { java, javaMajor: major };
  const install = `apt-get install -y ${APT_PACKAGES.join(' ')}`;
  if (process.getuid && process.getuid() === 0 && onPath('apt-get')) {
    say(`${purpose} needs ${missing.join(' and ')}: installing with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], install.split(' ').slice(1)]) {
      const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${r.status ?? r.signal}); run: sudo ${install}`);
    }
    major = javaMajor(java);
    const still = missingTools(major);
    if (still.length) throw new Error(`still missing after apt-get: ${still.join(', ')}`);
    return { java, javaMajor: major };
  }
  throw new Error(`${purpose} needs ${missing.join(' and ')}. Install them with:\n\n  sudo ${install}\n`);
}

/**
 * Installs a JRE and Maven when they are missing (see ensureJavaAndMaven), then fetches the jars
 * when they are not cached yet. Returns kafkaRuntime() with the JVM to run ($JAVA, else java) and
 * its major version (one `java -version` when all is in place).
 */
function ensureKafkaRuntime(opts = {}) {
  const say = opts.say || (() => undefined);
  const java = process.env.JAVA || 'java';
  let major = javaMajor(java);
  let rt = kafkaRuntime();
  if (rt.ready && major >= MIN_JAVA) return { ...rt, java, javaMajor: major };
  major = ensureJavaAndMaven({ say, javaMajor: major }).javaMajor;
  if (rt.ready) return { ...rt, java, javaMajor: major };
  const t = Date.now();
  say(`fetching Apache Kafka ${rt.version} from Maven Central into ${rt.home} (once)`);
  mkdirSync(rt.home, { recursive: true });
  // Into a fresh folder, renamed when complete: a second process or a killed fetch never leaves half a classpath.
  const tmp = join(rt.home, `libs.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const r = spawnSync(
    'mvn',
    ['-q', '-B', '-f', POM, `-Dmaven.repo.local=${join(rt.home, 'm2')}`, 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`],
    { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 },
  );
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`mvn could not fetch Apache Kafka ${rt.version} (exit ${r.status ?? r.signal}):\n${`${r.stdout}${r.stderr}`.slice(-3000)}`);
  }
  if (kafkaRuntime().ready) {
    // Another process fetched the same meanwhile (and may be running on those jars): keep theirs.
    rmSync(tmp, { recursive: true, force: true });
  } else {
    rmSync(join(rt.home, 'libs.complete'), { force: true });
    rmSync(rt.libs, { recursive: true, force: true });
    // A class-data archive is tied to the jars' times and sizes: the new jars need a new one.
    for (const f of readdirSync(rt.home)) if (f.endsWith('.jsa')) rmSync(join(rt.home, f), { force: true });
    renameSync(tmp, rt.libs);
    writeFileSync(join(rt.home, 'libs.complete'), `${pomDigest()}\n`);
  }
  rt = kafkaRuntime();
  say(`Apache Kafka ${rt.version}: ${rt.classpath.split(':').length} jars fetched in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { ...rt, java, javaMajor: major };
}

module.exports = { kafkaRuntime, ensureKafkaRuntime, ensureJavaAndMaven, cacheRoot, javaMajor, APT_PACKAGES, MIN_JAVA };

if (require.main === module) {
  try {
    console.log(ensureKafkaRuntime({ say: (m) => console.error(`kafka-runtime: ${m}`) }).libs);
  } catch (e) {
    console.error(`kafka-runtime: ${e.message}`);
    process.exit(1);
  }
}
