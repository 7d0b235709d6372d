import { Counter, Registry } from 'prom-client';
import { TRACKING_REFUSAL_CODES } from './item-route-rules';

/** Prometheus metrics of tracking authority (registered on the broker's MetricsRegistry). */
export class TrackingAuthorityMetrics {
  /** Scans refused by the broker (dead-lettered, never routed), by reason. */
  readonly refused: Counter<'reason'>;

  constructor(registry: Registry) {
    this.refused = new Counter({
      name: 'postbridge_tracking_refused_total',
      help: 'Tracking events the broker refused to route (office not owned, not a party, route conflict), by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    for (const reason of TRACKING_REFUSAL_CODES) this.refused.inc({ reason }, 0);
  }
}
