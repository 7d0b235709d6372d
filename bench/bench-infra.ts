import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevKafkaBroker, EmbeddedPostgres, startDevKafkaBroker, startEmbeddedPostgres } from '@postbridge/dev-infra';

/** Benchmarks run on what a fresh machine has: embedded PostgreSQL and the dev Kafka broker, unless env names others. */
export async function benchInfra(): Promise<{ pgUrl: (db: string) => Promise<string>; kafka: string[]; devKafka?: DevKafkaBroker; stop(): Promise<void> }> {
  let pg: EmbeddedPostgres | null = null;
  let devKafka: DevKafkaBroker | undefined;
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'pb-bench-'));
    chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
    pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg') });
  }
  if (!process.env.KAFKA_BROKERS) devKafka = await startDevKafkaBroker({ brokers: 3 });
  const { Client } = await import('pg');
  return {
    pgUrl: async (db) => {
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
    kafka: devKafka ? devKafka.brokers : process.env.KAFKA_BROKERS!.split(','),
    devKafka,
    stop: async () => {
      await devKafka?.stop();
      await pg?.stop();
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
