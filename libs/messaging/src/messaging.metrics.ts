import { Counter, Gauge, Registry } from 'prom-client';

export class MessagingMetrics {
  readonly consumed: Counter<'topic' | 'outcome'>;
  readonly published: Counter<'topic'>;
  readonly publishFailures: Counter;
  readonly outboxPending: Gauge;
  readonly deadLettered: Counter<'reason'>;

  constructor(registry: Registry) {
    this.consumed = new Counter({ name: 'postbridge_messages_consumed_total', help: 'Kafka messages handled, by outcome (applied, duplicate, dead_lettered)', labelNames: ['topic', 'outcome'], registers: [registry] });
    this.published = new Counter({ name: 'postbridge_outbox_published_total', help: 'Outbox messages acknowledged by Kafka', labelNames: ['topic'], registers: [registry] });
    this.publishFailures = new Counter({ name: 'postbridge_outbox_publish_failures_total', help: 'Outbox relay batches that Kafka did not acknowledge', registers: [registry] });
    this.outboxPending = new Gauge({ name: 'postbridge_outbox_pending', help: 'Unsent outbox rows seen by the last relay pass', registers: [registry] });
    this.deadLettered = new Counter({ name: 'postbridge_dead_lettered_total', help: 'Messages sent to the dead-letter topic, by reason', labelNames: ['reason'], registers: [registry] });
  }
}
