import { DomainError } from './domain-error';
import { parseImpcOffice } from './impc-office';
import { parseS10 } from './s10-item-id';
import {
  isArrivalInDestinationEvent,
  isCustomsHoldEvent,
  isCustomsReleaseEvent,
  isDeliveryAttemptEvent,
  isDeliveryEvent,
  isExportEvent,
  isPostingEvent,
  legOf,
  legRank,
  meaningOf,
  TrackingEventCode,
  TrackingLeg,
} from './tracking-event-codes';
import { eventKey, TrackingEvent } from './tracking-event';

export const ItemTimelineErrorCode = {
  /** A timeline is per item; merging two items' events would corrupt every summary field. */
  TIMELINE_ITEM_MISMATCH: 'TIMELINE_ITEM_MISMATCH',
} as const;

export interface TimelineEntry extends TrackingEvent {
  readonly leg: TrackingLeg;
  /** Country of the scanning office (first two characters of its IMPC code). */
  readonly officeCountry: string;
}

export interface TimelineSummary {
  /** Null only for an empty timeline. */
  readonly itemId: string | null;
  /** Distinct events (after deduplication). */
  readonly eventCount: number;
  readonly currentStatus: {
    readonly code: TrackingEventCode;
    readonly meaning: string;
    readonly at: number;
    readonly office: string;
  } | null;
  // Instants are epoch milliseconds (UTC); the entries keep the local offsets.
  readonly postedAt: number | null;
  readonly exportedAt: number | null;
  readonly arrivedInDestinationAt: number | null;
  /** `since` is the first EME of the current hold; null when not held. */
  readonly customs: { readonly held: boolean; readonly since: number | null };
  readonly deliveryAttempts: number;
  readonly deliveredAt: number | null;
  readonly deliveredOffice: string | null;
  /** Issuing country of the S10 id. */
  readonly originCountry: string | null;
  readonly destinationCountry: string | null;
}

export const EMPTY_TIMELINE_SUMMARY: TimelineSummary = Object.freeze({
  itemId: null,
  eventCount: 0,
  currentStatus: null,
  postedAt: null,
  exportedAt: null,
  arrivedInDestinationAt: null,
  customs: Object.freeze({ held: false, since: null }),
  deliveryAttempts: 0,
  deliveredAt: null,
  deliveredOffice: null,
  originCountry: null,
  destinationCountry: null,
});

/**
 * Deduplicated, chronological events of one item. The result depends only on the set of
 * events, never on their arrival order or repetitions: posts re-send and Kafka redelivers.
 */
export function buildTimeline(events: readonly TrackingEvent[]): TimelineEntry[] {
  const itemIds = new Set(events.map((e) => e.itemId));
  if (itemIds.size > 1) {
    throw new DomainError(
      ItemTimelineErrorCode.TIMELINE_ITEM_MISMATCH,
      `A timeline holds the events of one item, got ${[...itemIds].sort().join(', ')}`,
      { itemIds: [...itemIds].sort() },
    );
  }
  const byKey = new Map<string, TrackingEvent>();
  for (const event of events) {
    const key = eventKey(event);
    const kept = byKey.get(key);
    if (kept === undefined || preferCopy(event, kept)) byKey.set(key, event);
  }
  return [...byKey.values()]
    .map((event) => ({ ...event, leg: legOf(event.code), officeCountry: parseImpcOffice(event.office).country }))
    .sort(compareEntries);
}

/**
 * Case-level facts derived from the tracking. Accepts a timeline or raw events: it rebuilds
 * the timeline, so a caller's unsorted or duplicated list cannot skew it.
 */
export function summarize(timeline: readonly TrackingEvent[]): TimelineSummary {
  const entries = buildTimeline(timeline);
  if (entries.length === 0) return EMPTY_TIMELINE_SUMMARY;

  const first = (match: (code: TrackingEventCode) => boolean): TimelineEntry | undefined =>
    entries.find((e) => match(e.code));

  // Clock rule: EME stops the clock, EDC/EMF restart it. Repeated EMEs keep the first start.
  let holdSince: number | null = null;
  for (const e of entries) {
    if (isCustomsHoldEvent(e.code)) holdSince ??= e.instant;
    else if (isCustomsReleaseEvent(e.code)) holdSince = null;
  }

  const last = entries[entries.length - 1];
  const delivered = first(isDeliveryEvent);
  const destination = first(isArrivalInDestinationEvent) ?? entries.find((e) => e.leg === 'DESTINATION');
  return {
    itemId: last.itemId,
    eventCount: entries.length,
    currentStatus: { code: last.code, meaning: meaningOf(last.code), at: last.instant, office: last.office },
    postedAt: first(isPostingEvent)?.instant ?? null,
    exportedAt: first(isExportEvent)?.instant ?? null,
    arrivedInDestinationAt: first(isArrivalInDestinationEvent)?.instant ?? null,
    customs: { held: holdSince !== null, since: holdSince },
    deliveryAttempts: entries.filter((e) => isDeliveryAttemptEvent(e.code)).length,
    deliveredAt: delivered?.instant ?? null,
    deliveredOffice: delivered?.office ?? null,
    originCountry: parseS10(last.itemId).country,
    destinationCountry: destination?.officeCountry ?? null,
  };
}

// Total order: events equal on all four fields share an eventKey and were merged above.
function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  return (
    a.instant - b.instant ||
    legRank(a.leg) - legRank(b.leg) ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.office, b.office)
  );
}

/**
 * Which of two copies of the same scan to keep. Must not depend on arrival order:
 * the copy carrying more optional data wins, then a fixed order on the remaining fields.
 */
function preferCopy(candidate: TrackingEvent, kept: TrackingEvent): boolean {
  return (
    richness(candidate) - richness(kept) ||
    compareStrings(canonicalRest(kept), canonicalRest(candidate))
  ) > 0;
}

function richness(e: TrackingEvent): number {
  return [e.location, e.nonDeliveryReason, e.nonDeliveryAction].filter((v) => v !== undefined).length;
}

function canonicalRest(e: TrackingEvent): string {
  return JSON.stringify([e.utcOffsetMinutes, e.location ?? null, e.nonDeliveryReason ?? null, e.nonDeliveryAction ?? null]);
}

// Code-unit order: localeCompare would make the order depend on the host's locale.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
