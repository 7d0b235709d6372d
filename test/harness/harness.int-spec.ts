import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { createTemplateDatabase, createTestDatabase, databaseUrl, dropTemplateDatabase, TestDatabase } from './database';
import { createTopics, testInfraKind, testKafkaConfig, uniqueTopicPrefix } from './kafka';
import { testLog } from './test-log';

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

describe('test harness', () => {
  describe('databases from a template', () => {
    const template = `selftest_${randomBytes(3).toString('hex')}`;
    const dbs: TestDatabase[] = [];
    let migrations = 0;

    beforeAll(async () => {
      await createTemplateDatabase(template, async (url) => {
        migrations += 1;
        await query(url, `CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)`);
        await query(url, `INSERT INTO items VALUES (1, 'seed')`);
      });
    });

    afterAll(async () => {
      for (const db of dbs) await db.drop();
      await dropTemplateDatabase(template);
    });

    it('copies the migrated schema into independent databases', async () => {
      const started = Date.now();
      const [a, b] = await Promise.all([createTestDatabase(template), createTestDatabase(template)]);
      dbs.push(a, b);
      testLog(`[harness self-test] two template copies in ${Date.now() - started} ms`);

      expect(migrations).toBe(1);
      expect(a.name).not.toBe(b.name);
      expect(a.name).toMatch(new RegExp(`^pbt_${template}_[a-z0-9]+$`));
      expect(await query(a.url, 'SELECT id, label FROM items')).toEqual([{ id: 1, label: 'seed' }]);

      await query(a.url, `INSERT INTO items VALUES (2, 'only in a')`);
      await query(b.url, `DELETE FROM items`);
      expect(await query(a.url, 'SELECT id FROM items ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
      expect(await query(b.url, 'SELECT id FROM items')).toEqual([]);
    });

    it('keeps the template closed to connections and drops copies', async () => {
      await expect(query(databaseUrl(`pbtpl_${template}`), 'SELECT 1')).rejects.toThrow(/not currently accepting connections/);

      const c = await createTestDatabase(template);
      await c.drop();
      const left = await query<{ n: string }>(databaseUrl('postgres'), 'SELECT count(*) AS n FROM pg_database WHERE datname = $1', [c.name]);
      expect(left).toEqual([{ n: '0' }]);
    });
  });

  describe('kafka', () => {
    it('produces and consumes one message on a created topic', async () => {
      const topic = `${uniqueTopicPrefix()}.harness`;
      await createTopics([topic], 2);

      const kafka = new Kafka(testKafkaConfig('harness-self-test'));
      const admin = kafka.admin();
      await admin.connect();
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.disconnect();
      expect(meta.topics[0].partitions).toHaveLength(2);

      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      const consumer = kafka.consumer({ groupId: `${topic}.g`, maxWaitTimeInMs: 50 });
      try {
        await producer.connect();
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        const received = new Promise<{ key: string; value: string }>((resolve) => {
          void consumer.run({
            eachMessage: async ({ message }) => resolve({ key: String(message.key), value: String(message.value) }),
          });
        });
        await producer.send({ topic, messages: [{ key: 'case-1', value: 'hello harness' }] });
        await expect(received).resolves.toEqual({ key: 'case-1', value: 'hello harness' });
      } finally {
        await consumer.disconnect();
        await producer.disconnect();
      }
    });

    // On the env path the admin stands in for every principal (test/harness/kafka.ts): nothing to deny.
    (testInfraKind() === 'env' ? it.skip : it)('is secured: a principal without an ACL for the topic is denied', async () => {
      const topic = `${uniqueTopicPrefix()}.harness`;
      await createTopics([topic], 1);
      const producer = new Kafka({ ...testKafkaConfig('harness-denied', 'postbridge-ch'), retry: { retries: 0 } }).producer();
      await producer.connect();
      try {
        await expect(producer.send({ topic, messages: [{ value: 'x' }] })).rejects.toThrow(/authoriz/i);
      } finally {
        await producer.disconnect();
      }
    });
  });
});
