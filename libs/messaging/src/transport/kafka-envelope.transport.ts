import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { ContractViolation, decodeInbound, Envelope, Headers, InboundMessage, TRACKING_BATCH_PATTERN } from '@postbridge/contracts';
import { DeadLetterPublisher } from '../dead-letter/dead-letter.publisher';
import { errorCode, errorMessage, isTransientError, kafkaErrorCode, PoisonMessageError } from '../errors';
import { InboxStore } from '../inbox/inbox.store';
import { MessagingMetrics } from '../messaging.metrics';
import { MessagingOptions } from '../messaging.options';
import { OutboxRelay } from '../outbox/outbox.relay';
import { OutboxWriter } from '../outbox/outbox.writer';
import { TraceContext } from '../trace-context';
import { EnvelopeContext } from './envelope.context';

const MAX_TRANSIENT_BACKOFF_MS = 30_000;
const COMMIT_EVERY = 100;
const CLOSE_JOIN_WAIT_MS = 10_000;
const DEFAULT_MAX_MESSAGES_PER_BATCH = 100;

/**
 * Nest transport strategy for PostBridge messages on Kafka. Handlers are bound with
 * `@EventPattern('<envelope type>')`, or `@EventPattern('tracking.batch')` on tracking topics. Per message: decode and validate, check the sender, claim
 * the message id in the inbox and run the handler in one database transaction; only then is the
 * offset committed. Poison messages go to the dead-letter topic and the partition moves on;
 * transient failures (database or Kafka down) are retried with backoff without skipping.
 */
export class KafkaEnvelopeTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(KafkaEnvelopeTransport.name);
  private stopped = false;
  private lanes: Lane[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly inbox: InboxStore,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: MessagingMetrics,
  ) {
    super();
  }

  on(): never {
    throw new Error('KafkaEnvelopeTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.lanes.map((l) => l.consumer) as T;
  }

  /** Joined when every lane's consumer is in its group; the first crash reason otherwise. */
  /** For /health: whether every lane's consumer joined its group, and the last failure with its code. */
  state(): { connected: boolean; crashed: string | null; code: string | null } {
    const failed = this.lanes.find((l) => l.crashed);
    return { connected: this.lanes.length > 0 && this.lanes.every((l) => l.connected), crashed: failed?.crashed ?? null, code: failed?.code ?? null };
  }

  async listen(callback: () => void): Promise<void> {
    this.stopped = false;
    // Each lane is its own consumer group, so a backlog in one (bulk tracking) never holds up another (cases).
    const lanes = this.options.lanes ?? [{ name: '', topics: this.options.subscribeTopics }];
    this.lanes = lanes.map((l) => ({ name: l.name, groupId: l.name ? `${this.options.groupId}.${l.name}` : this.options.groupId, topics: l.topics, consumer: null, connected: false, crashed: null, code: null }));
    // Connect in the background: a node must boot and serve its agents while Kafka is away.
    for (const lane of this.lanes) void this.connectAndRun(lane);
    callback();
  }

  async close(): Promise<void> {
    this.stopped = true;
    // kafkajs leaves timers running when a consumer is disconnected in the middle of its first
    // group join, so a lane that is still joining gets a bounded moment to finish first.
    const until = Date.now() + CLOSE_JOIN_WAIT_MS;
    while (this.lanes.some((l) => l.consumer && !l.connected && !l.crashed) && Date.now() < until) await sleep(50);
    await Promise.all(
      this.lanes.map(async (lane) => {
        const c = lane.consumer;
        lane.consumer = null;
        lane.connected = false;
        if (c) await c.disconnect().catch(() => undefined);
      }),
    );
  }

  private async connectAndRun(lane: Lane): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const consumer = this.kafka.consumer({
        groupId: lane.groupId,
        maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 100,
        allowAutoTopicCreation: true,
        // A crashed member blocks the group until its session expires: keep that short.
        sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
        heartbeatInterval: 1_000,
        retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
      });
      consumer.on(consumer.events.CRASH, (e) => {
        lane.connected = false;
        lane.crashed = errorMessage(e.payload.error);
        lane.code = kafkaErrorCode(e.payload.error);
        // kafkajs restarts itself after retriable crashes only; anything else would leave this node deaf.
        if (!e.payload.restart && !this.stopped && lane.consumer === consumer) {
          this.logger.error(`consumer ${lane.groupId} crashed, reconnecting: ${lane.crashed}`);
          lane.consumer = null;
          void consumer.disconnect().catch(() => undefined).then(() => sleep(1_000)).then(() => (this.stopped ? undefined : this.connectAndRun(lane)));
        }
      });
      consumer.on(consumer.events.GROUP_JOIN, () => {
        lane.connected = true;
        lane.crashed = null;
        lane.code = null;
      });
      // Set before connecting so that close() during start-up still disconnects it.
      lane.consumer = consumer;
      try {
        await consumer.connect();
        if (this.stopped) {
          if (lane.consumer === consumer) lane.consumer = null;
          await consumer.disconnect().catch(() => undefined);
          return;
        }
        await consumer.subscribe({ topics: lane.topics, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          // Each partition stays in order; different partitions (so different senders) proceed side by side.
          partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
          eachBatch: (payload) => this.eachBatch(consumer, payload),
        });
        return;
      } catch (err) {
        attempt++;
        lane.crashed = errorMessage(err);
        lane.code = kafkaErrorCode(err);
        await consumer.disconnect().catch(() => undefined);
        if (lane.consumer === consumer) lane.consumer = null;
        if (this.stopped) return;
        // Wrong credentials or missing ACLs do not heal by waiting: say so loudly, with the code.
        const line = `${lane.code}: consumer ${lane.groupId} could not start (attempt ${attempt}) as ${this.options.sasl ? `User:${(this.options.sasl as { username?: string }).username}` : 'an anonymous client'}: ${lane.crashed}`;
        if (lane.code === 'KAFKA_UNAVAILABLE') this.logger.warn(line);
        else this.logger.error(line);
        await sleep(Math.min(500 * attempt, 10_000));
      }
    }
  }

  /**
   * Handles at most `maxMessagesPerBatch` messages of the batch and leaves the rest unresolved:
   * kafkajs fetches again from the first unresolved offset, and its next fetch serves every
   * partition of the lane, so a backlog on one partition (a flooding sender) holds the others up
   * for one slice, not for the whole fetched batch (up to 1 MB of messages per partition).
   */
  private async eachBatch(consumer: Consumer, p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    const slice = this.options.maxMessagesPerBatch ?? DEFAULT_MAX_MESSAGES_PER_BATCH;
    let uncommitted: string | null = null;
    let sinceCommit = 0;
    const commit = async () => {
      if (uncommitted === null) return;
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: uncommitted }]);
      uncommitted = null;
      sinceCommit = 0;
    };
    try {
      for (const message of batch.messages.slice(0, slice)) {
        if (!p.isRunning() || p.isStale() || this.stopped) break;
        const done = await this.processWithRetry(batch.topic, batch.partition, message, p);
        if (!done) break;
        p.resolveOffset(message.offset);
        uncommitted = (BigInt(message.offset) + 1n).toString();
        if (++sinceCommit >= COMMIT_EVERY) await commit();
        await p.heartbeat();
      }
    } finally {
      // Offsets only ever cover messages whose effects (or dead-letter copies) are durable.
      await commit();
    }
  }

  /** Returns false when the consumer is stopping and the message was left for redelivery. */
  private async processWithRetry(topic: string, partition: number, message: KafkaMessage, p: EachBatchPayload): Promise<boolean> {
    const maxAttempts = this.options.maxHandlerAttempts ?? 3;
    let attempt = 0;
    let transientAttempt = 0;
    for (;;) {
      try {
        const outcome = await this.processOne(topic, partition, message);
        this.metrics.consumed.inc({ topic, outcome });
        return true;
      } catch (err) {
        const poison = err instanceof PoisonMessageError || this.options.isPermanentError?.(err) === true;
        if (!poison && isTransientError(err)) {
          transientAttempt++;
          if (transientAttempt === 1 || transientAttempt % 10 === 0) {
            this.logger.warn(`transient failure on ${topic}[${partition}]@${message.offset}, retrying: ${errorMessage(err)}`);
          }
          if (!(await this.backoff(Math.min(200 * 2 ** Math.min(transientAttempt, 8), MAX_TRANSIENT_BACKOFF_MS), p))) return false;
          continue;
        }
        attempt++;
        if (!poison && attempt < maxAttempts) {
          if (!(await this.backoff(100 * attempt, p))) return false;
          continue;
        }
        // Dead-lettering must itself succeed before the offset moves on: nothing is lost.
        try {
          await this.deadLetters.publish({ topic, partition, message }, errorCode(err), errorMessage(err));
          this.metrics.consumed.inc({ topic, outcome: 'dead_lettered' });
          return true;
        } catch (dlqErr) {
          transientAttempt++;
          this.logger.error(`dead-letter publish failed, will retry: ${errorMessage(dlqErr)}`);
          if (!(await this.backoff(Math.min(500 * transientAttempt, MAX_TRANSIENT_BACKOFF_MS), p))) return false;
        }
      }
    }
  }

  private async backoff(ms: number, p: EachBatchPayload): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!p.isRunning() || p.isStale() || this.stopped) return false;
      await sleep(Math.min(1_000, until - Date.now()));
      await p.heartbeat().catch(() => undefined);
    }
    return true;
  }

  private async processOne(topic: string, partition: number, message: KafkaMessage): Promise<'applied' | 'duplicate'> {
    let inbound: InboundMessage;
    try {
      // Who may send this here is judged before the signature is checked: refusing costs no verification.
      inbound = decodeInbound(topic, message.value, this.options.keys, Date.now(), (t, m) => {
        const refusal = this.options.verifySender(t, m);
        if (refusal) throw new PoisonMessageError(refusal.code, refusal.message);
      });
      // Customer data and free text were sealed for this post: opened only once the signature verified.
      if (this.options.opener && inbound.pattern !== TRACKING_BATCH_PATTERN) inbound = { ...inbound, payload: await this.options.opener.open(inbound.payload as Envelope) };
    } catch (err) {
      if (err instanceof ContractViolation) throw new PoisonMessageError(err.code, err.message);
      throw err;
    }
    const handler = this.getHandlerByPattern(inbound.pattern);
    if (!handler) throw new PoisonMessageError('UNHANDLED_TYPE', `no handler for "${inbound.pattern}" on ${this.options.consumerName}`);

    const traceparent = headerString(message.headers?.[Headers.traceparent]);
    const outcome = await TraceContext.run(traceparent, () =>
      this.dataSource.transaction(async (manager) => {
        const fresh = await this.inbox.claim(manager, this.options.consumerName, inbound.id, { topic, partition, offset: message.offset });
        if (!fresh) return 'duplicate' as const;
        const ctx = new EnvelopeContext([topic, partition, message.offset, message.headers ?? {}, manager, this.outbox, inbound.signedValue]);
        const result = await handler(inbound.payload, ctx);
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        return 'applied' as const;
      }),
    );
    if (outcome === 'applied') this.relay.wake();
    return outcome;
  }
}

function headerString(v: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
}

interface Lane {
  name: string;
  groupId: string;
  topics: string[];
  consumer: Consumer | null;
  connected: boolean;
  crashed: string | null;
  code: string | null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
