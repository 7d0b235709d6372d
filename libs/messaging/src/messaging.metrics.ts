import { Counter, Gauge, Registry } from 'prom-client';

export class MessagingMetrics {
  readonly consumed: Counter<'topic' | 'outcome'>;
  readonly published: Counter<'topic'>;
  readonly publishFailures: Counter;
  readonly outboxPending: Gauge;
  readonly deadLettered: Counter<'reason'>;
  /** Set by the relay: how many outbox rows are unsent. */
  outboxBacklog: (() => Promise<number>) | null = null;

  constructor(registry: Registry) {
    this.consumed = new Counter({ name: 'postbridge_messages_consumed_total', help: 'Kafka messages handled, by outcome (applied, duplicate, dead_lettered)', labelNames: ['topic', 'outcome'], registers: [registry] });
    this.published = new Counter({ name: 'postbridge_outbox_published_total', help: 'Outbox messages acknowledged by Kafka', labelNames: ['topic'], registers: [registry] });
    this.publishFailures = new Counter({ name: 'postbridge_outbox_publish_failures_total', help: 'Outbox relay batches that Kafka did not acknowledge', registers: [registry] });
    const self = this;
    this.outboxPending = new Gauge({
      name: 'postbridge_outbox_pending',
      help: 'Unsent outbox rows (messages to other parties not yet acknowledged by Kafka)',
      registers: [registry],
      // Counted when scraped, so the figure is the real backlog, not one relay batch.
      async collect() {
        if (self.outboxBacklog) this.set(await self.outboxBacklog().catch(() => NaN));
      },
    });
    this.deadLettered = new Counter({ name: 'postbridge_dead_lettered_total', help: 'Messages sent to the dead-letter topic, by reason', labelNames: ['reason'], registers: [registry] });
  }
}
