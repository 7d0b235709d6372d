import { Injectable } from '@nestjs/common';
import { buildTrackingBatch, MAX_TRACKING_BATCH_EVENTS } from '@postbridge/contracts';
import { eventKey, TrackingEventInput } from '@postbridge/domain';
import { OutboxEntry, UnitOfWork, UnitOfWorkScope } from '@postbridge/messaging';
import { NodeContext } from '../../node-context';
import { trackingEventMessageOf } from '../shared/tracking-event.proto-mapper';
import { StoredTrackingEvent } from '../shared/tracking-event.repository.port';
import { TrackingEventRecorder } from '../shared/tracking-event-recorder';
import { TrackingMetrics } from '../shared/tracking.metrics';
import { RejectedTrackingEvent, validateTrackingEvents } from '../shared/validate-tracking-events';

export interface IngestTrackingEventsResult {
  /** Valid events this node did not have: stored and forwarded to the network. */
  accepted: number;
  /** Valid events it already had; a re-sent batch is harmless. */
  duplicates: number;
  /** Invalid events, each with its index in the batch and every problem found. */
  rejected: RejectedTrackingEvent[];
}

/**
 * This post's own scans entering the network, from REST or from its Kafka feed: validated one by
 * one, stored, applied to open cases and announced on `tracking.out` (the broker routes them to the
 * partner posts) in one transaction, so an event is never stored without being forwarded.
 */
@Injectable()
export class IngestTrackingEventsService {
  constructor(
    private readonly node: NodeContext,
    private readonly recorder: TrackingEventRecorder,
    private readonly uow: UnitOfWork,
    private readonly metrics: TrackingMetrics,
  ) {}

  /** REST: a transaction of its own (the relay is woken after commit). */
  async execute(inputs: readonly unknown[], now = new Date()): Promise<IngestTrackingEventsResult> {
    return this.ingest(inputs, now, 'api', (work) => this.uow.run(work));
  }

  /** Kafka feed: inside the transport's transaction, which also holds the inbox claim. */
  async executeWithin(scope: UnitOfWorkScope, inputs: readonly TrackingEventInput[], now = new Date()): Promise<IngestTrackingEventsResult> {
    return this.ingest(inputs, now, 'feed', (work) => work(scope));
  }

  private async ingest(
    inputs: readonly unknown[],
    now: Date,
    source: 'api' | 'feed',
    inTransaction: <T>(work: (scope: UnitOfWorkScope) => Promise<T>) => Promise<T>,
  ): Promise<IngestTrackingEventsResult> {
    // Validation is CPU work: done before a connection is taken.
    const { valid, rejected } = validateTrackingEvents(inputs, now);
    const me = this.node.operatorCode;
    let accepted = 0;
    if (valid.length > 0) {
      // Reported by this post's systems: this node is their source, whatever a producer claims.
      const events: StoredTrackingEvent[] = valid.map(({ event }) => ({ ...event, sourceOperator: me }));
      accepted = await inTransaction(async ({ manager, enqueue }) => {
        const { fresh } = await this.recorder.record(manager, events, now);
        // Only new events travel: duplicates were announced when they were first stored. The
        // despatch's destination country travels with them (the broker routes by it) but is not stored.
        await enqueue(...this.outgoingBatches(withDestinationCountries(fresh, events), now));
        return fresh.length;
      });
    }
    const result = { accepted, duplicates: valid.length - accepted, rejected: [...rejected] };
    this.metrics.count(source, result.accepted, result.duplicates, result.rejected);
    return result;
  }

  private outgoingBatches(fresh: readonly StoredTrackingEvent[], now: Date): OutboxEntry[] {
    const topic = this.node.topics.trackingOut(this.node.operatorCode);
    const entries: OutboxEntry[] = [];
    for (let i = 0; i < fresh.length; i += MAX_TRACKING_BATCH_EVENTS) {
      const batch = buildTrackingBatch({ sender: this.node.operatorCode, events: fresh.slice(i, i + MAX_TRACKING_BATCH_EVENTS).map(trackingEventMessageOf), sentAt: now });
      // Keyed by batch id: batches are independent (the timeline does not depend on arrival order).
      entries.push({ topic, key: batch.batchId, batch });
    }
    return entries;
  }
}

function withDestinationCountries(fresh: readonly StoredTrackingEvent[], sent: readonly StoredTrackingEvent[]): StoredTrackingEvent[] {
  const byKey = new Map(sent.filter((e) => e.destinationCountry !== undefined).map((e) => [eventKey(e), e.destinationCountry]));
  if (byKey.size === 0) return [...fresh];
  return fresh.map((e) => (byKey.has(eventKey(e)) ? { ...e, destinationCountry: byKey.get(eventKey(e)) } : e));
}
