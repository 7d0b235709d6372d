import { Injectable } from '@nestjs/common';
import { TrackingBatch } from '@postbridge/contracts';
import { EntityManager } from 'typeorm';
import { trackingEventInputOf } from '../shared/tracking-event.proto-mapper';
import { StoredTrackingEvent } from '../shared/tracking-event.repository.port';
import { TrackingEventRecorder } from '../shared/tracking-event-recorder';
import { TrackingMetrics } from '../shared/tracking.metrics';
import { RejectedTrackingEvent, validateTrackingEvents } from '../shared/validate-tracking-events';

export interface PartnerTrackingResult {
  stored: number;
  duplicates: number;
  rejected: RejectedTrackingEvent[];
}

/**
 * Partner posts' scans, routed to this node by the broker (`tracking.in`): validated one by one,
 * stored with the post that reported them, applied to open cases. Never forwarded again: the
 * broker already delivered them everywhere they belong, and echoing would loop.
 */
@Injectable()
export class ApplyPartnerTrackingHandler {
  constructor(private readonly recorder: TrackingEventRecorder, private readonly metrics: TrackingMetrics) {}

  async apply(tx: EntityManager, batch: TrackingBatch, now = new Date()): Promise<PartnerTrackingResult> {
    const { valid, rejected } = validateTrackingEvents(batch.events.map(trackingEventInputOf), now);
    // The source is the batch's sender, which the broker set to the post that reported the events
    // (it stamps each post's scans with its verified principal); an event's own claim is ignored.
    const events: StoredTrackingEvent[] = valid.map(({ event }) => ({ ...event, sourceOperator: batch.senderOperator }));
    const { fresh, duplicates } = events.length ? await this.recorder.record(tx, events, now) : { fresh: [], duplicates: 0 };
    const result = { stored: fresh.length, duplicates, rejected: [...rejected] };
    this.metrics.count('partner', result.stored, result.duplicates, result.rejected);
    return result;
  }
}
