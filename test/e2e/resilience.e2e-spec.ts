import { Client } from 'pg';
import { startDevKafkaBroker, DevKafkaBroker } from '@postbridge/dev-infra';
import { databaseServerUrl } from '../harness/database';
import { testInfraKind } from '../harness/kafka';
import { api, eventually, openCaseBody, TestNetwork } from './support/network';

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
  const res = await fetch(`${dbUrl}/metrics`);
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
      const health = await api(US.url, 'GET', '/health');
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

// Kafka faults act on a whole cluster, so this part gets a dev broker of its own (local infra only).
const describeWithFaults = testInfraKind() === 'local' ? describe : describe.skip;

describeWithFaults('resilience: Kafka is unreachable', () => {
  let kafka: DevKafkaBroker;
  let net: TestNetwork;

  beforeAll(async () => {
    kafka = await startDevKafkaBroker({ brokers: 3 });
    net = await TestNetwork.start(
      [
        { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de'] },
        { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'] },
      ],
      { kafka },
    );
  });

  afterAll(async () => {
    await kafka?.command('up -1').catch(() => undefined);
    await net?.close();
    await kafka?.stop();
  });

  it('keeps accepting cases into the outbox and delivers them when Kafka returns', async () => {
    const CH = net.node('CH').url;
    // Let both consumers join before the outage, so the test measures recovery, not first start.
    const warm = await api(CH, 'POST', '/cases', openCaseBody('US'));
    await eventually(async () => (await api(net.node('US').url, 'GET', `/cases/${warm.body.id}`)).status === 200, 20_000, 'warm-up case');

    for (const id of kafka.brokers.map((_, i) => i + 1)) await kafka.setBrokerDown(id);
    const opened = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: 'CP473124829JP' }));
    expect(opened.status).toBe(201);
    const pending = await eventually(async () => {
      const h = await api(CH, 'GET', '/health');
      const outbox = h.body.info?.outbox ?? h.body.error?.outbox ?? h.body.details?.outbox;
      return outbox && outbox.pending >= 1 && outbox.lastError ? outbox : undefined;
    }, 20_000, 'the outbox to hold the unsent case and report the failed publish');
    expect(pending.lastError).toEqual(expect.any(String));

    for (const id of kafka.brokers.map((_, i) => i + 1)) await kafka.setBrokerUp(id);
    const atUs = await eventually(async () => {
      const r = await api(net.node('US').url, 'GET', `/cases/${opened.body.id}`);
      return r.status === 200 ? r.body : undefined;
    }, 60_000, 'the case at US after Kafka returned');
    expect(atUs.itemId).toBe('CP473124829JP');
    await eventually(async () => (await api(CH, 'GET', `/cases/${opened.body.id}`)).body.status === 'OPEN', 30_000, 'CH sees OPEN');
  });
});
