import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DEADLINE_EVENT_KINDS } from '@postbridge/domain';

/** Prometheus metrics of the deadline clock (registered on the app's MetricsRegistry). */
export class DeadlineMetrics {
  /** case.deadline changes announced, by kind (each goes to both parties). */
  readonly events: Counter<'kind'>;
  /** Reminders, overdue notices and escalations sent by the watcher, by kind. */
  readonly milestones: Counter<'kind'>;
  /** How late a milestone went out after the instant it became due (clock time). */
  readonly milestoneDelay: Histogram;
  readonly watcherLag: Gauge;
  readonly tickFailures: Counter;
  /** Set by the watcher: how long the oldest due check has been waiting, in clock milliseconds. */
  lag: (() => Promise<number>) | null = null;

  constructor(registry: Registry) {
    this.events = new Counter({ name: 'postbridge_deadline_events_total', help: 'case.deadline changes announced to both parties, by kind', labelNames: ['kind'], registers: [registry] });
    this.milestones = new Counter({
      name: 'postbridge_deadline_milestones_total',
      help: 'Deadline milestones sent by the watcher (DUE_SOON, OVERDUE, REMINDER, ESCALATED)',
      labelNames: ['kind'],
      registers: [registry],
    });
    for (const kind of DEADLINE_EVENT_KINDS) this.events.inc({ kind }, 0);
    for (const kind of ['DUE_SOON', 'OVERDUE', 'REMINDER', 'ESCALATED']) this.milestones.inc({ kind }, 0);
    this.milestoneDelay = new Histogram({
      name: 'postbridge_deadline_milestone_delay_seconds',
      help: 'Time between a milestone becoming due and the watcher sending it (broker clock)',
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    });
    this.tickFailures = new Counter({ name: 'postbridge_deadline_watcher_failures_total', help: 'Deadline watcher runs that failed (retried)', registers: [registry] });
    const self = this;
    this.watcherLag = new Gauge({
      name: 'postbridge_deadline_watcher_lag_seconds',
      help: 'How long the oldest due deadline check has been waiting for the watcher (0 when none is due)',
      registers: [registry],
      // Measured when scraped, so a stuck watcher shows up even when it runs no more.
      async collect() {
        if (self.lag) this.set((await self.lag().catch(() => NaN)) / 1000);
      },
    });
  }
}
