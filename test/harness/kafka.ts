/**
 * Kafka helpers for integration/e2e tests. The run shares one Apache Kafka cluster (SCRAM users,
 * ACLs, no auto-created topics); test files isolate by topic prefix. Every app connects as its
 * own principal, with the ACLs that deploy/kafka/acls.sh grants for that prefix.
 */
import { randomBytes } from 'node:crypto';
import { KafkaConfig, logLevel, SASLOptions } from 'kafkajs';
import { KafkaPrincipals, kafkaClientEnv } from '../../libs/dev-infra/src/kafka/principals';
import { ensureTopics, ProvisionPlan, provisionOperators } from '../../libs/dev-infra/src/kafka/provision';

export type TestInfraKind = 'testcontainers' | 'env' | 'local';

/** Operator codes the run's cluster has principals for (a node and its tracking systems each). */
export const TEST_OPERATOR_CODES = ['CH', 'DE', 'US', 'JP', 'FR', 'GB'];

/** The principals deploy/kafka/acls.sh names, created as SCRAM users when the cluster is formatted. */
export const TEST_KAFKA_USERS = KafkaPrincipals.forOperators(TEST_OPERATOR_CODES);

export function testInfraKind(): TestInfraKind {
  const kind = process.env.PB_TEST_INFRA_KIND;
  if (!kind) throw new Error('PB_TEST_INFRA_KIND is not set: run through the jest integration/e2e projects');
  return kind as TestInfraKind;
}

export function testKafkaBrokers(): string[] {
  const brokers = (process.env.PB_TEST_KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('PB_TEST_KAFKA_BROKERS is not set: run through the jest integration/e2e projects');
  return brokers;
}

function users(): Record<string, string> {
  return JSON.parse(process.env.PB_TEST_KAFKA_USERS ?? '{}') as Record<string, string>;
}

/** SCRAM credentials of `user` (default: the cluster's admin). On the env path only the admin exists, and stands in for the rest. */
export function testKafkaSasl(user?: string): SASLOptions {
  const all = users();
  const admin = process.env.PB_TEST_KAFKA_ADMIN ?? 'admin';
  const name = user ?? admin;
  const password = all[name] ?? (testInfraKind() === 'env' ? all[admin] : undefined);
  if (password === undefined) throw new Error(`no Kafka user '${name}' in the test cluster (test/harness/kafka.ts TEST_KAFKA_USERS lists them)`);
  return { mechanism: 'scram-sha-512', username: all[name] !== undefined ? name : admin, password };
}

/** kafkajs client settings for `user` (default admin). */
export function testKafkaConfig(clientId: string, user?: string): KafkaConfig {
  return { clientId, brokers: testKafkaBrokers(), sasl: testKafkaSasl(user), logLevel: logLevel.NOTHING };
}

/** The env an app needs to reach the run's cluster as `user`. */
export function testKafkaEnv(user: string): Record<string, string> {
  return kafkaClientEnv(testKafkaBrokers(), testKafkaSasl(user));
}

/** e.g. `t3f9a1c07`: use as TOPIC_PREFIX so test files never see each other's topics. */
export function uniqueTopicPrefix(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

/**
 * Topics and ACLs for `codes` under `prefix`, as deploy/kafka/create-topics.sh and acls.sh make
 * them (their commands, carried out through the admin API). Returns what was made.
 */
export function provisionTestTopics(prefix: string, codes: string[], partitions = 3): Promise<ProvisionPlan> {
  return provisionOperators({ brokers: testKafkaBrokers(), sasl: testKafkaSasl() }, { topicPrefix: prefix, codes, partitions });
}

/** Creates plain topics (no ACLs) as admin; existing topics are left alone. */
export function createTopics(names: string[], partitions = 3): Promise<void> {
  return ensureTopics({ brokers: testKafkaBrokers(), sasl: testKafkaSasl() }, names.map((topic) => ({ topic, numPartitions: partitions })));
}
