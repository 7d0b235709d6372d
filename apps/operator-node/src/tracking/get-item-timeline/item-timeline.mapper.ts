import { buildTimeline, eventKey, meaningOf, occurredAtLocalIso, summarize } from '@postbridge/domain';
import type { Display } from '@postbridge/catalogue';
import { timelineSummaryView } from '../shared/timeline-summary.view';
import type { StoredTrackingEvent } from '../shared/tracking-event.repository.port';
import { ItemTimelineResponse, TimelineEventResponse } from './get-item-timeline.response.dto';

/** An item's stored events as its timeline, with labels and wall times for the reader `d`. */
export function toItemTimelineResponse(itemId: string, stored: readonly StoredTrackingEvent[], d: Display): ItemTimelineResponse {
  // The timeline keeps the domain's fields; who reported each scan is looked up by its identity.
  const sourceOf = new Map(stored.map((e) => [eventKey(e), e.sourceOperator]));
  const events = buildTimeline(stored).map(
    (e): TimelineEventResponse => ({
      code: e.code,
      meaning: meaningOf(e.code),
      leg: e.leg,
      occurredAt: occurredAtLocalIso(e),
      occurredAtUtc: new Date(e.instant).toISOString(),
      office: e.office,
      officeCountry: e.officeCountry,
      location: e.location ?? null,
      nonDeliveryReason: e.nonDeliveryReason ?? null,
      nonDeliveryAction: e.nonDeliveryAction ?? null,
      sourceOperator: sourceOf.get(eventKey(e))!,
      display: {
        code: d.code('trackingEvent', e.code),
        leg: d.code('trackingLeg', e.leg),
        // Partners may send non-delivery codes newer than this catalogue: Display names them.
        nonDeliveryReason: d.code('nonDeliveryReason', e.nonDeliveryReason ?? null),
        nonDeliveryAction: d.code('nonDeliveryAction', e.nonDeliveryAction ?? null),
        occurredAt: d.instant(new Date(e.instant)),
        occurredAtLocal: d.atOffset(e.instant, e.utcOffsetMinutes),
      },
    }),
  );
  const summary = timelineSummaryView(summarize(stored));
  return {
    itemId,
    events,
    summary,
    display: {
      ...d.renderedFor(),
      currentStatus: d.code('trackingEvent', summary.currentStatus?.code ?? null),
      currentStatusAt: d.instant(summary.currentStatus?.at ?? null),
      postedAt: d.instant(summary.postedAt),
      exportedAt: d.instant(summary.exportedAt),
      arrivedInDestinationAt: d.instant(summary.arrivedInDestinationAt),
      customsHeldSince: d.instant(summary.customs.since),
      deliveredAt: d.instant(summary.deliveredAt),
    },
  };
}
