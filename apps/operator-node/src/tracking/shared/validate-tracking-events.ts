import { TrackingEvent, TrackingEventFieldError, TrackingEventInput, validateTrackingEvent } from '@postbridge/domain';

/** Clock skew accepted between a post's scanners and this node. */
export const TRACKING_FUTURE_TOLERANCE_MINUTES = 60;

export interface RejectedTrackingEvent {
  /** Position of the event in the batch it came in, so the sender can fix exactly that one. */
  readonly index: number;
  readonly errors: readonly TrackingEventFieldError[];
}

export interface ValidatedTrackingEvents {
  readonly valid: ReadonlyArray<{ readonly index: number; readonly event: TrackingEvent }>;
  readonly rejected: readonly RejectedTrackingEvent[];
}

/**
 * Per-event policy: good events are kept and each bad one is reported with its index. A batch is
 * never refused as a whole for bad events: a tracking system sends thousands of scans at once, and
 * one bad scan must not lose (or block, on Kafka) the thousands of good ones next to it.
 */
export function validateTrackingEvents(inputs: readonly TrackingEventInput[], now: Date): ValidatedTrackingEvents {
  const valid: Array<{ index: number; event: TrackingEvent }> = [];
  const rejected: RejectedTrackingEvent[] = [];
  inputs.forEach((input, index) => {
    const r = validateTrackingEvent(input, now, { futureToleranceMinutes: TRACKING_FUTURE_TOLERANCE_MINUTES });
    if (r.ok) valid.push({ index, event: r.event });
    else rejected.push({ index, errors: r.errors });
  });
  return { valid, rejected };
}

/** "INVALID_ITEM_ID×2, FUTURE_TIMESTAMP×1": what went wrong in a batch, for one log line. */
export function rejectionCodes(rejected: readonly RejectedTrackingEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rejected) for (const code of new Set(r.errors.map((e) => e.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
  return counts;
}
