import { Logger } from '@nestjs/common';
import { Kafka, Message, Partitioners, Producer, RecordMetadata } from 'kafkajs';
import { errorMessage, kafkaErrorCode } from '../errors';

/** A publish that failed for good, with why: KAFKA_AUTHENTICATION_FAILED, KAFKA_AUTHORIZATION_FAILED or KAFKA_UNAVAILABLE. */
export class KafkaPublishError extends Error {
  readonly retriable: boolean;
  constructor(
    readonly code: string,
    override readonly cause: unknown,
  ) {
    super(`${code}: publish failed: ${errorMessage(cause)}`);
    this.name = 'KafkaPublishError';
    this.retriable = code === 'KAFKA_UNAVAILABLE';
  }
}

/** Attempts of one sendBatch, each a fresh kafkajs send, and the waits between them. */
const SEND_BACKOFF_MS = [100, 300, 1000];

/**
 * One producer per process, connected lazily so that a node still boots (and keeps accepting
 * work into its outbox) while Kafka is unreachable. acks = all on every send; failures throw.
 *
 * kafkajs's own produce retry is off: it keeps each broker's answer across retries, so when one
 * leader fails and its partitions move to a broker that already answered, the retry sends
 * nothing for them and send() resolves. The messages are lost although acknowledged (seen on
 * Apache Kafka with kill -9 of a leader; tulios/kafkajs#1303, #1798). Each attempt here is a
 * whole new send: partitions that were written in a failed attempt are written again, which the
 * consumers' inbox dedupes (at-least-once).
 */
export class KafkaProducerService {
  private readonly logger = new Logger(KafkaProducerService.name);
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;
  private connected = false;
  /** After disconnect(): no new connection (a connect still under way is closed when it lands). */
  private closed = false;

  constructor(private readonly kafka: Kafka) {}

  isConnected(): boolean {
    return this.connected;
  }

  private async get(): Promise<Producer> {
    if (this.closed) throw new Error('the Kafka producer is closed');
    if (this.producer && this.connected) return this.producer;
    if (!this.connecting) {
      const producer = this.kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: true,
        idempotent: false,
        // Without idempotence, a single in-flight request keeps per-partition order across retries.
        maxInFlightRequests: 1,
        // No retry inside kafkajs (see above); sendBatch retries whole sends, the relay retries later.
        retry: { retries: 0, initialRetryTime: 100, maxRetryTime: 1000 },
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
    // Record timestamps are always this host's wall clock (kafkajs sets them): Kafka 4 refuses a
    // record more than log.message.timestamp.after.max.ms (1 h) in the future, and an app clock
    // (a broker run with CLOCK_RATE, a replayed envelope) must never become one.
    // Our own writers set none, so the relay's hot path copies nothing.
    if (topicMessages.some((t) => t.messages.some((m) => m.timestamp !== undefined))) {
      topicMessages = topicMessages.map((t) => ({ topic: t.topic, messages: t.messages.map(({ timestamp: _ignored, ...m }) => m) }));
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const producer = await this.get();
        return await producer.sendBatch({ topicMessages, acks: -1 });
      } catch (err) {
        // With no retries inside kafkajs, a transient error arrives wrapped as NumberOfRetriesExceeded;
        // a refusal (authorization, authentication, invalid record) is not worth a second try.
        const e = err as { name?: string; retriable?: boolean };
        const retriable = e.name === 'KafkaJSNumberOfRetriesExceeded' || e.retriable === true;
        if (!retriable || attempt >= SEND_BACKOFF_MS.length) {
          // The code reaches the outbox's lastError, so /health says why (credentials, ACLs, outage).
          const failure = new KafkaPublishError(kafkaErrorCode(err), err);
          if (failure.code === 'KAFKA_UNAVAILABLE') this.logger.warn(failure.message);
          else this.logger.error(failure.message);
          throw failure;
        }
        await new Promise((r) => setTimeout(r, SEND_BACKOFF_MS[attempt]));
      }
    }
  }

  async send(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    return this.sendBatch([{ topic, messages }]);
  }

  async disconnect(): Promise<void> {
    this.closed = true;
    // A connect under way would otherwise land after this and leave its sockets open.
    await this.connecting?.catch(() => undefined);
    const p = this.producer;
    this.producer = null;
    this.connected = false;
    if (p) await p.disconnect().catch(() => undefined);
  }
}
