/**
 * Topics and ACLs of a network, always from deploy/kafka/create-topics.sh and acls.sh (and client
 * quotas from quotas.sh), the scripts an operator of a real cluster runs. Two ways:
 * - `runProvisionScripts`: runs them on the fetched jars (tools/kafka/bin as KAFKA_HOME), as an
 *   operator would (npm start, and the test that checks the scripts);
 * - `applyProvisionScripts`: asks them for their commands (DRY_RUN=1) and carries those out
 *   through the Kafka admin API: the same topics and ACLs in milliseconds instead of a JVM per
 *   command, for test networks that each get a topic prefix of their own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ITopicConfig, Kafka, logLevel, ResourcePatternTypes, SASLOptions } from 'kafkajs';
import { adminClientProperties, KafkaUser } from './kafka-cluster';
import { ensureKafkaRuntime, repoRoot } from './kafka-runtime';
import { runCommand } from './run-command';

export interface ProvisionOptions {
  /** The network file the scripts read operator codes (and the default prefix) from. */
  networkFile: string;
  /** TOPIC_PREFIX for the scripts. */
  topicPrefix?: string;
  partitions?: number;
  replicationFactor?: number;
  minInsyncReplicas?: number;
  /**
   * runProvisionScripts only: run quotas.sh too (npm start). The admin API path cannot: kafkajs
   * 2.2.4 has no AlterClientQuotas, so test networks run unthrottled.
   */
  quotas?: boolean;
}

export interface AclSpec {
  principal: string;
  operation: string;
  resourceType: 'topic' | 'group';
  name: string;
}

export interface ProvisionPlan {
  topics: ITopicConfig[];
  acls: AclSpec[];
}

/** Where the scripts are: reading their dry run needs no Kafka runtime. */
const scriptsDir = (): string => join(repoRoot(), 'deploy', 'kafka');

function scriptEnv(o: ProvisionOptions, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(o.topicPrefix ? { TOPIC_PREFIX: o.topicPrefix } : {}),
    ...(o.partitions ? { PARTITIONS: String(o.partitions) } : {}),
    ...(o.replicationFactor ? { REPLICATION_FACTOR: String(o.replicationFactor) } : {}),
    ...(o.minInsyncReplicas ? { MIN_INSYNC_REPLICAS: String(o.minInsyncReplicas) } : {}),
    ...extra,
  };
}

function dryRun(script: string, o: ProvisionOptions): string[] {
  const r = spawnSync('sh', [join(scriptsDir(), script), o.networkFile], { env: scriptEnv(o, { DRY_RUN: '1' }), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`deploy/kafka/${script} (DRY_RUN) failed: ${r.stderr || r.stdout}`);
  return r.stdout.split('\n').filter((l) => /kafka-(topics|acls)\.sh /.test(l));
}

/** Values of every `--name value` pair of a command line. */
function args(line: string, name: string): string[] {
  const words = line.trim().split(/\s+/);
  return words.flatMap((w, i) => (w === `--${name}` && i + 1 < words.length ? [words[i + 1]] : []));
}

/** What the scripts would do for these options, read from their DRY_RUN output. */
export function provisionPlan(o: ProvisionOptions): ProvisionPlan {
  const topics = dryRun('create-topics.sh', o).map((line): ITopicConfig => {
    const [topic] = args(line, 'topic');
    return {
      topic,
      numPartitions: Number(args(line, 'partitions')[0]),
      replicationFactor: Number(args(line, 'replication-factor')[0]),
      configEntries: args(line, 'config').map((kv) => ({ name: kv.slice(0, kv.indexOf('=')), value: kv.slice(kv.indexOf('=') + 1) })),
    };
  });
  const acls = dryRun('acls.sh', o).flatMap((line): AclSpec[] => {
    const [principal] = args(line, 'allow-principal');
    const [operation] = args(line, 'operation');
    if (args(line, 'resource-pattern-type')[0] !== 'literal') throw new Error(`acls.sh: only literal patterns are expected: ${line}`);
    return [...args(line, 'topic').map((name) => ({ principal, operation, resourceType: 'topic' as const, name })), ...args(line, 'group').map((name) => ({ principal, operation, resourceType: 'group' as const, name }))];
  });
  return { topics, acls };
}

const OPERATIONS: Record<string, AclOperationTypes> = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Describe: AclOperationTypes.DESCRIBE,
  Create: AclOperationTypes.CREATE,
  Delete: AclOperationTypes.DELETE,
  Alter: AclOperationTypes.ALTER,
};

/** Creates the topics that do not exist yet (kafkajs admin, as a user allowed to). */
export async function ensureTopics(cluster: { brokers: string[]; sasl?: SASLOptions }, topics: ITopicConfig[]): Promise<void> {
  const admin = new Kafka({ clientId: 'pb-topics', brokers: cluster.brokers, sasl: cluster.sasl, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length) await admin.createTopics({ topics: missing, waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Carries out the scripts' commands through the admin API; existing topics and ACLs are left alone. */
export async function applyProvisionScripts(cluster: { brokers: string[]; sasl?: SASLOptions }, o: ProvisionOptions): Promise<ProvisionPlan> {
  const plan = provisionPlan(o);
  await ensureTopics(cluster, plan.topics);
  if (plan.acls.length === 0) return plan;
  const admin = new Kafka({ clientId: 'pb-provision', brokers: cluster.brokers, sasl: cluster.sasl, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createAcls({
      acl: plan.acls.map((a) => {
        const operation = OPERATIONS[a.operation];
        if (operation === undefined) throw new Error(`acls.sh: unknown operation ${a.operation}`);
        return {
          resourceType: a.resourceType === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
          resourceName: a.name,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: a.principal,
          host: '*',
          operation,
          permissionType: AclPermissionTypes.ALLOW,
        };
      }),
    });
  } finally {
    await admin.disconnect();
  }
  return plan;
}

/**
 * The topics and ACLs of a network of just these operators under `topicPrefix` (a network file
 * written for the scripts to read), applied as applyProvisionScripts does.
 */
export async function provisionOperators(cluster: { brokers: string[]; sasl?: SASLOptions }, o: Omit<ProvisionOptions, 'networkFile'> & { topicPrefix: string; codes: string[] }): Promise<ProvisionPlan> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-provision-'));
  try {
    const networkFile = join(dir, 'network.json');
    writeFileSync(networkFile, JSON.stringify({ topicPrefix: o.topicPrefix, operators: o.codes.map((code) => ({ code })) }));
    return await applyProvisionScripts(cluster, { ...o, networkFile });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs create-topics.sh and acls.sh (and quotas.sh if asked) for real, on the fetched jars, as an admin user. */
export async function runProvisionScripts(bootstrap: string, admin: KafkaUser, o: ProvisionOptions, log: (line: string) => void = () => undefined): Promise<void> {
  for (const script of ['create-topics.sh', 'acls.sh', ...(o.quotas ? ['quotas.sh'] : [])]) log(await runDeployScript(script, bootstrap, admin, o));
}

/** Runs one deploy/kafka script for real as an admin user; resolves to its last line of output. `extraEnv`: e.g. the principals' names. */
export async function runDeployScript(script: string, bootstrap: string, admin: KafkaUser, o: ProvisionOptions, extraEnv: Record<string, string> = {}): Promise<string> {
  return withAdminConfig(admin, async (config, rt) => {
    const env = scriptEnv(o, { KAFKA_HOME: rt.toolsHome, PB_KAFKA_LIBS: rt.libs, JAVA: rt.java, BOOTSTRAP_SERVER: bootstrap, COMMAND_CONFIG: config, ...extraEnv });
    const out = await runCommand('sh', [join(scriptsDir(), script), o.networkFile], env);
    if (out.code !== 0) throw new Error(`deploy/kafka/${script} failed (exit ${out.code}):\n${out.output.slice(-3000)}`);
    return out.output.trim().split('\n').pop() ?? '';
  });
}

/** Every user's client quotas as the cluster holds them (one kafka-configs.sh --describe), e.g. { 'postbridge-ch': { producer_byte_rate: 2097152 } }. */
export async function describeUserQuotas(bootstrap: string, admin: KafkaUser): Promise<Record<string, Record<string, number>>> {
  return withAdminConfig(admin, async (config, rt) => {
    const tool = join(rt.toolsHome, 'bin', 'kafka-configs.sh');
    const out = await runCommand(tool, ['--bootstrap-server', bootstrap, '--command-config', config, '--describe', '--entity-type', 'users'], { ...process.env, PB_KAFKA_LIBS: rt.libs, JAVA: rt.java });
    if (out.code !== 0) throw new Error(`kafka-configs.sh --describe failed (exit ${out.code}):\n${out.output.slice(-3000)}`);
    // One line per user: "Quota configs for user-principal 'u' are consumer_byte_rate=8388608.0, producer_byte_rate=3.3554432E7, ..." (Java doubles)
    const users: Record<string, Record<string, number>> = {};
    for (const m of out.output.matchAll(/^Quota configs for user-principal '([^']+)' are (.*)$/gm)) {
      users[m[1]] = Object.fromEntries(m[2].split(',').map((kv) => kv.trim().split('=')).map(([k, v]) => [k, Number(v)]));
    }
    return users;
  });
}

async function withAdminConfig<T>(admin: KafkaUser, fn: (config: string, rt: ReturnType<typeof ensureKafkaRuntime>) => Promise<T>): Promise<T> {
  const rt = ensureKafkaRuntime();
  const dir = mkdtempSync(join(tmpdir(), 'pb-kafka-admin-'));
  const config = join(dir, 'admin.properties');
  writeFileSync(config, adminClientProperties(admin), { mode: 0o600 });
  try {
    return await fn(config, rt);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
