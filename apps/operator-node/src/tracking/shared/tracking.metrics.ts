import { Counter, Registry } from 'prom-client';
import type { RejectedTrackingEvent } from './validate-tracking-events';

/** Where events came from: REST, the post's Kafka feed, or a partner post through the broker. */
export type TrackingSource = 'api' | 'feed' | 'partner';

export class TrackingMetrics {
  readonly events: Counter<'source' | 'outcome'>;
  readonly rejections: Counter<'source' | 'code'>;

  constructor(registry: Registry) {
    this.events = new Counter({ name: 'postbridge_tracking_events_total', help: 'Tracking events received, by source and outcome (stored, duplicate, rejected)', labelNames: ['source', 'outcome'], registers: [registry] });
    this.rejections = new Counter({ name: 'postbridge_tracking_event_rejections_total', help: 'Rejected tracking events by validation code (an event may carry several)', labelNames: ['source', 'code'], registers: [registry] });
  }

  /** Counted when the work is done; a transaction retried after a transient failure may count twice. */
  count(source: TrackingSource, stored: number, duplicates: number, rejected: readonly RejectedTrackingEvent[]): void {
    if (stored) this.events.inc({ source, outcome: 'stored' }, stored);
    if (duplicates) this.events.inc({ source, outcome: 'duplicate' }, duplicates);
    if (rejected.length) this.events.inc({ source, outcome: 'rejected' }, rejected.length);
    for (const r of rejected) for (const code of new Set(r.errors.map((e) => e.code))) this.rejections.inc({ source, code });
  }
}
