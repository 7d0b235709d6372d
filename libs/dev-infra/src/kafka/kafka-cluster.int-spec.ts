import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaCluster, newClusterId, startKafkaCluster } from './kafka-cluster';
import { startTcpProxy, TcpProxy } from './tcp-proxy';

// A cluster of its own (not the run's shared one): it checks the security settings themselves.
describe('startKafkaCluster: Apache Kafka in KRaft mode, secured as production', () => {
  let cluster: KafkaCluster;
  let proxy: TcpProxy | undefined;

  beforeAll(async () => {
    cluster = await startKafkaCluster({
      dataDir: mkdtempSync(join(tmpdir(), 'pb-kafka-spec-')),
      users: ['alice', 'bob'],
      advertise: async (_node, port) => {
        proxy = await startTcpProxy({ port });
        return proxy.port;
      },
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await proxy?.close();
  });

  const client = (user: string, password?: string) =>
    new Kafka({ clientId: `spec-${user}`, brokers: cluster.brokers, sasl: password ? { mechanism: 'scram-sha-512', username: user, password } : cluster.sasl(user), logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 100 } });

  it('is a real Apache Kafka of the pinned version, reached through the advertised proxy', async () => {
    expect(cluster.version).toMatch(/^4\.\d+\.\d+$/);
    expect(cluster.brokers).toEqual([`127.0.0.1:${proxy!.port}`]);
    const admin = client('admin').admin();
    await admin.connect();
    try {
      const d = await admin.describeCluster();
      expect(d.clusterId).toBe(cluster.clusterId);
      expect(d.brokers).toHaveLength(1);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses a wrong password with a SASL authentication error', async () => {
    const p = client('alice', 'not-the-password').producer();
    await expect(p.connect()).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
  });

  it('denies a user without ACLs, never auto-creates a topic, and allows what an ACL grants', async () => {
    const admin = client('admin').admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: 'granted', numPartitions: 1 }, { topic: 'other', numPartitions: 1 }], waitForLeaders: true });
      await admin.createAcls({
        acl: [{ resourceType: 2 /* TOPIC */, resourceName: 'granted', resourcePatternType: 3 /* LITERAL */, principal: 'User:alice', host: '*', operation: 4 /* WRITE */, permissionType: 3 /* ALLOW */ }],
      });
    } finally {
      await admin.disconnect();
    }
    const alice = client('alice').producer();
    await alice.connect();
    try {
      await expect(alice.send({ topic: 'granted', messages: [{ value: 'ok' }] })).resolves.toHaveLength(1);
      await expect(alice.send({ topic: 'other', messages: [{ value: 'no' }] })).rejects.toThrow(/authoriz/i);
      await expect(alice.send({ topic: 'not-created', messages: [{ value: 'no' }] })).rejects.toThrow();
    } finally {
      await alice.disconnect();
    }
    const bob = client('bob').producer();
    await bob.connect();
    try {
      await expect(bob.send({ topic: 'granted', messages: [{ value: 'no' }] })).rejects.toThrow(/authoriz/i);
    } finally {
      await bob.disconnect();
    }
    const check = client('admin').admin();
    await check.connect();
    try {
      expect(await check.listTopics()).not.toContain('not-created');
    } finally {
      await check.disconnect();
    }
  });
});

describe('newClusterId', () => {
  it('is 22 URL-safe base64 characters and never starts with "-" (StorageTool would take it for an option)', () => {
    const ids = Array.from({ length: 5000 }, () => newClusterId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
