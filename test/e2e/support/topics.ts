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
