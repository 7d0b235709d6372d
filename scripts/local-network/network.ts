/**
 * The local network behind `npm start` (see ../local-network.ts for the entry and its options).
 * Order up: Keycloak (+ a realm per operator and the hub's) in parallel with PostgreSQL (+ one
 * database per process) -> Apache Kafka (+ topics and ACLs from deploy/kafka/*.sh) -> apps, each
 * with its own Kafka principal and OIDC issuer -> /health, and the realms imported.
 * Order down: apps (SIGTERM, SIGKILL after 10 s) -> Kafka and Keycloak -> embedded PostgreSQL.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { BROKER_SENDER_CODE, TopicNames } from '@postbridge/contracts';
import { writeNetworkKeys } from '../network-keys';
import {
  BROKER_AUDIENCE,
  CLI_CLIENT,
  clientSecret,
  defaultOperatorUsers,
  DOCS_CLIENT,
  EmbeddedPostgres,
  HUB_REALM,
  hubRealm,
  kafkaClientEnv,
  KafkaCluster,
  KafkaPrincipals,
  KeycloakAdmin,
  KeycloakServer,
  killKafkaOrphans,
  killKeycloakOrphans,
  nodeAudience,
  operatorRealm,
  operatorRealmName,
  passwordToken,
  RealmRepresentation,
  runProvisionScripts,
  startEmbeddedPostgres,
  startKafkaCluster,
  startKeycloak,
} from '@postbridge/dev-infra';

interface OperatorEntry {
  code: string;
  name: string;
  country: string;
  timeZone: string;
  languages: string[];
  active?: boolean;
  httpPort: number;
}
interface NetworkFile {
  network: string;
  topicPrefix?: string;
  broker: { httpPort: number };
  operators: OperatorEntry[];
}

interface ProcSpec {
  tag: string;
  role: 'broker' | 'operator-node';
  operator?: OperatorEntry;
  port: number;
  database: string;
  main: string;
  env: Record<string, string>;
}

interface Proc extends ProcSpec {
  child?: ChildProcess;
  tail: string[];
  exited: boolean;
  exit?: Promise<void>;
}

const DEFAULT_PORT_BASE = 3000;
const DEFAULT_PG_PORT = 54329;
const DEFAULT_KAFKA_PORT = 19092;
const DEFAULT_KEYCLOAK_PORT = 18080;
const HEALTH_TIMEOUT_MS = 60_000;
const SMOKE_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const TAIL_LINES = 30;

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = (s: string): string => paint(1, s);
const dim = (s: string): string => paint(2, s);
const PALETTE = [35, 31, 33, 34, 32, 36, 95, 91, 93, 94, 92, 96];

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}
function info(msg: string): void {
  out(`${paint(90, '[launcher]')} ${msg}`);
}

class LaunchError extends Error {}

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'postbridge') return dir;
      } catch {
        // keep walking
      }
    }
    if (dirname(dir) === dir) throw new LaunchError(`cannot find the postbridge repository above ${start}`);
  }
}

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new LaunchError(`${name} must be an integer between ${min} and ${max} (got '${raw}')`);
  }
  return Number(raw);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves undefined when `port` can be bound on all interfaces, else the error code. */
function portProblem(port: number): Promise<string | undefined> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => res(e.code ?? e.message));
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => res(undefined)));
  });
}

/** The port an earlier (killed) run of our embedded PostgreSQL on `dataDir` still holds, if any. */
function orphanPostgresPort(dataDir: string): number | undefined {
  try {
    const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return Number(lines[3]) || undefined;
  } catch {
    return undefined;
  }
}

function withDatabase(serverUrl: string, db: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

async function ensureDatabases(serverUrl: string, names: string[]): Promise<string[]> {
  const c = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  try {
    await c.connect();
  } catch (e) {
    throw new LaunchError(`cannot connect to PostgreSQL at ${redact(serverUrl)}: ${(e as Error).message}`);
  }
  const created: string[] = [];
  try {
    const rows = (await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = ANY($1)', [names])).rows;
    const existing = new Set(rows.map((r) => r.datname));
    for (const name of names.filter((n) => !existing.has(n))) {
      try {
        await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        created.push(name);
      } catch (e) {
        // 42P04: created concurrently by someone else, fine.
        if ((e as { code?: string }).code !== '42P04') throw e;
      }
    }
  } finally {
    await c.end().catch(() => undefined);
  }
  return created;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** A 0600 JSON file of the launcher's own secrets, made on first use and kept. */
function keptSecret(file: string, key: string): string {
  const kept = readJson<Record<string, unknown>>(file)?.[key];
  if (typeof kept === 'string' && kept) return kept;
  const value = randomBytes(24).toString('base64url');
  writeFileSync(file, `${JSON.stringify({ ...readJson<Record<string, unknown>>(file), [key]: value }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return value;
}

/** Topics on an external cluster: best effort, the apps also work where auto-creation is on. */
async function createExternalTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'postbridge-local-network', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 5_000 }).admin();
  const work = (async () => {
    await admin.connect();
    try {
      await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  })();
  const timeout = sleep(15_000).then(() => {
    throw new Error('timed out after 15 s');
  });
  try {
    await Promise.race([work, timeout]);
    info(`Kafka topics ensured on ${brokers.join(',')}`);
  } catch (e) {
    info(paint(33, `warning: could not create topics on ${brokers.join(',')} (${(e as Error).message}); relying on auto-creation`));
  }
}

interface HttpResult {
  status: number;
  body: unknown;
  text: string;
}

function http(method: string, port: number, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 5_000): Promise<HttpResult> {
  return new Promise((res, rej) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        timeout: timeoutMs,
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...headers },
      },
      (r) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (d: string) => (text += d));
        r.on('end', () => {
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          res({ status: r.statusCode ?? 0, body: parsed, text });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', rej);
    req.end(payload);
  });
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [bold(line(rows[0])), ...rows.slice(1).map(line)];
}

export async function runNetwork(opts: { smoke: boolean }): Promise<void> {
  const startedAt = Date.now();
  const repo = findRepoRoot(__dirname);
  const dist = join(repo, 'dist');

  let pg: EmbeddedPostgres | undefined;
  let kafka: KafkaCluster | undefined;
  let kafkaDir: string | undefined;
  let keycloak: KeycloakServer | undefined;
  let keycloakDir: string | undefined;
  const procs: Proc[] = [];
  let stopping: Promise<void> | undefined;

  const shutdown = (code: number, reason?: string): Promise<void> => {
    stopping ??= (async () => {
      const t = Date.now();
      if (reason) info(reason);
      const infra = procs.length || kafka || pg || keycloakDir;
      if (infra) info('stopping...');
      await Promise.all(
        procs.map(async (p) => {
          if (!p.child || p.exited) return;
          p.child.kill('SIGTERM');
          const graceful = await Promise.race([p.exit!.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
          if (!graceful) {
            info(`${p.tag} did not stop within ${STOP_GRACE_MS / 1000} s: SIGKILL`);
            p.child.kill('SIGKILL');
            await p.exit;
          }
        }),
      );
      const stopKafka = async (): Promise<void> => {
        if (kafka) {
          await kafka.stop().catch((e: Error) => info(`Kafka: ${e.message}`));
          info('Kafka stopped');
        } else if (kafkaDir) {
          // Stopped while Kafka was starting: its nodes are running without a handle yet.
          if (await killKafkaOrphans(kafkaDir)) info('Kafka stopped while starting');
        }
      };
      const stopKeycloak = async (): Promise<void> => {
        if (keycloak) {
          await keycloak.stop().catch((e: Error) => info(`Keycloak: ${e.message}`));
          info('Keycloak stopped');
        } else if (keycloakDir) {
          if (await killKeycloakOrphans(keycloakDir)) info('Keycloak stopped while starting');
        }
      };
      await Promise.all([stopKafka(), stopKeycloak()]);
      if (pg) {
        await pg.stop().catch((e: Error) => info(`embedded PostgreSQL: ${e.message}`));
        info('embedded PostgreSQL stopped');
      }
      if (infra) info(`stopped in ${Date.now() - t} ms${code ? ` (exit ${code})` : ''}`);
      process.exit(code);
    })();
    return stopping;
  };
  const killNow = (): void => {
    for (const p of procs) if (p.child && !p.exited) p.child.kill('SIGKILL');
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (stopping) killNow();
      void shutdown(0, `${sig} received`);
    });
  }
  // Second Ctrl-C, forwarded by the entry process.
  process.on('SIGQUIT', () => {
    killNow();
    void shutdown(0, 'stopping now');
  });
  // The entry process is gone (killed): nobody is left to forward Ctrl-C, so stop.
  process.on('disconnect', () => void shutdown(1, 'launcher process went away'));

  try {
    // ---- configuration -------------------------------------------------------------------
    const networkFile = join(repo, 'deploy', 'network.json');
    const network = JSON.parse(readFileSync(networkFile, 'utf8')) as NetworkFile;
    const operators = network.operators.filter((o) => o.active !== false);
    const topicPrefix = network.topicPrefix ?? 'postbridge';
    const portBase = intEnv('PB_PORT_BASE', DEFAULT_PORT_BASE, 1024, 65000);
    const shift = portBase - DEFAULT_PORT_BASE;
    const dataDir = resolve(process.env.PB_DATA_DIR?.trim() || join(repo, '.data'));
    const logLevel = process.env.PB_LOG_LEVEL?.trim() || 'info';
    const externalDb = process.env.DATABASE_URL?.trim() || undefined;
    const externalKafka = (process.env.KAFKA_BROKERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const pgPort = externalDb ? undefined : intEnv('PB_PG_PORT', DEFAULT_PG_PORT + shift, 1024, 65535);
    const kafkaPort = externalKafka.length ? undefined : intEnv('PB_KAFKA_PORT', DEFAULT_KAFKA_PORT + shift, 1024, 65000);
    const keycloakPort = intEnv('PB_KEYCLOAK_PORT', DEFAULT_KEYCLOAK_PORT + shift, 1024, 65534);
    const keycloakManagementPort = keycloakPort + 1;
    // The address browsers and curl use: tokens name it as their issuer, so the apps use it too.
    const idpUrl = `http://localhost:${keycloakPort}`;
    const issuerOf = (realm: string): string => `${idpUrl}/realms/${realm}`;
    const topics = new TopicNames(topicPrefix);
    const allTopics = [...operators.flatMap((o) => topics.forOperator(o.code)), topics.brokerDlq()];
    // Each process its own principal, as deploy/kafka/acls.sh names them.
    const principalOf = (s: { operator?: OperatorEntry }): string => (s.operator ? KafkaPrincipals.node(s.operator.code) : KafkaPrincipals.broker);

    const brokerMain = join(dist, 'apps', 'broker', 'src', 'main.js');
    const nodeMain = join(dist, 'apps', 'operator-node', 'src', 'main.js');
    for (const m of [brokerMain, nodeMain]) {
      if (!existsSync(m)) throw new LaunchError(`${m} is missing: run npm run build (npm start does it for you)`);
    }

    // Dev signing keys, made once under .data/keys; every process reads the network file with their public halves.
    // The same keys and keyed network file `npm run network-keys` makes for compose, kept under .data/keys.
    const trust = writeNetworkKeys({ networkFile, dir: join(dataDir, 'keys') });
    const made = trust.keys.filter((k) => k.created).length;
    if (made > 0) info(`made ${made} Ed25519 signing key(s) in ${join(dataDir, 'keys')}`);
    const madeEnc = trust.encryptionKeys.filter((k) => k.created).length;
    if (madeEnc > 0) info(`made ${madeEnc} X25519 encryption key(s) in ${join(dataDir, 'keys')}`);
    const keyOf = new Map(trust.keys.map((k) => [k.signer, k]));
    const encryptionOf = new Map(trust.encryptionKeys.map((k) => [k.signer, k]));
    const signingEnv = (signer: string): Record<string, string> => ({
      NETWORK_FILE: trust.out,
      SIGNING_KEY_FILE: keyOf.get(signer)!.file,
      SIGNING_KEY_ID: keyOf.get(signer)!.id,
      ...(encryptionOf.has(signer) ? { ENCRYPTION_KEY_FILE: encryptionOf.get(signer)!.file } : {}),
    });

    const common: Record<string, string> = {
      TOPIC_PREFIX: topicPrefix,
      KAFKA_MAX_WAIT_MS: '20',
      LOG_LEVEL: logLevel,
      LOG_PRETTY: process.stdout.isTTY ? 'true' : 'false',
    };
    const specs: ProcSpec[] = [
      {
        tag: 'broker',
        role: 'broker',
        port: network.broker.httpPort + shift,
        database: 'postbridge_broker',
        main: brokerMain,
        env: { ...common, ...signingEnv(BROKER_SENDER_CODE) },
      },
      ...operators.map(
        (o): ProcSpec => ({
          tag: o.code,
          role: 'operator-node',
          operator: o,
          port: o.httpPort + shift,
          database: `postbridge_node_${o.code.toLowerCase()}`,
          main: nodeMain,
          env: {
            ...common,
            ...signingEnv(o.code),
            OPERATOR_CODE: o.code,
            OPERATOR_NAME: o.name,
            OPERATOR_COUNTRY: o.country,
            OPERATOR_TIME_ZONE: o.timeZone,
            OPERATOR_LANGUAGES: o.languages.join(','),
          },
        }),
      ),
    ];
    const tagWidth = Math.max(...specs.map((s) => s.tag.length)) + 2;
    const tagOf = (tag: string, i: number): string => paint(PALETTE[i % PALETTE.length], `[${tag}]`.padEnd(tagWidth));

    // ---- ports -----------------------------------------------------------------------------
    const busy: string[] = [];
    for (const s of specs) {
      const problem = await portProblem(s.port);
      if (problem) busy.push(`  port ${s.port} (${s.role === 'broker' ? 'broker' : `${s.tag} operator node`}): ${problem}`);
    }
    if (pgPort !== undefined && orphanPostgresPort(join(dataDir, 'postgres')) !== pgPort) {
      const problem = await portProblem(pgPort);
      if (problem) busy.push(`  port ${pgPort} (embedded PostgreSQL): ${problem}`);
    }
    if (kafkaPort !== undefined) {
      // A node left running by a run that was killed holds these ports: it goes first.
      const orphans = await killKafkaOrphans(join(dataDir, 'kafka'));
      if (orphans) info(`stopped ${orphans} Kafka node(s) left running by an earlier run`);
      for (const [port, what] of [[kafkaPort, 'Kafka'], [kafkaPort + 1, 'Kafka inter-broker'], [kafkaPort + 2, 'Kafka controller']] as const) {
        const problem = await portProblem(port);
        if (problem) busy.push(`  port ${port} (${what}): ${problem}`);
      }
    }
    const kcDir = join(dataDir, 'keycloak');
    // A Keycloak left running by a run that was killed holds its ports and H2 files: it goes first.
    if (await killKeycloakOrphans(kcDir)) info('stopped a Keycloak left running by an earlier run');
    for (const [port, what] of [[keycloakPort, 'Keycloak'], [keycloakManagementPort, 'Keycloak management']] as const) {
      const problem = await portProblem(port);
      if (problem) busy.push(`  port ${port} (${what}): ${problem}`);
    }
    if (busy.length) {
      throw new LaunchError(
        `cannot start: port(s) already in use:\n${busy.join('\n')}\n` +
          `Is another \`npm start\` running? Stop it, or shift every port, e.g. PB_PORT_BASE=${portBase + 1000} npm start ` +
          `(broker on ${portBase + 1000}, nodes from ${portBase + 1001}, PostgreSQL on ${DEFAULT_PG_PORT + shift + 1000}, Kafka on ${DEFAULT_KAFKA_PORT + shift + 1000}, Keycloak on ${DEFAULT_KEYCLOAK_PORT + shift + 1000}; PB_PG_PORT, PB_KAFKA_PORT and PB_KEYCLOAK_PORT set theirs alone).`,
      );
    }

    // ---- Keycloak (in the background) -------------------------------------------------------
    // A JVM starting takes seconds of CPU: it runs while PostgreSQL and Kafka start, and the apps
    // need it only on their first token (they fetch the issuer's keys then), so it is awaited last.
    // Not recursive with 0700: PostgreSQL (as root: user postgres) must still traverse the data dir.
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(kcDir, { recursive: true, mode: 0o700 });
    keycloakDir = kcDir;
    // Random, made once: the realm's client secrets derive from this seed (the public default would make them guessable).
    const secretsFile = join(kcDir, 'secrets.json');
    const secretSeed = keptSecret(secretsFile, 'secretSeed');
    // startKeycloak keeps the admin in admin.json (0600): reused so it is made once too.
    const adminPassword = readJson<{ password?: string }>(join(kcDir, 'admin.json'))?.password || randomBytes(18).toString('base64url');
    const urlsOf = (port: number): string[] => [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
    const realms: RealmRepresentation[] = [
      hubRealm({ operatorCodes: operators.map((o) => o.code), secretSeed, brokerUrls: urlsOf(network.broker.httpPort + shift) }),
      ...operators.map((o) => operatorRealm({ code: o.code, nodeUrls: urlsOf(o.httpPort + shift), users: defaultOperatorUsers(), secretSeed })),
    ];
    // Every confidential client's secret beside the seed, for whoever wants to call as that client.
    const clientSecrets = Object.fromEntries(realms.map((r) => [r.realm, Object.fromEntries(r.clients.filter((c) => typeof c.secret === 'string').map((c) => [String(c.clientId), String(c.secret)]))]));
    writeFileSync(secretsFile, `${JSON.stringify({ secretSeed, clientSecrets }, null, 2)}\n`, { mode: 0o600 });
    const oidcEnv = (s: ProcSpec): Record<string, string> =>
      s.operator
        ? {
            OIDC_ISSUER: issuerOf(operatorRealmName(s.operator.code)),
            OIDC_AUDIENCE: nodeAudience(s.operator.code),
            OIDC_DOCS_CLIENT_ID: DOCS_CLIENT,
            OIDC_CLIENT_ID: 'console',
            OIDC_CLIENT_SECRET: clientSecret(secretSeed, s.operator.code, 'console'),
            PUBLIC_URL: `http://localhost:${s.port}`,
          }
        : { OIDC_ISSUER: issuerOf(HUB_REALM), OIDC_AUDIENCE: BROKER_AUDIENCE, OIDC_DOCS_CLIENT_ID: DOCS_CLIENT };
    // importRealm deletes and recreates (~2 s a realm): only when the realms changed or one is missing.
    const stamp = join(kcDir, 'realms.sha256');
    const digest = createHash('sha256').update(JSON.stringify(realms)).digest('hex');
    const stamped = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest;
    const keycloakReady = (async (): Promise<void> => {
      const t = Date.now();
      keycloak = await startKeycloak({
        dataDir: kcDir,
        port: keycloakPort,
        managementPort: keycloakManagementPort,
        adminPassword,
        // No import ahead: C1 only, 7 instead of 13 CPU seconds to start (measured), on CPUs the apps and Kafka need now.
        jvmFlags: stamped ? ['-XX:TieredStopAtLevel=1'] : [],
        log: (l) => out(`${paint(90, '[keycloak]'.padEnd(tagWidth))} ${dim(l)}`),
      });
      info(`Keycloak on ${idpUrl} ready in ${Date.now() - t} ms (data in ${kcDir})`);
      if (stopping) return;
      // The realms' public endpoints, not the admin API: no admin sign-in on a warm start (1-2 s saved).
      const kcUrl = keycloak.url;
      const present = async (realm: string): Promise<boolean> => {
        const r = await fetch(`${kcUrl}/realms/${realm}`, { signal: AbortSignal.timeout(10_000) });
        await r.arrayBuffer();
        return r.status === 200;
      };
      if (stamped && (await Promise.all(realms.map((r) => present(r.realm)))).every(Boolean)) return;
      const admin = new KeycloakAdmin(keycloak.url, keycloak.adminUser, keycloak.adminPassword);
      const t2 = Date.now();
      rmSync(stamp, { force: true });
      // In parallel: 5 realms in 6 s instead of 10 s (measured).
      await Promise.all(realms.map((r) => admin.importRealm(r)));
      writeFileSync(stamp, `${digest}\n`);
      info(`Keycloak realms ${realms.map((r) => r.realm).join(', ')} imported in ${Date.now() - t2} ms`);
    })().catch((e: Error) => {
      if (!stopping) void shutdown(1, paint(31, `local-network: Keycloak: ${e.message}`));
    });

    // ---- PostgreSQL + Kafka ----------------------------------------------------------------

    let serverUrl: string;
    if (externalDb) {
      serverUrl = externalDb;
      info(`PostgreSQL: DATABASE_URL ${redact(externalDb)}`);
    } else {
      mkdirSync(dataDir, { recursive: true });
      const t = Date.now();
      pg = await startEmbeddedPostgres({
        dataDir: join(dataDir, 'postgres'),
        persistent: true,
        port: pgPort,
        log: (l) => {
          if (/^embedded-pg/.test(l) || /\b(ERROR|FATAL|PANIC):/.test(l)) out(`${paint(90, '[pg]'.padEnd(tagWidth))} ${dim(l)}`);
        },
      });
      serverUrl = pg.url;
      info(`embedded PostgreSQL on 127.0.0.1:${pg.port} (data in ${pg.dataDir}) ready in ${Date.now() - t} ms`);
    }
    if (stopping) return;
    const created = await ensureDatabases(serverUrl, specs.map((s) => s.database));
    if (created.length) info(`created database(s) ${created.join(', ')}`);
    if (stopping) return;

    let kafkaBrokers: string;
    const kafkaEnv = new Map<string, Record<string, string>>();
    if (externalKafka.length) {
      kafkaBrokers = externalKafka.join(',');
      info(`Kafka: KAFKA_BROKERS ${kafkaBrokers} (apps take KAFKA_SASL_* from the environment; topics and ACLs: deploy/kafka/*.sh)`);
      await createExternalTopics(externalKafka, allTopics);
    } else {
      const verbose = logLevel === 'debug' || logLevel === 'trace';
      const t = Date.now();
      kafkaDir = join(dataDir, 'kafka');
      kafka = await startKafkaCluster({
        dataDir: kafkaDir,
        persistent: true,
        basePort: kafkaPort,
        users: KafkaPrincipals.forOperators(network.operators.map((o) => o.code)),
        log: (l) => {
          if (verbose || l.startsWith('kafka: fetching') || l.includes('jars fetched') || l.includes('formatted in')) out(`${paint(90, '[kafka]'.padEnd(tagWidth))} ${dim(l)}`);
        },
      });
      kafkaBrokers = kafka.brokers.join(',');
      info(`Apache Kafka ${kafka.version} on ${kafkaBrokers} ready in ${Date.now() - t} ms (SASL/SCRAM-SHA-512, ACLs; data in ${kafkaDir})`);
      if (stopping) return;
      // Topics, ACLs and client quotas by the operator's own scripts, on the fetched jars; again only when the network file or a script changed.
      const stamp = join(kafkaDir, 'provisioned.sha256');
      const digest = ['create-topics.sh', 'acls.sh', 'quotas.sh'].reduce((h, f) => h.update(readFileSync(join(repo, 'deploy', 'kafka', f))), createHash('sha256').update(readFileSync(networkFile))).digest('hex');
      if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== digest) {
        const t2 = Date.now();
        info('creating topics, ACLs and quotas with deploy/kafka/create-topics.sh, acls.sh and quotas.sh (once per network file)...');
        await runProvisionScripts(kafka.brokers[0], kafka.admin, { networkFile, topicPrefix, quotas: true }, (l) => info(l));
        writeFileSync(stamp, `${digest}\n`);
        info(`topics, ACLs and quotas ready in ${Date.now() - t2} ms`);
      }
      for (const spec of specs) kafkaEnv.set(spec.tag, kafkaClientEnv(kafka.brokers, kafka.sasl(principalOf(spec))));
    }
    if (stopping) return;

    // ---- apps ------------------------------------------------------------------------------
    // Never production here: that would refuse the loopback Kafka without TLS (docs/security.md, section 9).
    const inherited: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development' };
    delete inherited.PB_LOCAL_NETWORK_SUPERVISOR;
    specs.forEach((s, i) => {
      const p: Proc = { ...s, tail: [], exited: false };
      procs.push(p);
      const tag = tagOf(s.tag, i);
      const child = spawn(process.execPath, [s.main], {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...inherited, ...s.env, HTTP_PORT: String(s.port), DATABASE_URL: withDatabase(serverUrl, s.database), KAFKA_BROKERS: kafkaBrokers, ...kafkaEnv.get(s.tag), ...oidcEnv(s) },
      });
      p.child = child;
      const onLine = (stream: NodeJS.WriteStream) => (line: string) => {
        p.tail.push(line);
        if (p.tail.length > TAIL_LINES) p.tail.shift();
        stream.write(`${tag} ${line}\n`);
      };
      createInterface({ input: child.stdout! }).on('line', onLine(process.stdout));
      createInterface({ input: child.stderr! }).on('line', onLine(process.stderr));
      p.exit = new Promise<void>((res) => {
        child.once('exit', (code, signal) => {
          p.exited = true;
          res();
          if (!stopping) void shutdown(1, paint(31, `${s.tag} (pid ${child.pid}) exited unexpectedly (${signal ?? `code ${code}`}); stopping the network`));
        });
      });
      child.once('error', (e) => {
        p.exited = true;
        if (!stopping) void shutdown(1, `${s.tag}: cannot start ${s.main}: ${e.message}`);
      });
    });

    // ---- health ----------------------------------------------------------------------------
    const healthDeadline = Date.now() + HEALTH_TIMEOUT_MS;
    const healthy = new Set<string>();
    while (healthy.size < procs.length) {
      if (stopping) return;
      await Promise.all(
        procs
          .filter((p) => !healthy.has(p.tag))
          .map(async (p) => {
            try {
              const r = await http('GET', p.port, '/health', undefined, {}, 2_000);
              if (r.status === 200 && (r.body as { status?: string } | undefined)?.status === 'ok') healthy.add(p.tag);
            } catch {
              // not listening yet
            }
          }),
      );
      if (healthy.size === procs.length) break;
      if (Date.now() > healthDeadline) {
        const late = procs.filter((p) => !healthy.has(p.tag));
        const report = late
          .map((p) => `${p.tag} (http://localhost:${p.port}/health) is not healthy; its last log lines:\n${p.tail.map((l) => `    ${l}`).join('\n') || '    (no output)'}`)
          .join('\n');
        await shutdown(1, paint(31, `not healthy within ${HEALTH_TIMEOUT_MS / 1000} s: ${late.map((p) => p.tag).join(', ')}\n${report}`));
        return;
      }
      await sleep(250);
    }
    await keycloakReady;
    if (stopping) return;
    const readyMs = Date.now() - startedAt;

    // ---- banner ----------------------------------------------------------------------------
    const url = (p: Proc): string => `http://localhost:${p.port}`;
    const dbLabel = (p: Proc): string => (pg ? `${p.database} @ 127.0.0.1:${pg.port}` : `${p.database} @ ${new URL(serverUrl).host}`);
    const rows = [
      ['ROLE', 'OPERATOR', 'URL', 'SWAGGER UI', 'DATABASE'],
      ...procs.map((p) => [p.role, p.operator ? `${p.operator.code} ${p.operator.name}` : '-', url(p), `${url(p)}/docs`, dbLabel(p)]),
    ];
    const origin = procs.find((p) => p.tag === 'CH') ?? procs[1];
    const dest = procs.find((p) => p.tag === 'US') ?? procs[2] ?? procs[1];
    const openBody = {
      itemId: 'RB123456785GB',
      destinationOperator: dest.tag,
      inquiryType: 'FULL_INVESTIGATION',
      reasons: ['NOT_ARRIVED'],
      customer: { name: 'Jane Doe' },
      description: { text: 'The parcel never arrived.', language: 'en' },
    };
    const tokenUrl = (realm: string): string => `${issuerOf(realm)}/protocol/openid-connect/token`;
    // No jq on a fresh machine: sed picks the token out of the JSON.
    const pick = `sed -E 's/.*"access_token":"([^"]+)".*/\\1/'`;
    const userToken = (p: Proc): string => `curl -s -d grant_type=password -d client_id=${CLI_CLIENT} -d username=agent -d password=agent ${tokenUrl(operatorRealmName(p.tag))} | ${pick}`;
    const scan = { events: [{ itemId: openBody.itemId, code: 'EMC', occurredAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), office: `${origin.operator?.country ?? origin.tag}ZRHA`, destinationCountry: dest.operator?.country ?? dest.tag }] };
    const hr = '-'.repeat(100);
    out(
      [
        '',
        hr,
        bold(`PostBridge local network "${network.network}" is up (${(readyMs / 1000).toFixed(1)} s)`),
        '',
        ...table(rows),
        '',
        `Kafka bootstrap: ${kafkaBrokers}${kafka ? dim(`  (Apache Kafka ${kafka.version}, SASL/SCRAM-SHA-512; users and passwords in ${join(dataDir, 'kafka', 'cluster.json')})`) : ''}`,
        `PostgreSQL:      ${pg ? `${pg.url}${dim(`  (embedded, data kept across restarts in ${pg.dataDir})`)}` : redact(serverUrl)}`,
        `Keycloak:        ${idpUrl}${dim(`  (realms ${realms.map((r) => r.realm).join(', ')}; data in ${kcDir})`)}`,
        `  admin console ${idpUrl}/admin/ as ${keycloak?.adminUser ?? 'admin'}, password in ${join(kcDir, 'admin.json')}`,
        `  users in every operator realm (password = user name): agent, agent2, supervisor, templates, auditor, admin (node-admin), dpo; hub realm: hub-ops`,
        '',
        `Sign in in the browser: ${url(origin)}/auth/login as agent / agent (${origin.tag}); Swagger UI ${url(origin)}/docs -> Authorize (client ${DOCS_CLIENT})`,
        '',
        `A token for curl (user agent at ${origin.tag}; valid 5 minutes):`,
        `  TOKEN=$(${userToken(origin)})`,
        `Open a case at ${origin.tag} for ${dest.tag}:`,
        `  curl -s -X POST ${url(origin)}/cases -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '${JSON.stringify(openBody)}'`,
        `Then see it at ${dest.tag} (as agent at ${dest.tag}):`,
        `  TOKEN_${dest.tag}=$(${userToken(dest)})`,
        `  curl -s '${url(dest)}/cases?direction=INCOMING' -H "Authorization: Bearer $TOKEN_${dest.tag}"`,
        `${origin.tag}'s tracking system posts scans (client credentials; every client's secret is in ${secretsFile}):`,
        `  TRACKING=$(curl -s -d grant_type=client_credentials -d client_id=tracking-system -d client_secret=${clientSecret(secretSeed, origin.tag, 'tracking-system')} ${tokenUrl(operatorRealmName(origin.tag))} | ${pick})`,
        `  curl -s -X POST ${url(origin)}/tracking/events -H "Authorization: Bearer $TRACKING" -H 'Content-Type: application/json' -d '${JSON.stringify(scan)}'`,
        '',
        opts.smoke ? 'Smoke test running...' : bold('Ctrl-C to stop'),
        hr,
        '',
      ].join('\n'),
    );

    if (!opts.smoke) return;

    // ---- smoke -----------------------------------------------------------------------------
    const t0 = Date.now();
    const deadline = t0 + SMOKE_TIMEOUT_MS;
    const eventually = async (what: string, probe: () => Promise<boolean>): Promise<void> => {
      let last = '';
      while (Date.now() < deadline) {
        if (stopping) throw new Error('stopped');
        try {
          if (await probe()) return;
        } catch (e) {
          last = (e as Error).message;
        }
        await sleep(100);
      }
      throw new Error(`timed out after ${SMOKE_TIMEOUT_MS / 1000} s waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    };
    try {
      // Real tokens, as the banner's curl gets them: user agent of each side's realm.
      const bearer = async (p: Proc): Promise<Record<string, string>> => ({ authorization: `Bearer ${(await passwordToken(idpUrl, operatorRealmName(p.tag), CLI_CLIENT, 'agent', 'agent')).access_token}` });
      const anonymous = await http('GET', origin.port, '/cases');
      if (anonymous.status !== 401) throw new Error(`anonymous GET ${url(origin)}/cases answered ${anonymous.status}, not 401: ${anonymous.text.slice(0, 300)}`);
      info(`smoke: anonymous GET /cases at ${origin.tag} refused with 401`);
      const agent = await bearer(origin);
      const destAgent = await bearer(dest);
      const opened = await http('POST', origin.port, '/cases', openBody, agent);
      const id = (opened.body as { id?: string } | undefined)?.id;
      if (opened.status !== 201 || !id) throw new Error(`POST ${url(origin)}/cases answered ${opened.status}: ${opened.text.slice(0, 500)}`);
      info(`smoke: opened case ${id} at ${origin.tag}`);
      await eventually(`case ${id} in ${dest.tag}'s INCOMING list`, async () => {
        const r = await http('GET', dest.port, '/cases?direction=INCOMING&pageSize=200', undefined, destAgent);
        return ((r.body as { items?: Array<{ id: string }> } | undefined)?.items ?? []).some((c) => c.id === id);
      });
      info(`smoke: case ${id} arrived at ${dest.tag}`);
      await eventually(`case ${id} to be OPEN at ${origin.tag}`, async () => {
        const r = await http('GET', origin.port, `/cases/${id}`, undefined, agent);
        return (r.body as { status?: string } | undefined)?.status === 'OPEN';
      });
      out(`SMOKE OK ${Date.now() - t0}`);
      await shutdown(0);
    } catch (e) {
      if (stopping) return;
      await shutdown(1, paint(31, `SMOKE FAILED: ${(e as Error).message}`));
    }
  } catch (e) {
    const msg = e instanceof LaunchError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    await shutdown(1, paint(31, `local-network: ${msg}`));
  }
}
