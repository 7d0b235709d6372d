import { Logger } from '@nestjs/common';
import { Kafka, Message, Partitioners, Producer, RecordMetadata } from 'kafkajs';

/**
 * One producer per process, connected lazily so that a node still boots (and keeps accepting
 * work into its outbox) while Kafka is unreachable. acks = all on every send; failures throw.
 */
export class KafkaProducerService {
  private readonly logger = new Logger(KafkaProducerService.name);
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;
  private connected = false;

  constructor(private readonly kafka: Kafka) {}

  isConnected(): boolean {
    return this.connected;
  }

  private async get(): Promise<Producer> {
    if (this.producer && this.connected) return this.producer;
    if (!this.connecting) {
      const producer = this.kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: true,
        idempotent: false,
        // Without idempotence, a single in-flight request keeps per-partition order across retries.
        maxInFlightRequests: 1,
        // Fail fast: the outbox keeps the message and the relay retries with its own backoff.
        retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
      });
      producer.on(producer.events.DISCONNECT, () => {
        this.connected = false;
      });
      this.connecting = producer
        .connect()
        .then(() => {
          this.producer = producer;
          this.connected = true;
          return producer;
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.connecting;
  }

  async sendBatch(topicMessages: Array<{ topic: string; messages: Message[] }>): Promise<RecordMetadata[]> {
    const producer = await this.get();
    try {
      return await producer.sendBatch({ topicMessages, acks: -1 });
    } catch (err) {
      this.logger.warn(`publish failed: ${(err as Error).message}`);
      throw err;
    }
  }

  async send(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    return this.sendBatch([{ topic, messages }]);
  }

  async disconnect(): Promise<void> {
    const p = this.producer;
    this.producer = null;
    this.connected = false;
    if (p) await p.disconnect().catch(() => undefined);
  }
}
