import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, KafkaMessage, Partitioners, Producer, logLevel } from 'kafkajs';
import { DevKafkaBroker, startDevKafkaBroker } from './kafka-dev-broker';

jest.setTimeout(60_000);

const BROKERS = 3;
const PRE_TOPIC = 'it.pre';

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('kafka dev broker (librdkafka mock cluster)', () => {
  let broker: DevKafkaBroker;
  let kafka: Kafka;
  let producer: Producer;
  const consumers: Consumer[] = [];
  const brokerLog: string[] = [];

  beforeAll(async () => {
    broker = await startDevKafkaBroker({
      brokers: BROKERS,
      topics: [{ name: PRE_TOPIC, partitions: 2 }],
      log: (l) => brokerLog.push(l),
    });
    kafka = new Kafka({ clientId: 'dev-broker-it', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await broker?.stop();
  });

  it('reports one bootstrap address per broker and answers ping', async () => {
    expect(broker.brokers).toHaveLength(BROKERS);
    for (const b of broker.brokers) expect(b).toMatch(/^[\w.-]+:\d+$/);
    expect(broker.bootstrap).toBe(broker.brokers.join(','));
    expect(broker.pid).toBeGreaterThan(0);
    await expect(broker.command('ping')).resolves.toBe('OK pong');
    await expect(broker.command('no-such-command')).rejects.toThrow(/unknown command/);
  });

  it('produces messages with headers and consumes them back in a consumer group', async () => {
    const runId = randomUUID();
    const sent = [0, 1, 2, 3, 4].map((i) => ({
      key: `case-${i % 2}`,
      value: `payload-${i}-${runId}`,
      headers: { 'x-run': runId, 'x-seq': String(i) },
    }));
    await producer.send({ topic: PRE_TOPIC, messages: sent });

    const got: KafkaMessage[] = [];
    const consumer = kafka.consumer({ groupId: `it-${runId}`, maxWaitTimeInMs: 20 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: PRE_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.headers?.['x-run']?.toString() === runId) got.push(message);
      },
    });
    await waitFor(() => got.length >= sent.length, 20_000, 'all produced messages');

    const received = got
      .map((m) => ({
        key: m.key?.toString(),
        value: m.value?.toString(),
        headers: { 'x-run': m.headers?.['x-run']?.toString(), 'x-seq': m.headers?.['x-seq']?.toString() },
      }))
      .sort((a, b) => Number(a.headers['x-seq']) - Number(b.headers['x-seq']));
    expect(received).toEqual(sent);
    // Per-key order must survive partitioning.
    for (const key of ['case-0', 'case-1']) {
      const seqs = got.filter((m) => m.key?.toString() === key).map((m) => Number(m.headers?.['x-seq']?.toString()));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('creates topics through createTopic with the requested partition count', async () => {
    const topic = `it.created.${Date.now()}`;
    await broker.createTopic(topic, 5);
    await expect(broker.createTopic(topic, 5)).rejects.toThrow(/TOPIC_ALREADY_EXISTS/);
    await expect(broker.createTopic('bad name', 1)).rejects.toThrow(/invalid topic name/);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(meta.topics[0].partitions).toHaveLength(5);
    } finally {
      await admin.disconnect();
    }
    const [res] = await producer.send({ topic, messages: [{ partition: 4, value: 'last-partition' }] });
    expect(res.partition).toBe(4);
    expect(res.errorCode).toBe(0);
  });

  it('fails produce while all brokers are down and recovers after they come back', async () => {
    // Short client timeouts: a downed mock broker may leave connects/requests hanging until timeouts fire.
    const fastKafka = new Kafka({
      clientId: 'dev-broker-it-flaky',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 300,
      authenticationTimeout: 300,
      requestTimeout: 1_000,
      retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
    });
    const flaky = fastKafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
    });
    await flaky.connect();
    try {
      await flaky.send({ topic: PRE_TOPIC, messages: [{ value: 'before' }] });

      for (let id = 1; id <= BROKERS; id++) await broker.setBrokerDown(id);
      const t0 = Date.now();
      await expect(
        flaky.send({ topic: PRE_TOPIC, messages: [{ value: 'while-down' }], timeout: 500 }),
      ).rejects.toThrow();
      expect(Date.now() - t0).toBeLessThan(10_000);

      for (let id = 1; id <= BROKERS; id++) await broker.setBrokerUp(id);
      const [res] = await flaky.send({ topic: PRE_TOPIC, messages: [{ value: 'after' }] });
      expect(res.errorCode).toBe(0);
    } finally {
      for (let id = 1; id <= BROKERS; id++) await broker.setBrokerUp(id).catch(() => undefined);
      await flaky.disconnect().catch(() => undefined);
    }
  });

  it('injects protocol errors for an API key', async () => {
    // Produce (api key 0) -> INVALID_RECORD (87) is not retriable, so the next send must fail.
    await broker.pushRequestErrors(0, 87, 1);
    await expect(producer.send({ topic: PRE_TOPIC, messages: [{ value: 'rejected' }] })).rejects.toThrow(
      /validation/i,
    );
    const [res] = await producer.send({ topic: PRE_TOPIC, messages: [{ value: 'accepted' }] });
    expect(res.errorCode).toBe(0);
  });

  it('rejects pending commands when the broker process dies', async () => {
    const other = await startDevKafkaBroker({ brokers: 1 });
    try {
      // Freeze it so the command is surely pending, then kill it.
      process.kill(other.pid, 'SIGSTOP');
      const pending = other.command('ping');
      process.kill(other.pid, 'SIGKILL');
      await expect(pending).rejects.toThrow(/exited/);
      await expect(other.setBrokerDown(1)).rejects.toThrow(/not running/);
    } finally {
      await other.stop();
    }
  });
});
