import { create, timestampDate, timestampFromDate, TrackingEvent as TrackingEventMessage, TrackingEventSchema } from '@postbridge/contracts';
import { occurredAtLocalIso, TrackingEventInput } from '@postbridge/domain';
import { StoredTrackingEvent } from './tracking-event.repository.port';

/**
 * A wire event as the domain validator expects it. The timestamp and offset are joined into one
 * ISO string with that offset, so the same checks (offset range, future) apply as over REST.
 */
export function trackingEventInputOf(m: TrackingEventMessage): TrackingEventInput {
  // An absurd offset makes luxon return null: the validator then reports INVALID_TIMESTAMP.
  const occurredAt = m.occurredAt
    ? (occurredAtLocalIso({ instant: timestampDate(m.occurredAt).getTime(), utcOffsetMinutes: m.utcOffsetMinutes }) as string | null)
    : null;
  return {
    itemId: m.itemId,
    code: m.code,
    occurredAt: occurredAt as string,
    office: m.office,
    location: m.location,
    nonDeliveryReason: m.nonDeliveryReason,
    nonDeliveryAction: m.nonDeliveryAction,
    destinationCountry: m.destinationCountry,
  };
}

export function trackingEventMessageOf(e: StoredTrackingEvent): TrackingEventMessage {
  return create(TrackingEventSchema, {
    itemId: e.itemId,
    code: e.code,
    occurredAt: timestampFromDate(new Date(e.instant)),
    utcOffsetMinutes: e.utcOffsetMinutes,
    office: e.office,
    location: e.location ?? '',
    nonDeliveryReason: e.nonDeliveryReason ?? '',
    nonDeliveryAction: e.nonDeliveryAction ?? '',
    sourceOperator: e.sourceOperator,
    destinationCountry: e.destinationCountry ?? '',
  });
}
