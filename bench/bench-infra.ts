import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaConfig, logLevel, SASLOptions } from 'kafkajs';
import { EmbeddedPostgres, ensureTopics, kafkaClientEnv, KafkaCluster, KafkaPrincipals, provisionOperators, startEmbeddedPostgres, startKafkaCluster } from '@postbridge/dev-infra';

const CODES = ['CH', 'US'];

/**
 * Benchmarks run on what a fresh machine has: embedded PostgreSQL and Apache Kafka (tools/kafka/pom.xml)
 * as a JVM, secured as in production (SCRAM, ACLs), unless DATABASE_URL / KAFKA_BROKERS name others
 * (KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD: an admin user there).
 */
export async function benchInfra() {
  let pg: EmbeddedPostgres | null = null;
  let cluster: KafkaCluster | undefined;
  const serverUrl = process.env.DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-'));
  chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  if (!serverUrl) pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg') });
  if (!process.env.KAFKA_BROKERS) {
    cluster = await startKafkaCluster({ dataDir: join(dir, 'kafka'), users: KafkaPrincipals.forOperators(CODES) });
  }
  const brokers = cluster ? cluster.brokers : process.env.KAFKA_BROKERS!.split(',');
  const envAdmin = process.env.KAFKA_SASL_USERNAME ? { mechanism: 'scram-sha-512', username: process.env.KAFKA_SASL_USERNAME, password: process.env.KAFKA_SASL_PASSWORD ?? '' } : undefined;
  /** Credentials of a principal (default admin); elsewhere than our cluster, the env's admin stands in. */
  const sasl = (user?: string): SASLOptions | undefined => (cluster ? cluster.sasl(user ?? 'admin') : (envAdmin as SASLOptions | undefined));
  const { Client } = await import('pg');
  return {
    pgUrl: async (db: string) => {
      if (pg) return pg.createDatabase(db);
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${db}"`);
      await c.end();
      const u = new URL(serverUrl!);
      u.pathname = `/${db}`;
      return u.toString();
    },
    kafka: brokers,
    label: cluster ? `Apache Kafka ${cluster.version} (1 node, SASL/SCRAM)` : 'KAFKA_BROKERS',
    sasl,
    kafkaConfig: (clientId: string, user?: string): KafkaConfig => ({ clientId, brokers, sasl: sasl(user), logLevel: logLevel.NOTHING }),
    /** The env an app needs to connect as `user`. */
    kafkaEnv: (user: string): Record<string, string> => kafkaClientEnv(brokers, sasl(user)),
    /** Plain topics, as admin. */
    createTopics: (names: string[], partitions = 3) => ensureTopics({ brokers, sasl: sasl() }, names.map((topic) => ({ topic, numPartitions: partitions }))),
    /** Topics and ACLs of the bench network under `prefix`, as deploy/kafka/*.sh make them. */
    provision: (prefix: string) => provisionOperators({ brokers, sasl: sasl() }, { topicPrefix: prefix, codes: CODES, partitions: 3 }),
    stop: async () => {
      await cluster?.stop();
      await pg?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}
