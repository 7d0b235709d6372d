/**
 * Kafka helpers for integration/e2e tests. Tests share one broker per run and
 * isolate by topic prefix. Fault injection exists only on the local dev broker:
 * `kafkaFaults()` is null elsewhere, so such tests should skip themselves.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';

export type TestInfraKind = 'testcontainers' | 'env' | 'local';

export interface KafkaFaults {
  /** Broker id 1..N, or -1 for all. */
  brokerDown(id: number): Promise<void>;
  brokerUp(id: number): Promise<void>;
  /** Adds `ms` of round-trip latency to broker `id`. */
  rtt(id: number, ms: number): Promise<void>;
  /** The next `count` requests with Kafka API key `apiKey` fail with `code`. */
  requestErrors(apiKey: number, code: number, count?: number): Promise<void>;
}

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

/** e.g. `t3f9a1c07`: use as TOPIC_PREFIX so test files never see each other's topics. */
export function uniqueTopicPrefix(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

/** Sends one line to the dev broker held by global-setup; resolves with its OK line. */
export function kafkaControl(line: string): Promise<string> {
  const url = process.env.PB_TEST_KAFKA_CONTROL_URL;
  if (!url) return Promise.reject(new Error('no dev Kafka broker control endpoint (infra is not local)'));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`dev broker '${line}': ${body}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`dev broker control timed out on '${line}'`)));
    req.on('error', reject);
    req.end(line);
  });
}

/** Creates topics on whichever broker the run uses; existing topics are left alone. */
export async function createTopics(names: string[], partitions = 3): Promise<void> {
  if (process.env.PB_TEST_KAFKA_CONTROL_URL) {
    // The mock cluster's metadata breaks kafkajs admin.createTopics, so go through the broker's own command.
    for (const name of names) await kafkaControl(`topic ${name} ${partitions}`);
    return;
  }
  const admin = new Kafka({ clientId: 'pb-test-admin', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions: partitions })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export function kafkaFaults(): KafkaFaults | null {
  if (process.env.PB_TEST_INFRA_KIND !== 'local' || !process.env.PB_TEST_KAFKA_CONTROL_URL) return null;
  const int = (n: number): string => {
    if (!Number.isInteger(n)) throw new Error(`kafkaFaults: expected an integer, got ${n}`);
    return String(n);
  };
  return {
    brokerDown: async (id) => void (await kafkaControl(`down ${int(id)}`)),
    brokerUp: async (id) => void (await kafkaControl(`up ${int(id)}`)),
    rtt: async (id, ms) => void (await kafkaControl(`rtt ${int(id)} ${int(ms)}`)),
    requestErrors: async (apiKey, code, count = 1) => void (await kafkaControl(`error ${int(apiKey)} ${int(code)} ${int(count)}`)),
  };
}
