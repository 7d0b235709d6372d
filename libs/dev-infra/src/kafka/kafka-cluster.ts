/**
 * A real Apache Kafka cluster in KRaft mode, run as JVM processes on the jars of tools/kafka/pom.xml,
 * secured as production is: clients authenticate with SASL/SCRAM-SHA-512, the authorizer is
 * StandardAuthorizer with allow.everyone.if.no.acl.found=false, topics are never auto-created.
 * Controllers talk SASL/PLAIN among themselves, so nothing on loopback is a super user unasked.
 *
 * One node (npm start, the shared cluster of npm test) or three (resilience tests: RF 3,
 * min.insync.replicas 2). Nodes can be killed (SIGKILL), stopped and started again, and a client
 * listener can be advertised through a TCP proxy (tcp-proxy.ts) to add latency or a black hole.
 */
import { AppCds, appCds } from '../appcds';
import { killOrphanByPidFile } from '../orphans';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel, SASLOptions } from 'kafkajs';
import { freePort } from '../embedded-pg';
import { ensureKafkaRuntime, KafkaRuntime } from './kafka-runtime';
import { runCommand } from './run-command';

export interface KafkaUser {
  readonly name: string;
  readonly password: string;
}

export interface KafkaClusterOptions {
  /** Root folder: one sub-folder per node (`node-1`, ...) and `cluster.json`. */
  dataDir: string;
  /** Default 1. With 3 or more: replication factor 3 and min.insync.replicas 2. */
  nodes?: number;
  /** Keep the data on stop and reuse it on start (npm start). Default false: wiped on start and stop. */
  persistent?: boolean;
  /** SCRAM users besides `admin` (the super user the cluster creates for itself). */
  users?: string[];
  /** Client port of node 1 (node n gets base + 10·(n-1), its internal and controller ports base+1, base+2). Default: free ports. */
  basePort?: number;
  /** The port clients are told to use for a node's client listener, e.g. a proxy in front of it. */
  advertise?: (node: number, clientPort: number) => Promise<number>;
  log?: (line: string) => void;
  /** Per node start (format excluded). Default 60000 ms. */
  startTimeoutMs?: number;
  /**
   * A second client listener, SASL_SSL with SCRAM-SHA-512, whose certificate and key (PEM files,
   * the key unencrypted PKCS#8) Kafka reads as a PEM keystore; clients must present a certificate
   * of `ca` when `clientAuth` is 'required'. The SASL_PLAINTEXT listener stays for the tools.
   */
  tls?: KafkaTlsListener;
}

export interface KafkaTlsListener {
  cert: string;
  key: string;
  /** PEM file of the CA(s) client certificates must chain to. */
  ca: string;
  /** Default 'none'. */
  clientAuth?: 'required' | 'requested' | 'none';
}

export interface KafkaCluster {
  /** Bootstrap addresses as clients see them (advertised). */
  readonly brokers: string[];
  /** Addresses of the SASL_SSL listener (KafkaClusterOptions.tls), else empty. */
  readonly tlsBrokers: string[];
  readonly clusterId: string;
  readonly version: string;
  /** The super user (topics, ACLs, users). */
  readonly admin: KafkaUser;
  /** Every SCRAM user and its password. */
  readonly users: ReadonlyMap<string, string>;
  readonly nodeIds: number[];
  /** kafkajs SASL options for a user of this cluster. */
  sasl(user: string): SASLOptions;
  /** SIGKILL, as a crash. */
  kill(node: number): Promise<void>;
  /** SIGTERM (controlled shutdown), SIGKILL after `graceMs`. */
  stopNode(node: number, graceMs?: number): Promise<void>;
  /** Starts a stopped or killed node on its existing data. */
  startNode(node: number): Promise<void>;
  /** Stops every node; removes the data unless persistent. Idempotent. */
  stop(): Promise<void>;
}

interface StoredCluster {
  clusterId: string;
  nodes: number;
  controllerPassword: string;
  users: Record<string, string>;
}

interface NodePorts {
  client: number;
  internal: number;
  controller: number;
  advertised: number;
  /** The SASL_SSL client listener, with KafkaClusterOptions.tls. */
  tls?: number;
}

const JVM_OPTS = ['-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData', '-Djava.awt.headless=true'];
const STARTED = 'Kafka Server started';

const newPassword = (): string => randomBytes(18).toString('hex');

/**
 * 16 random bytes in URL-safe base64, as Kafka's own Uuid.randomUuid makes them: never starting
 * with '-', which StorageTool would read as an option (one format in 64 failed before).
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function serverProperties(node: number, ids: number[], ports: Map<number, NodePorts>, dir: string, stored: StoredCluster, tls?: KafkaTlsListener): string {
  const p = ports.get(node)!;
  const rf = Math.min(3, ids.length);
  const minIsr = rf >= 3 ? 2 : 1;
  const scramJaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${stored.users.admin}";`;
  const plainJaas = `org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="${stored.controllerPassword}" user_controller="${stored.controllerPassword}";`;
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': node,
    'controller.quorum.voters': ids.map((id) => `${id}@127.0.0.1:${ports.get(id)!.controller}`).join(','),
    listeners: `CLIENT://127.0.0.1:${p.client},INTERNAL://127.0.0.1:${p.internal},CONTROLLER://127.0.0.1:${p.controller}`,
    'advertised.listeners': `CLIENT://127.0.0.1:${p.advertised},INTERNAL://127.0.0.1:${p.internal}`,
    'listener.security.protocol.map': 'CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'INTERNAL',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
    'listener.name.client.scram-sha-512.sasl.jaas.config': scramJaas,
    'listener.name.internal.scram-sha-512.sasl.jaas.config': scramJaas,
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.controller.plain.sasl.jaas.config': plainJaas,
    ...(tls && p.tls
      ? {
          listeners: `CLIENT://127.0.0.1:${p.client},INTERNAL://127.0.0.1:${p.internal},CONTROLLER://127.0.0.1:${p.controller},TLS://127.0.0.1:${p.tls}`,
          'advertised.listeners': `CLIENT://127.0.0.1:${p.advertised},INTERNAL://127.0.0.1:${p.internal},TLS://127.0.0.1:${p.tls}`,
          'listener.security.protocol.map': 'CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,TLS:SASL_SSL',
          'listener.name.tls.scram-sha-512.sasl.jaas.config': scramJaas,
          // PEM key and certificate in one file: Kafka's PEM keystore (no JKS or PKCS#12 to build).
          'listener.name.tls.ssl.keystore.type': 'PEM',
          'listener.name.tls.ssl.keystore.location': join(dir, 'tls-keystore.pem'),
          'listener.name.tls.ssl.truststore.type': 'PEM',
          'listener.name.tls.ssl.truststore.location': tls.ca,
          'listener.name.tls.ssl.client.auth': tls.clientAuth ?? 'none',
        }
      : {}),
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': false,
    'super.users': 'User:admin;User:controller',
    'auto.create.topics.enable': false,
    'log.dirs': join(dir, 'data'),
    'num.partitions': 3,
    'default.replication.factor': rf,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': rf,
    // 50 partitions by default: the first consumer group of a fresh cluster waits for all of them.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': 5,
    'share.coordinator.state.topic.replication.factor': rf,
    'share.coordinator.state.topic.min.isr': minIsr,
    'group.initial.rebalance.delay.ms': 0,
    // A dead node is noticed in 3 s instead of 9 s.
    'broker.heartbeat.interval.ms': 500,
    'broker.session.timeout.ms': 3000,
    // The cleaner takes a 128 MiB buffer at start by default.
    'log.cleaner.dedupe.buffer.size': 2097152,
    'num.network.threads': 2,
    'num.io.threads': 4,
  };
  return `${Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
}

/** The text of `file` from byte `offset` on ('' when it is missing or was rolled over). */
function logSince(file: string, offset: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = statSync(file).size;
    if (size <= offset) return '';
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A free port below Linux's ephemeral range (32768-60999). The JVM binds it seconds later, and a
 * restarted node binds it again: in the ephemeral range a client's outbound socket could take it
 * meanwhile (the run's own tests open thousands).
 */
export async function freeLowPort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const ok = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  return freePort();
}

/** Starts (formatting on first use) a KRaft cluster and resolves when every node serves clients. */
export async function startKafkaCluster(opts: KafkaClusterOptions): Promise<KafkaCluster> {
  const log = opts.log ?? (() => undefined);
  const rt = ensureKafkaRuntime({ say: log });
  const nodeCount = opts.nodes ?? 1;
  const ids = Array.from({ length: nodeCount }, (_, i) => i + 1);
  const stateFile = join(opts.dataDir, 'cluster.json');
  if (!opts.persistent) rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(opts.dataDir, { recursive: true });

  let stored: StoredCluster | undefined;
  if (opts.persistent && existsSync(stateFile)) {
    stored = JSON.parse(readFileSync(stateFile, 'utf8')) as StoredCluster;
    if (stored.nodes !== nodeCount) throw new Error(`kafka: ${opts.dataDir} holds a ${stored.nodes}-node cluster, not ${nodeCount}; remove the folder to start afresh`);
  }
  const fresh = !stored;
  const wanted = [...new Set(opts.users ?? [])].filter((u) => u !== 'admin' && u !== 'controller');
  stored ??= {
    clusterId: newClusterId(),
    nodes: nodeCount,
    controllerPassword: newPassword(),
    users: Object.fromEntries([['admin', newPassword()], ...wanted.map((u) => [u, newPassword()])]),
  };
  const lateUsers = wanted.filter((u) => !(u in stored!.users));
  for (const u of lateUsers) stored.users[u] = newPassword();
  const save = (): void => writeFileSync(stateFile, JSON.stringify(stored, null, 2), { mode: 0o600 });

  const ports = new Map<number, NodePorts>();
  for (const id of ids) {
    const base = opts.basePort;
    const client = base ? base + 10 * (id - 1) : await freeLowPort();
    const internal = base ? client + 1 : await freeLowPort();
    const controller = base ? client + 2 : await freeLowPort();
    const tls = opts.tls ? (base ? client + 3 : await freeLowPort()) : undefined;
    ports.set(id, { client, internal, controller, advertised: opts.advertise ? await opts.advertise(id, client) : client, tls });
  }

  const nodeDir = (id: number): string => join(opts.dataDir, `node-${id}`);
  for (const id of ids) {
    mkdirSync(join(nodeDir(id), 'logs'), { recursive: true });
    if (opts.tls) writeFileSync(join(nodeDir(id), 'tls-keystore.pem'), `${readFileSync(opts.tls.key, 'utf8').trim()}\n${readFileSync(opts.tls.cert, 'utf8').trim()}\n`, { mode: 0o600 });
    writeFileSync(join(nodeDir(id), 'server.properties'), serverProperties(id, ids, ports, nodeDir(id), stored, opts.tls), { mode: 0o600 });
  }

  if (fresh) {
    const t = Date.now();
    // Users exist from the first metadata record on: kafkajs cannot create SCRAM credentials.
    const scram = Object.entries(stored.users).flatMap(([name, password]) => ['-S', `SCRAM-SHA-512=[name=${name},password=${password}]`]);
    await Promise.all(
      ids.map(async (id) => {
        const r = await runTool(rt, 'kafka.tools.StorageTool', ['format', '-t', stored!.clusterId, '-c', join(nodeDir(id), 'server.properties'), ...scram]);
        if (r.code !== 0) throw new Error(`kafka: formatting node ${id} failed (exit ${r.code}):\n${r.output.slice(-3000)}`);
      }),
    );
    save();
    log(`kafka: ${nodeCount} node(s) formatted in ${Date.now() - t} ms (cluster ${stored.clusterId})`);
  }

  const children = new Map<number, { child: ChildProcess; exited: Promise<void>; done: boolean }>();
  const brokers = ids.map((id) => `127.0.0.1:${ports.get(id)!.advertised}`);
  const admin: KafkaUser = { name: 'admin', password: stored.users.admin };
  const sasl = (user: string): SASLOptions => {
    const password = stored!.users[user];
    if (password === undefined) throw new Error(`kafka: no SCRAM user '${user}' in this cluster`);
    return { mechanism: 'scram-sha-512', username: user, password };
  };

  const logTail = (id: number, lines = 40): string => {
    for (const f of ['server.log', 'stdout.log']) {
      try {
        const text = readFileSync(join(nodeDir(id), 'logs', f), 'utf8').split('\n');
        const tail = text.slice(-lines).join('\n').trim();
        if (tail) return `${f}:\n${tail}`;
      } catch {
        // not written yet
      }
    }
    return '(no log)';
  };

  const startNode = async (id: number): Promise<void> => {
    const running = children.get(id);
    if (running && !running.done) return;
    const dir = nodeDir(id);
    await killKafkaNodeOrphan(dir);
    const serverLog = join(dir, 'logs', 'server.log');
    const offset = existsSync(serverLog) ? statSync(serverLog).size : 0;
    const out = openSync(join(dir, 'logs', 'stdout.log'), 'a');
    const cds = kafkaAppCds(rt, id);
    const child = spawn(rt.java, [...JVM_OPTS, ...cds.flags, `-Dkafka.logs.dir=${join(dir, 'logs')}`, `-Dlog4j2.configurationFile=${join(rt.toolsHome, 'log4j2-broker.properties')}`, '-cp', rt.classpath, 'kafka.Kafka', join(dir, 'server.properties')], {
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    if (child.pid) writeFileSync(join(dir, 'kafka.pid'), `${child.pid}\n`);
    const entry = { child, done: false, exited: Promise.resolve() };
    entry.exited = new Promise<void>((res) => child.once('exit', () => ((entry.done = true), cds.onExit(), res())));
    child.once('error', () => (entry.done = true));
    children.set(id, entry);
    const t = Date.now();
    const timeout = opts.startTimeoutMs ?? 60_000;
    for (;;) {
      if (entry.done) throw new Error(`kafka: node ${id} exited while starting\n${logTail(id)}`);
      if (Date.now() - t > timeout) {
        child.kill('SIGKILL');
        throw new Error(`kafka: node ${id} not started within ${timeout} ms\n${logTail(id)}`);
      }
      // Only what this start wrote (the log of a kept data folder holds earlier starts).
      if (logSince(serverLog, offset).includes(STARTED)) break;
      await sleep(100);
    }
    log(`kafka: node ${id} (pid ${child.pid}) started in ${Date.now() - t} ms on 127.0.0.1:${ports.get(id)!.client}${cds.note}`);
  };

  const stopNode = async (id: number, graceMs = 15_000): Promise<void> => {
    const c = children.get(id);
    if (!c || c.done) return;
    c.child.kill('SIGTERM');
    // A node that lost its quorum can wait minutes in controlled shutdown.
    const timer = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
    await c.exited;
    clearTimeout(timer);
  };

  const kill = async (id: number): Promise<void> => {
    const c = children.get(id);
    if (!c || c.done) return;
    c.child.kill('SIGKILL');
    await c.exited;
  };

  const waitReady = async (timeoutMs = 60_000): Promise<void> => {
    const running = ids.filter((id) => children.get(id) && !children.get(id)!.done);
    const k = new Kafka({ clientId: 'pb-dev-infra', brokers: running.map((id) => `127.0.0.1:${ports.get(id)!.advertised}`), sasl: sasl('admin'), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const a = k.admin();
      try {
        await a.connect();
        const d = await a.describeCluster();
        if (d.brokers.length >= running.length) return;
        last = `${d.brokers.length} of ${running.length} brokers registered`;
      } catch (e) {
        last = (e as Error).message;
      } finally {
        await a.disconnect().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error(`kafka: cluster not ready within ${timeoutMs} ms: ${last}`);
      await sleep(200);
    }
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await Promise.all(ids.map((id) => stopNode(id, opts.persistent ? 30_000 : 10_000)));
      if (!opts.persistent) rmSync(opts.dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const cluster: KafkaCluster = {
    brokers,
    tlsBrokers: opts.tls ? ids.map((id) => `127.0.0.1:${ports.get(id)!.tls}`) : [],
    clusterId: stored.clusterId,
    version: rt.version,
    admin,
    users: new Map(Object.entries(stored.users)),
    nodeIds: ids,
    sasl,
    kill,
    stopNode,
    startNode,
    stop,
  };

  try {
    const t = Date.now();
    await Promise.all(ids.map((id) => startNode(id)));
    await waitReady();
    // A kept cluster whose network gained operators: their users are created now.
    if (lateUsers.length) {
      await createScramUsers(rt, brokers[0], admin, lateUsers.map((n) => ({ name: n, password: stored!.users[n] })), opts.dataDir);
      save();
    }
    log(`kafka: Apache Kafka ${rt.version}, ${nodeCount} node(s) ready in ${Date.now() - t} ms: ${brokers.join(',')}`);
  } catch (e) {
    await Promise.all(ids.map((id) => kill(id)));
    if (!opts.persistent) rmSync(opts.dataDir, { recursive: true, force: true });
    throw e;
  }
  return cluster;
}

/**
 * Kills the Kafka nodes still running on `dataDir` (a run that was killed, or one stopped while
 * it was starting): each node writes its pid next to its server.properties.
 */
export async function killKafkaOrphans(dataDir: string): Promise<number> {
  let killed = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync(dataDir).filter((e) => e.startsWith('node-'));
  } catch {
    return 0;
  }
  for (const e of entries) if (await killKafkaNodeOrphan(join(dataDir, e))) killed++;
  return killed;
}

/** A node of an earlier run that was killed with its parent still holds the folder and ports: stop it. */
function killKafkaNodeOrphan(nodeDir: string): Promise<boolean> {
  const config = join(nodeDir, 'server.properties');
  return killOrphanByPidFile(join(nodeDir, 'kafka.pid'), (args) => args.includes(config));
}


/** Client properties for the Java admin tools (deploy/kafka/*.sh as COMMAND_CONFIG). */
export function adminClientProperties(user: KafkaUser): string {
  return [
    'security.protocol=SASL_PLAINTEXT',
    'sasl.mechanism=SCRAM-SHA-512',
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${user.name}" password="${user.password}";`,
    '',
  ].join('\n');
}

async function createScramUsers(rt: KafkaRuntime, bootstrap: string, admin: KafkaUser, users: KafkaUser[], dir: string): Promise<void> {
  if (users.length === 0) return;
  const config = join(dir, 'admin-client.properties');
  writeFileSync(config, adminClientProperties(admin), { mode: 0o600 });
  for (const u of users) {
    const r = await runTool(rt, 'kafka.admin.ConfigCommand', ['--bootstrap-server', bootstrap, '--command-config', config, '--alter', '--entity-type', 'users', '--entity-name', u.name, '--add-config', `SCRAM-SHA-512=[password=${u.password}]`]);
    if (r.code !== 0) throw new Error(`kafka: cannot create SCRAM user ${u.name} (exit ${r.code}):\n${r.output.slice(-2000)}`);
  }
}

/**
 * Class-data sharing: the first clean stop of node 1 writes an archive of the classes it loaded
 * (about 50 MB), later starts map it and start about a third faster. The archive is tied to the
 * exact classpath string and JVM, so it lives next to the jars, named by the JVM's version.
 */
function kafkaAppCds(rt: KafkaRuntime, node: number): AppCds {
  return appCds(join(rt.home, `kafka-java${rt.javaMajor}.jsa`), { train: node === 1, off: process.env.PB_KAFKA_APPCDS === 'off' });
}

/** A Kafka admin tool on the fetched jars, through tools/kafka/bin/kafka-run-class.sh (its JVM settings are the tools' own). */
function runTool(rt: KafkaRuntime, mainClass: string, args: string[]): Promise<{ code: number; output: string }> {
  return runCommand(join(rt.toolsHome, 'bin', 'kafka-run-class.sh'), [mainClass, ...args], { ...process.env, PB_KAFKA_LIBS: rt.libs, JAVA: rt.java });
}
