/**
 * A real Keycloak (tools/keycloak/pom.xml) as a JVM process on 127.0.0.1: H2 files in a data folder
 * of the caller's (kept on stop: npm start reuses it, tests remove theirs), local caches (no
 * JGroups cluster, so two servers on one machine never meet), health on the management port.
 * A fresh data folder starts from the runtime's seed database (schema and master realm made once),
 * which halves a cold start; the admin's password is then set to the one asked for.
 */
import { AppCds, appCds } from '../appcds';
import { killOrphanByPidFile } from '../orphans';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeLowPort } from '../kafka/kafka-cluster';
import { KeycloakAdmin } from './keycloak-admin';
import { ensureKeycloakRuntime, keycloakJavaArgs, KeycloakRuntime } from './keycloak-runtime';

export interface KeycloakServerOptions {
  /** H2 database, transaction log, keycloak.log, keycloak.pid, admin.json. Kept on stop. */
  dataDir: string;
  /** HTTP port. Default: a free port. */
  port?: number;
  /** Management port (health). Default: a free port. */
  managementPort?: number;
  /** Master-realm admin. Default `admin`. */
  adminUser?: string;
  /** Default: random. On a kept data folder the admin is given this password. */
  adminPassword?: string;
  log?: (line: string) => void;
  /** Max heap. Default 384 MB. */
  heapMb?: number;
  /** Default 120000 ms. */
  startTimeoutMs?: number;
  /** More JVM flags, e.g. -XX:TieredStopAtLevel=1: half the CPU of a start, but realm imports 3x slower. */
  jvmFlags?: string[];
}

export interface KeycloakServer {
  /** e.g. http://127.0.0.1:23456 (realms at `${url}/realms/<name>`). */
  readonly url: string;
  readonly managementUrl: string;
  readonly adminUser: string;
  readonly adminPassword: string;
  readonly pid: number;
  /** SIGTERM, SIGKILL after 15 s. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash. */
  kill(): void;
}

interface AdminCredentials {
  username: string;
  password: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const marker = (dataDir: string): string => `-Dkc.db-url-path=${dataDir}`;

function readCredentials(file: string): AdminCredentials | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as AdminCredentials;
  } catch {
    return undefined;
  }
}

function logTail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n').trim() || '(empty log)';
  } catch {
    return '(no log)';
  }
}

async function ready(managementUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${managementUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
    await res.text();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Class-data sharing, as for Kafka: the first clean stop writes an archive of the loaded classes
 * (about 120 MB), later starts map it (warm start 8 s -> 6 s measured). Tied to the build and JVM.
 */
function keycloakAppCds(rt: KeycloakRuntime): AppCds {
  return appCds(join(rt.home, `keycloak-java${rt.javaMajor}.jsa`), { train: true, off: process.env.PB_KEYCLOAK_APPCDS === 'off' });
}

/** Starts Keycloak on `dataDir` and resolves when it is ready, its admin holding the asked-for password. */
export async function startKeycloak(opts: KeycloakServerOptions): Promise<KeycloakServer> {
  const log = opts.log ?? (() => undefined);
  const rt = ensureKeycloakRuntime({ say: log });
  const dataDir = opts.dataDir;
  mkdirSync(dataDir, { recursive: true });
  await killKeycloakOrphans(dataDir);

  const adminUser = opts.adminUser ?? 'admin';
  const adminPassword = opts.adminPassword ?? randomBytes(12).toString('hex');
  const credsFile = join(dataDir, 'admin.json');
  const db = join(dataDir, 'data', 'h2', 'keycloakdb.mv.db');
  // Who can log in to the master realm once started: the data folder's admin, the seed's, or (a
  // database made now) the bootstrap admin from the environment.
  let current: AdminCredentials | undefined;
  if (existsSync(db)) {
    // No admin.json beside a database: an earlier start copied the seed's and stopped before
    // setting its own admin, so the seed's still logs in.
    current = readCredentials(credsFile) ?? readCredentials(join(rt.seed, 'admin.json'));
  } else if (existsSync(join(rt.seed, 'data', 'h2', 'keycloakdb.mv.db'))) {
    mkdirSync(join(dataDir, 'data', 'h2'), { recursive: true });
    copyFileSync(join(rt.seed, 'data', 'h2', 'keycloakdb.mv.db'), db);
    current = readCredentials(join(rt.seed, 'admin.json'));
  }
  current ??= { username: adminUser, password: adminPassword };
  // Who the database's admin is, kept before Keycloak starts: a start stopped half-way (Ctrl-C,
  // another service failing) must not leave a database nobody can log in to.
  writeFileSync(credsFile, `${JSON.stringify(current)}\n`, { mode: 0o600 });

  const port = opts.port ?? (await freeLowPort());
  const managementPort = opts.managementPort ?? (await freeLowPort());
  const url = `http://127.0.0.1:${port}`;
  const managementUrl = `http://127.0.0.1:${managementPort}`;
  const logFile = join(dataDir, 'keycloak.log');
  const out = openSync(logFile, 'a');
  const cds = keycloakAppCds(rt);
  const args = [
    ...keycloakJavaArgs(rt, dataDir, { heapMb: opts.heapMb, jvm: [...cds.flags, ...(opts.jvmFlags ?? [])] }),
    'start',
    '--optimized',
    '--cache=local',
    '--http-enabled=true',
    '--http-host=127.0.0.1',
    `--http-port=${port}`,
    `--http-management-port=${managementPort}`,
    '--hostname-strict=false',
    '--log-console-color=false',
  ];
  const t = Date.now();
  const child: ChildProcess = spawn(rt.java, args, {
    stdio: ['ignore', out, out],
    env: { ...process.env, KC_BOOTSTRAP_ADMIN_USERNAME: current.username, KC_BOOTSTRAP_ADMIN_PASSWORD: current.password },
  });
  closeSync(out);
  const pidFile = join(dataDir, 'keycloak.pid');
  if (child.pid) writeFileSync(pidFile, `${child.pid}\n`);
  let done = false;
  const exited = new Promise<void>((res) => child.once('exit', () => ((done = true), cds.onExit(), rmSync(pidFile, { force: true }), res())));
  child.once('error', () => (done = true));

  const kill = (): void => {
    if (!done) child.kill('SIGKILL');
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 15_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };

  try {
    const timeout = opts.startTimeoutMs ?? 120_000;
    for (;;) {
      if (done) throw new Error(`keycloak: exited while starting (log ${logFile})\n${logTail(logFile)}`);
      if (Date.now() - t > timeout) throw new Error(`keycloak: not ready within ${timeout} ms (log ${logFile})\n${logTail(logFile)}`);
      if (await ready(managementUrl)) break;
      await sleep(200);
    }
    const started = Date.now() - t;
    if (current.username !== adminUser || current.password !== adminPassword) await setAdmin(url, current, adminUser, adminPassword);
    writeFileSync(credsFile, `${JSON.stringify({ username: adminUser, password: adminPassword })}\n`, { mode: 0o600 });
    log(`keycloak: Keycloak ${rt.version} (pid ${child.pid}) ready in ${started} ms on ${url}${Date.now() - t - started > 50 ? `, admin set in ${Date.now() - t - started} ms` : ''}`);
  } catch (e) {
    kill();
    await exited;
    throw e;
  }
  return { url, managementUrl, adminUser, adminPassword, pid: child.pid ?? 0, stop, kill };
}

/** Gives the master realm the admin asked for, logged in as the one it has. */
async function setAdmin(url: string, current: AdminCredentials, username: string, password: string): Promise<void> {
  const admin = new KeycloakAdmin(url, current.username, current.password);
  const id = await admin.userId('master', username);
  if (id) {
    await admin.request('PUT', `/realms/master/users/${id}/reset-password`, { type: 'password', value: password, temporary: false });
    return;
  }
  await admin.ensureUser('master', { username, password, roles: ['admin'], firstName: 'Admin', lastName: 'Master' });
}

/** Kills a Keycloak still running on `dataDir` (its parent was killed): it holds the H2 files and ports. */
export async function killKeycloakOrphans(dataDir: string): Promise<boolean> {
  return killOrphanByPidFile(join(dataDir, 'keycloak.pid'), (args) => args.includes(marker(dataDir)));
}
