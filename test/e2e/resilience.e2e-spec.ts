import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaCluster, startKafkaCluster, startTcpProxy, TcpProxy } from '@postbridge/dev-infra';
import { databaseServerUrl } from '../harness/database';
import { TEST_KAFKA_USERS } from '../harness/kafka';
import { newItemId } from '../support/s10-items';
import { api, authorization, eventually, openCaseBody, TestNetwork } from './support/network';

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: databaseServerUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Takes a node's database away as an outage would: live sessions killed, new ones refused. */
async function databaseDown(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin(async (c) => {
    await c.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
    await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
  });
}

async function databaseUp(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin((c) => c.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`));
}

async function deadLettered(dbUrl: string): Promise<number> {
  // The dead-letter publisher writes no rows; the metric is the witness.
  const res = await fetch(`${dbUrl}/metrics`, { headers: await authorization(dbUrl, undefined) });
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('postbridge_dead_lettered_total'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

describe('resilience: a node whose database is down', () => {
  let net: TestNetwork;

  beforeAll(async () => {
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de'] },
      { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'] },
    ]);
  });

  afterAll(async () => {
    if (net) await databaseUp(net.node('US').db.url).catch(() => undefined);
    await net?.close();
  });

  it('retries the incoming case with backoff instead of dead-lettering it, and applies it once the database is back', async () => {
    const US = net.node('US');
    await databaseDown(US.db.url);
    try {
      const health = await api(US.url, 'GET', '/health/details');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ role: 'operator-node', operatorCode: 'US', code: 'UNHEALTHY' });

      const opened = await api(net.node('CH').url, 'POST', '/cases', openCaseBody('US'));
      expect(opened.status).toBe(201);
      // Long enough for several failed attempts at US.
      await eventually(async () => (await api(net.broker!.url, 'GET', `/cases/${opened.body.id}`)).status === 200, 10_000, 'the broker to route it');
      await new Promise((r) => setTimeout(r, 2500));
      expect((await api(net.node('CH').url, 'GET', `/cases/${opened.body.id}`)).body.status).toBe('SUBMITTED');
      expect(await deadLettered(US.url)).toBe(0);

      await databaseUp(US.db.url);
      const atUs = await eventually(async () => {
        const r = await api(US.url, 'GET', `/cases/${opened.body.id}`);
        return r.status === 200 ? r.body : undefined;
      }, 40_000, 'the case at US after the outage');
      expect(atUs.status).toBe('OPEN');
      await eventually(async () => (await api(net.node('CH').url, 'GET', `/cases/${opened.body.id}`)).body.status === 'OPEN', 15_000, 'CH sees OPEN');
      expect(await deadLettered(US.url)).toBe(0);
    } finally {
      await databaseUp(US.db.url);
    }
  });
});

// Kafka faults act on a whole cluster, so this part gets a 3-node Apache Kafka cluster of its own
// (RF 3, min.insync.replicas 2, producers ack all), each node's client listener behind a TCP proxy.
describe('resilience: Kafka faults on a 3-node cluster', () => {
  let cluster: KafkaCluster;
  const proxies = new Map<number, TcpProxy>();
  let net: TestNetwork;
  let CH: string;
  let US: string;

  beforeAll(async () => {
    cluster = await startKafkaCluster({
      dataDir: mkdtempSync(join(tmpdir(), 'pb-resilience-kafka-')),
      nodes: 3,
      users: TEST_KAFKA_USERS,
      advertise: async (node, port) => {
        const p = await startTcpProxy({ port });
        proxies.set(node, p);
        return p.port;
      },
    });
    net = await TestNetwork.start(
      [
        { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de'] },
        { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'] },
      ],
      { kafka: { brokers: cluster.brokers, sasl: (user) => cluster.sasl(user ?? 'admin') } },
    );
    CH = net.node('CH').url;
    US = net.node('US').url;
    // Both consumers joined before any fault, so each test measures recovery, not a first start.
    const warm = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: newItemId('CH') }));
    await eventually(async () => (await api(US, 'GET', `/cases/${warm.body.id}`)).status === 200, 30_000, 'warm-up case');
  }, 120_000);

  afterAll(async () => {
    for (const p of proxies.values()) p.setBlackhole(false);
    await net?.close();
    await cluster?.stop();
    for (const p of proxies.values()) await p.close();
  });

  const delivered = async (ids: string[], timeoutMs: number, what: string) => {
    await eventually(async () => {
      for (const id of ids) if ((await api(US, 'GET', `/cases/${id}`)).status !== 200) return false;
      return true;
    }, timeoutMs, what).catch(async (e: Error) => {
      // Where each missing case stopped: still at CH (outbox), at the broker, or lost after it.
      const stuck: string[] = [];
      for (const id of ids) {
        if ((await api(US, 'GET', `/cases/${id}`)).status === 200) continue;
        const atCh = (await api(CH, 'GET', `/cases/${id}`)).body?.status;
        const atBroker = (await api(net.broker!.url, 'GET', `/cases/${id}`)).status;
        stuck.push(`${id}: CH ${atCh}, broker ${atBroker === 200 ? 'indexed' : 'not indexed'}`);
      }
      const health = async (url: string) => JSON.stringify((await api(url, 'GET', '/health/details')).body);
      const admin = new Kafka({ clientId: 'diag', brokers: cluster.brokers, sasl: cluster.sasl('admin'), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      for (const [topic, group] of [[net.topics.caseOut('CH'), `${net.prefix}.broker.case`], [net.topics.caseIn('US'), `${net.prefix}.node.US.case`]]) {
        const end = (await admin.fetchTopicOffsets(topic)).map((p) => `${p.partition}:${p.offset}`).join(' ');
        const committed = (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0].partitions.map((p) => `${p.partition}:${p.offset}`).join(' ');
        stuck.push(`${topic}: end ${end}; ${group} committed ${committed}`);
      }
      await admin.disconnect();
      throw new Error(`${e.message}\n${stuck.join('\n')}\nCH health ${await health(CH)}\nUS health ${await health(US)}\nbroker health ${await health(net.broker!.url)}`);
    });
    // Exactly once at US: one row per case, however often it was retried.
    const incoming = await api(US, 'GET', `/cases?direction=INCOMING&pageSize=200`);
    for (const id of ids) expect(incoming.body.items.filter((c: { id: string }) => c.id === id)).toHaveLength(1);
  };

  it('keeps delivering every case, once, while one broker is killed (kill -9) and restarted', async () => {
    const ids: string[] = [];
    const open = async () => {
      const r = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: newItemId('CH') }));
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    };
    for (let i = 0; i < 5; i++) await open();
    await cluster.kill(2);
    for (let i = 0; i < 10; i++) {
      await open();
      await new Promise((r) => setTimeout(r, 200));
    }
    await cluster.startNode(2);
    for (let i = 0; i < 5; i++) await open();
    await delivered(ids, 90_000, 'all 20 cases at US across the broker crash');
  }, 180_000);

  it('keeps accepting cases into the outbox while the whole cluster is down, and delivers them when it is back', async () => {
    await Promise.all(cluster.nodeIds.map((n) => cluster.stopNode(n, 10_000)));
    const opened = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: 'CP473124829JP' }));
    expect(opened.status).toBe(201);
    const pending = await eventually(async () => {
      const h = await api(CH, 'GET', '/health/details');
      const outbox = h.body.info?.outbox ?? h.body.error?.outbox ?? h.body.details?.outbox;
      return outbox && outbox.pending >= 1 && outbox.lastError ? outbox : undefined;
    }, 30_000, 'the outbox to hold the unsent case and report the failed publish');
    expect(pending.lastError).toEqual(expect.any(String));

    await Promise.all(cluster.nodeIds.map((n) => cluster.startNode(n)));
    await delivered([opened.body.id], 120_000, 'the case at US after the cluster returned');
    await eventually(async () => (await api(CH, 'GET', `/cases/${opened.body.id}`)).body.status === 'OPEN', 30_000, 'CH sees OPEN');
  }, 240_000);

  it('rides out a network black hole and added latency on every broker', async () => {
    for (const p of proxies.values()) p.setLatency(150);
    const slow = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: newItemId('CH') }));
    expect(slow.status).toBe(201);
    await delivered([slow.body.id], 60_000, 'a case under 150 ms of latency per hop');

    for (const p of proxies.values()) p.setBlackhole(true);
    const held = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: newItemId('CH') }));
    expect(held.status).toBe(201);
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await api(US, 'GET', `/cases/${held.body.id}`)).status).toBe(404);
    for (const p of proxies.values()) {
      p.setBlackhole(false);
      p.setLatency(0);
    }
    await delivered([held.body.id], 120_000, 'the case held in the black hole, at US once it lifted');
  }, 240_000);
});
