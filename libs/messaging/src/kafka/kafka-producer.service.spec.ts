import { Kafka } from 'kafkajs';
import { KafkaProducerService } from './kafka-producer.service';

/** A kafkajs client whose producer records each sendBatch and fails the first `failures` of them with `error`. */
function fakeKafka(failures: number, error: Error) {
  const calls: Array<{ topicMessages: Array<{ topic: string; messages: Array<Record<string, unknown>> }>; acks: number }> = [];
  const producer = {
    events: { DISCONNECT: 'producer.disconnect' },
    on: () => undefined,
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: async (req: (typeof calls)[number]) => {
      calls.push(req);
      if (calls.length <= failures) throw error;
      return [{ topicName: req.topicMessages[0].topic, partition: 0, errorCode: 0 }];
    },
  };
  const options: unknown[] = [];
  const kafka = { producer: (o: unknown) => (options.push(o), producer) } as unknown as Kafka;
  return { kafka, calls, options };
}

const retriesExceeded = () => Object.assign(new Error('This server is not the leader for that topic-partition'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false });

describe('KafkaProducerService', () => {
  it('turns kafkajs retries off and retries whole sends itself, with acks = all', async () => {
    const { kafka, calls, options } = fakeKafka(2, retriesExceeded());
    const svc = new KafkaProducerService(kafka);
    await svc.sendBatch([{ topic: 't', messages: [{ key: 'a', value: '1' }] }]);
    expect(options[0]).toMatchObject({ retry: { retries: 0 }, idempotent: false, maxInFlightRequests: 1 });
    // Every attempt carries the whole batch again (not only what failed): nothing acknowledged is skipped.
    expect(calls).toHaveLength(3);
    for (const c of calls) expect(c).toEqual({ acks: -1, topicMessages: [{ topic: 't', messages: [{ key: 'a', value: '1' }] }] });
  });

  it('gives up after its attempts and throws the error', async () => {
    const { kafka, calls } = fakeKafka(10, retriesExceeded());
    await expect(new KafkaProducerService(kafka).send('t', [{ value: 'x' }])).rejects.toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true, message: expect.stringMatching(/^KAFKA_UNAVAILABLE: publish failed: .*not the leader/) });
    expect(calls).toHaveLength(4);
  });

  it('does not retry a refusal (authorization)', async () => {
    const denied = Object.assign(new Error('Not authorized to access topics: [Topic authorization failed]'), { name: 'KafkaJSNonRetriableError', retriable: false });
    const { kafka, calls } = fakeKafka(10, denied);
    await expect(new KafkaProducerService(kafka).send('t', [{ value: 'x' }])).rejects.toMatchObject({ code: 'KAFKA_AUTHORIZATION_FAILED', retriable: false, message: expect.stringMatching(/Not authorized/) });
    expect(calls).toHaveLength(1);
  });

  it('never sends a record timestamp of its own (Kafka 4 refuses one more than an hour ahead)', async () => {
    const { kafka, calls } = fakeKafka(0, new Error('unused'));
    const future = String(Date.now() + 2 * 3_600_000);
    await new KafkaProducerService(kafka).send('t', [{ key: 'a', value: '1', timestamp: future, headers: { h: 'v' } }]);
    expect(calls[0].topicMessages[0].messages).toEqual([{ key: 'a', value: '1', headers: { h: 'v' } }]);
  });
});

describe('KafkaProducerService.disconnect', () => {
  it('closes a connect still under way and refuses to send afterwards', async () => {
    let release!: () => void;
    const disconnected: string[] = [];
    const producer = {
      events: { DISCONNECT: 'producer.disconnect' },
      on: () => undefined,
      connect: () => new Promise<void>((r) => (release = r)),
      disconnect: async () => void disconnected.push('producer'),
      sendBatch: async () => [],
    };
    const svc = new KafkaProducerService({ producer: () => producer } as unknown as Kafka);
    const sending = svc.send('t', [{ value: 'x' }]).catch((e: Error) => e.message);
    await new Promise((r) => setImmediate(r));
    const closing = svc.disconnect();
    release();
    await closing;
    await sending;
    expect(disconnected).toEqual(['producer']);
    await expect(svc.send('t', [{ value: 'y' }])).rejects.toThrow(/closed/);
  });
});
