/**
 * Picks the PostgreSQL server + Apache Kafka cluster for integration/e2e tests:
 * 1. testcontainers when a Docker engine answers: PostgreSQL in a container, Kafka as below;
 * 2. else DATABASE_URL (a server URL: tests create databases on it) + KAFKA_BROKERS, with the
 *    admin credentials in KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD (SCRAM-SHA-512);
 * 3. else local: embedded PostgreSQL + Apache Kafka (tools/kafka/pom.xml) as a JVM.
 * Kafka is always the pinned Apache Kafka, secured (SCRAM, ACLs); only the env path can point
 * elsewhere. PB_TEST_INFRA=testcontainers|env|local forces a path.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, startEmbeddedPostgres } from './embedded-pg';
import { killKafkaOrphans, startKafkaCluster } from './kafka/kafka-cluster';

export type TestInfraKind = 'testcontainers' | 'env' | 'local';

export interface TestInfra {
  kind: TestInfraKind;
  /** Superuser URL of a server where tests may CREATE/DROP DATABASE. */
  databaseServerUrl: string;
  kafkaBrokers: string[];
  /** SCRAM users (admin, principals of the apps) and their passwords; only admin on the env path. */
  kafkaUsers: Record<string, string>;
  /** The super user among them. */
  kafkaAdmin: string;
  stop(): Promise<void>;
}

export interface StartTestInfraOptions {
  log?: (line: string) => void;
  /** Overrides PB_TEST_INFRA. */
  kind?: TestInfraKind;
  /** SCRAM users to create besides admin (the apps' principals). */
  kafkaUsers?: string[];
  /** Docker probe timeout. Default 1500 ms. */
  dockerTimeoutMs?: number;
}

const LOCAL_PG_PREFIX = 'pb-test-pg-';

/** Where a Docker engine might listen: DOCKER_HOST, else the usual sockets. */
function dockerEndpoints(): Array<{ socketPath: string } | { host: string; port: number; tls: boolean }> {
  const dh = process.env.DOCKER_HOST;
  if (dh) {
    if (dh.startsWith('unix://')) return [{ socketPath: dh.slice('unix://'.length) }];
    const m = /^(?:tcp|http|https):\/\/([^:/]+):(\d+)/.exec(dh);
    if (m) return [{ host: m[1], port: Number(m[2]), tls: !!process.env.DOCKER_TLS_VERIFY || dh.startsWith('https') }];
    return [];
  }
  const candidates = [
    '/var/run/docker.sock',
    join(homedir(), '.docker/run/docker.sock'),
    join(homedir(), '.docker/desktop/docker.sock'),
    process.env.XDG_RUNTIME_DIR ? join(process.env.XDG_RUNTIME_DIR, 'docker.sock') : '',
    `/run/user/${process.getuid?.() ?? 0}/docker.sock`,
  ];
  return [...new Set(candidates)].filter((p) => p && existsSync(p)).map((socketPath) => ({ socketPath }));
}

function pingEndpoint(ep: ReturnType<typeof dockerEndpoints>[number], timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (ok: boolean): void => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        resolve(ok);
      }
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    if ('tls' in ep && ep.tls) {
      // Without the client certs we cannot ping; an open port is enough for a guess, testcontainers verifies.
      const s = connect(ep.port, ep.host, () => (s.destroy(), finish(true)));
      s.on('error', () => finish(false));
      timer.unref?.();
      return;
    }
    const req = httpRequest(
      { ...('socketPath' in ep ? { socketPath: ep.socketPath } : { host: ep.host, port: ep.port }), path: '/_ping', method: 'GET', timeout: timeoutMs },
      (res) => {
        res.resume();
        finish(res.statusCode === 200);
      },
    );
    req.on('error', () => finish(false));
    req.on('timeout', () => (req.destroy(), finish(false)));
    req.end();
  });
}

/** True when a Docker engine answers /_ping within `timeoutMs` (never hangs). */
export async function dockerEngineAvailable(timeoutMs = 1500): Promise<boolean> {
  const eps = dockerEndpoints();
  if (eps.length === 0) return false;
  const results = await Promise.all(eps.map((ep) => pingEndpoint(ep, timeoutMs)));
  return results.some(Boolean);
}

/** Removes local test clusters whose run was killed (their orphaned postmaster included). */
async function sweepStaleLocalClusters(log: (l: string) => void): Promise<void> {
  const base = tmpdir();
  for (const name of readdirSync(base)) {
    if (!name.startsWith(LOCAL_PG_PREFIX)) continue;
    const dir = join(base, name);
    try {
      const ownerFile = join(dir, 'owner.pid');
      const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8').trim()) : 0;
      // No owner file yet: maybe a run that is just starting, leave young dirs alone.
      if (owner ? isAlive(owner) : Date.now() - statSync(dir).mtimeMs < 60_000) continue;
      const pidFile = join(dir, 'data', 'postmaster.pid');
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        let cmd = '';
        try {
          cmd = pid ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') : '';
        } catch {
          // already gone
        }
        // Orphan of a killed run: its data is throwaway, so no clean shutdown needed.
        if (cmd.includes(dir)) process.kill(pid, 'SIGKILL');
      }
      await killKafkaOrphans(join(dir, 'kafka'));
      rmSync(dir, { recursive: true, force: true });
      log(`test-infra: removed stale ${dir}`);
    } catch {
      // racing another sweeper or a vanished process: best effort only
    }
  }
}

/**
 * PostgreSQL (started by `startPg`) and the pinned Apache Kafka side by side, in a folder of the
 * run's own that the sweep above removes once its owner is gone.
 */
async function startWithKafka(kind: TestInfraKind, startPg: (root: string) => Promise<{ url: string; stop(): Promise<void> }>, opts: StartTestInfraOptions, log: (l: string) => void): Promise<TestInfra> {
  await sweepStaleLocalClusters(log);
  const root = mkdtempSync(join(tmpdir(), LOCAL_PG_PREFIX));
  // mkdtemp gives 0700; as root the server runs as `postgres` and must traverse into data/.
  chmodSync(root, 0o711);
  writeFileSync(join(root, 'owner.pid'), `${process.pid}\n`);
  const [pg, kafka] = await Promise.allSettled([startPg(root), startKafkaCluster({ dataDir: join(root, 'kafka'), users: opts.kafkaUsers, log })]);
  if (pg.status === 'rejected' || kafka.status === 'rejected') {
    await Promise.all([pg, kafka].map((r) => (r.status === 'fulfilled' ? r.value.stop().catch(() => undefined) : undefined)));
    rmSync(root, { recursive: true, force: true });
    throw (pg.status === 'rejected' ? pg.reason : (kafka as PromiseRejectedResult).reason) as Error;
  }
  return {
    kind,
    databaseServerUrl: pg.value.url,
    kafkaBrokers: kafka.value.brokers,
    kafkaUsers: Object.fromEntries(kafka.value.users),
    kafkaAdmin: kafka.value.admin.name,
    stop: async () => {
      await Promise.allSettled([pg.value.stop(), kafka.value.stop()]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function startTestcontainers(opts: StartTestInfraOptions, log: (l: string) => void): Promise<TestInfra> {
  const pgImage = process.env.PB_TEST_POSTGRES_IMAGE ?? 'postgres:18-alpine';
  // Kafka runs from the pinned jars here too: the same version, SCRAM users and ACLs as elsewhere.
  log(`test-infra: starting container ${pgImage}, Apache Kafka as a JVM`);
  return startWithKafka(
    'testcontainers',
    async () => {
      // Lazy: the other paths must not load testcontainers (slow, and it probes Docker itself).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { PostgreSqlContainer } = require('@testcontainers/postgresql') as typeof import('@testcontainers/postgresql');
      const c = await new PostgreSqlContainer(pgImage)
        .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'])
        .start();
      return { url: c.getConnectionUri(), stop: async () => void (await c.stop()) };
    },
    opts,
    log,
  );
}

function startLocal(opts: StartTestInfraOptions, log: (l: string) => void): Promise<TestInfra> {
  const quiet = (l: string): void => {
    // FATAL/ERROR lines are mostly tests' expected failures; start errors carry the log tail anyway.
    if (/^(embedded-pg|kafka|test-infra)/.test(l) || /PANIC/.test(l)) log(l);
  };
  return startWithKafka('local', (root) => startEmbeddedPostgres({ dataDir: join(root, 'data'), persistent: false, log: quiet }), opts, quiet);
}

export async function startTestInfra(opts: StartTestInfraOptions = {}): Promise<TestInfra> {
  const log = opts.log ?? (() => undefined);
  const forced = opts.kind ?? (process.env.PB_TEST_INFRA as TestInfraKind | undefined);
  if (forced && !['testcontainers', 'env', 'local'].includes(forced)) {
    throw new Error(`test-infra: PB_TEST_INFRA must be testcontainers, env or local (got '${forced}')`);
  }
  const started = Date.now();
  let kind: TestInfraKind;
  if (forced) {
    kind = forced;
  } else if (await dockerEngineAvailable(opts.dockerTimeoutMs ?? 1500)) {
    kind = 'testcontainers';
  } else if (process.env.DATABASE_URL && process.env.KAFKA_BROKERS) {
    kind = 'env';
  } else {
    kind = 'local';
  }
  log(`test-infra: using ${kind}${forced ? ' (forced)' : ''} (decided in ${Date.now() - started} ms)`);

  let infra: TestInfra;
  if (kind === 'testcontainers') {
    infra = await startTestcontainers(opts, log);
  } else if (kind === 'env') {
    const url = process.env.DATABASE_URL;
    const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
    if (!url || brokers.length === 0) throw new Error('test-infra: env path needs DATABASE_URL and KAFKA_BROKERS');
    const user = process.env.KAFKA_SASL_USERNAME;
    const password = process.env.KAFKA_SASL_PASSWORD;
    if (!user || !password) throw new Error('test-infra: env path needs the cluster admin in KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (SCRAM-SHA-512)');
    infra = { kind, databaseServerUrl: url, kafkaBrokers: brokers, kafkaUsers: { [user]: password }, kafkaAdmin: user, stop: async () => undefined };
  } else {
    infra = await startLocal(opts, log);
  }
  log(`test-infra: ${kind} ready in ${Date.now() - started} ms (kafka ${infra.kafkaBrokers.join(',')})`);
  return infra;
}
