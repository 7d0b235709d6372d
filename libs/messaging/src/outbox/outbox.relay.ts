import { Logger } from '@nestjs/common';
import { Message } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaProducerService } from '../kafka/kafka-producer.service';
import { MessagingMetrics } from '../messaging.metrics';
import { errorMessage } from '../errors';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  payload: Buffer;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  batchSize: number;
  pollIntervalMs: number;
  /** Published outbox rows are kept this long (for support), then deleted. */
  retentionDays: number;
  /** Inbox rows (dedupe records) are kept this long; keep it above the Kafka topics' retention. */
  inboxRetentionDays?: number;
  /** false: leave pruning to the app's retention jobs. Default true. */
  prune?: boolean;
}

/**
 * Publishes the outbox in id order. Rows are locked with SKIP LOCKED so several relays (or
 * replicas) never publish the same row concurrently, and are marked sent only after Kafka
 * acknowledged them (acks = all). A crash between publish and commit re-sends: consumers dedupe.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private failures = 0;
  private lastPruneAt = 0;
  lastError: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: KafkaProducerService,
    private readonly metrics: MessagingMetrics,
    private readonly options: OutboxRelayOptions,
  ) {
    metrics.outboxBacklog = async () => (await this.backlog()).pending;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = null;
  }

  /** Called after a transaction that wrote to the outbox committed: publish now, not at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.drainOnce();
        this.failures = 0;
        this.lastError = null;
        await this.pruneIfDue();
      } catch (err) {
        this.failures++;
        this.lastError = errorMessage(err);
        this.metrics.publishFailures.inc();
        if (this.failures === 1 || this.failures % 20 === 0) this.logger.warn(`outbox relay: ${this.lastError} (failure ${this.failures})`);
        await this.sleep(Math.min(100 * 2 ** Math.min(this.failures, 8), 10_000));
        continue;
      }
      if (published < this.options.batchSize) await this.sleep(this.options.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(t);
        self.wakeUp = null;
        self.woken = false;
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** One batch: lock, publish, mark sent, commit. Returns how many rows were published. */
  async drainOnce(): Promise<number> {
    const qr = this.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      // Without fresh statistics (a burst after an outage) the planner reads and sorts the whole
      // backlog for every batch; the ordered scan of the partial index reads just one batch.
      await qr.query(`SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off`);
      const rows: OutboxRow[] = await qr.query(
        `SELECT id, topic, message_key, payload, headers FROM outbox_messages
         WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (rows.length === 0) {
        await qr.commitTransaction();
        return 0;
      }
      const byTopic = new Map<string, Message[]>();
      for (const r of rows) {
        const list = byTopic.get(r.topic) ?? [];
        list.push({ key: r.message_key, value: r.payload, headers: r.headers });
        byTopic.set(r.topic, list);
      }
      try {
        await this.producer.sendBatch([...byTopic].map(([topic, messages]) => ({ topic, messages })));
      } catch (err) {
        await qr.rollbackTransaction();
        await this.dataSource
          .query(`UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id), errorMessage(err).slice(0, 1000)])
          .catch(() => undefined);
        throw err;
      }
      await qr.query(`UPDATE outbox_messages SET sent_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      await qr.commitTransaction();
      for (const [topic, messages] of byTopic) this.metrics.published.inc({ topic }, messages.length);
      return rows.length;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }

  /** Unsent rows and the age of the oldest one, for health checks. */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age
       FROM outbox_messages WHERE sent_at IS NULL`,
    );
    return { pending: row.pending, oldestAgeSeconds: row.age };
  }

  private async pruneIfDue(): Promise<void> {
    if (this.options.prune === false || Date.now() - this.lastPruneAt < 10 * 60_000) return;
    this.lastPruneAt = Date.now();
    await this.dataSource.query(`DELETE FROM outbox_messages WHERE sent_at < now() - make_interval(days => $1)`, [this.options.retentionDays]);
    // A message older than the topic's retention can no longer be redelivered, so its dedupe record can go.
    await this.dataSource.query(`DELETE FROM inbox_messages WHERE received_at < now() - make_interval(days => $1)`, [this.options.inboxRetentionDays ?? 30]);
  }
}
