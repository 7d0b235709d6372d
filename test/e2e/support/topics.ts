import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage } from 'kafkajs';
import { testKafkaConfig } from '../../harness/kafka';
import { eventually } from './network';

/** Reads `topic` from its start, as a fresh consumer group, until `until` holds for what was seen. */
export async function readTopic(topic: string, until: (msgs: KafkaMessage[]) => boolean, timeoutMs = 15_000): Promise<KafkaMessage[]> {
  const consumer = new Kafka(testKafkaConfig('e2e-reader')).consumer({ groupId: `e2e-reader-${randomUUID()}`, maxWaitTimeInMs: 20 });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    await eventually(async () => until(seen), timeoutMs, `messages on ${topic}`);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

/** Everything `topic` holds now, from its start to each partition's end (high watermark). */
export async function readWholeTopic(topic: string, timeoutMs = 15_000): Promise<KafkaMessage[]> {
  const kafka = new Kafka(testKafkaConfig('e2e-reader'));
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  } finally {
    await admin.disconnect();
  }
  const next = new Map<number, bigint>([...ends.keys()].map((p) => [p, 0n]));
  const seen: KafkaMessage[] = [];
  if ([...ends.values()].every((h) => h === 0n)) return seen;
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        seen.push(message);
        next.set(partition, BigInt(message.offset) + 1n);
      },
    });
    // Done once every partition reached the end it had when the read began.
    await eventually(async () => [...ends].every(([p, high]) => next.get(p)! >= high), timeoutMs, `the whole of ${topic}`);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
