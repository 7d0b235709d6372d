import { TrackingEvent, TrackingEventErrorCode, TrackingEventInput, validateTrackingEvent } from '@postbridge/domain';

/** Clock skew accepted between a post's scanners and this node. */
export const TRACKING_FUTURE_TOLERANCE_MINUTES = 60;

/** Codes of a rejected event: the domain's, plus what only a JSON event can get wrong. */
export const TRACKING_EVENT_REJECTION_CODES = [...Object.values(TrackingEventErrorCode), 'INVALID_EVENT', 'UNKNOWN_FIELD'] as const;

export interface TrackingEventProblem {
  /** A field of the event, or `event` for the event as a whole. */
  readonly field: string;
  readonly code: (typeof TRACKING_EVENT_REJECTION_CODES)[number];
  readonly message: string;
}

export interface RejectedTrackingEvent {
  /** Position of the event in the batch it came in, so the sender can fix exactly that one. */
  readonly index: number;
  readonly errors: readonly TrackingEventProblem[];
}

const EVENT_FIELDS: ReadonlySet<string> = new Set<keyof TrackingEventInput>(['itemId', 'code', 'occurredAt', 'office', 'location', 'nonDeliveryReason', 'nonDeliveryAction', 'destinationCountry']);
// A JSON event may carry anything; a report names this many unknown fields at most.
const MAX_REPORTED_UNKNOWN = 5;

/** What is wrong with the event's JSON shape (not an object, unknown fields); its fields are the domain's to judge. */
function shapeProblems(input: unknown): { problems: TrackingEventProblem[]; usable: boolean } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { problems: [{ field: 'event', code: 'INVALID_EVENT', message: `an event must be a JSON object, not ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}` }], usable: false };
  }
  const unknown = Object.keys(input).filter((k) => !EVENT_FIELDS.has(k));
  return {
    problems: unknown.slice(0, MAX_REPORTED_UNKNOWN).map((k) => ({ field: k.slice(0, 64), code: 'UNKNOWN_FIELD' as const, message: `an event has no field ${JSON.stringify(k.slice(0, 64))}` })),
    usable: true,
  };
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
export function validateTrackingEvents(inputs: readonly unknown[], now: Date): ValidatedTrackingEvents {
  const valid: Array<{ index: number; event: TrackingEvent }> = [];
  const rejected: RejectedTrackingEvent[] = [];
  inputs.forEach((input, index) => {
    const shape = shapeProblems(input);
    if (!shape.usable) {
      rejected.push({ index, errors: shape.problems });
      return;
    }
    const r = validateTrackingEvent(input as TrackingEventInput, now, { futureToleranceMinutes: TRACKING_FUTURE_TOLERANCE_MINUTES });
    if (r.ok && shape.problems.length === 0) valid.push({ index, event: r.event });
    else rejected.push({ index, errors: [...shape.problems, ...(r.ok ? [] : r.errors)] });
  });
  return { valid, rejected };
}

/** "INVALID_ITEM_ID×2, FUTURE_TIMESTAMP×1": what went wrong in a batch, for one log line. */
export function rejectionCodes(rejected: readonly RejectedTrackingEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rejected) for (const code of new Set(r.errors.map((e) => e.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
  return counts;
}
