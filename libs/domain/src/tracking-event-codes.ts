/**
 * UPU EMSEVT item event codes (message M17), as listed in the domain reference.
 * The table is the source of truth: the code list, the type and the lookups derive from it.
 */

export const TRACKING_LEGS = ['ORIGIN', 'TRANSIT', 'DESTINATION'] as const;
export type TrackingLeg = (typeof TRACKING_LEGS)[number];

export interface TrackingEventCodeInfo {
  readonly meaning: string;
  readonly leg: TrackingLeg;
}

// Declared in the order of the UPU table, which is also the usual order of an item's journey.
const TABLE = {
  EMA: { meaning: 'Posting / collection', leg: 'ORIGIN' },
  EMB: { meaning: 'Arrival at outward office of exchange', leg: 'ORIGIN' },
  EXA: { meaning: 'Presented to export customs / security', leg: 'ORIGIN' },
  EXB: { meaning: 'Held by export customs / security', leg: 'ORIGIN' },
  EXC: { meaning: 'Returned from export customs / security', leg: 'ORIGIN' },
  EXD: { meaning: 'Held at outward office of exchange', leg: 'ORIGIN' },
  EXX: { meaning: 'Export cancelled', leg: 'ORIGIN' },
  EMC: { meaning: 'Departure from outward office of exchange', leg: 'ORIGIN' },
  EMJ: { meaning: 'Arrival at transit office of exchange', leg: 'TRANSIT' },
  EMK: { meaning: 'Departure from transit office of exchange', leg: 'TRANSIT' },
  EMD: { meaning: 'Arrival at inward office of exchange', leg: 'DESTINATION' },
  EDA: { meaning: 'Held at inward office of exchange', leg: 'DESTINATION' },
  EDB: { meaning: 'Presented to import customs', leg: 'DESTINATION' },
  EME: { meaning: 'Held by import customs', leg: 'DESTINATION' },
  EDC: { meaning: 'Returned from import customs', leg: 'DESTINATION' },
  EMF: { meaning: 'Departure from inward office of exchange', leg: 'DESTINATION' },
  EDD: { meaning: 'Into sorting centre', leg: 'DESTINATION' },
  EDE: { meaning: 'Out of sorting centre', leg: 'DESTINATION' },
  EMG: { meaning: 'Arrival at delivery office', leg: 'DESTINATION' },
  EDF: { meaning: 'Held at delivery office / depot', leg: 'DESTINATION' },
  EDG: { meaning: 'Out for physical delivery', leg: 'DESTINATION' },
  EDH: { meaning: 'Arrived at collection point for pick-up', leg: 'DESTINATION' },
  EMH: { meaning: 'Unsuccessful delivery attempt', leg: 'DESTINATION' },
  EMI: { meaning: 'Final delivery', leg: 'DESTINATION' },
  EDX: { meaning: 'Import terminated', leg: 'DESTINATION' },
} as const satisfies Record<string, TrackingEventCodeInfo>;

export type TrackingEventCode = keyof typeof TABLE;

export const TRACKING_EVENT_CODE_TABLE: Readonly<Record<TrackingEventCode, TrackingEventCodeInfo>> = TABLE;
export const TRACKING_EVENT_CODES = Object.keys(TABLE) as readonly TrackingEventCode[];

// Codes the summary and the case rules look at. Named so that callers never spell a raw code.
export const POSTING_EVENT = 'EMA' satisfies TrackingEventCode;
export const EXPORT_EVENT = 'EMC' satisfies TrackingEventCode;
export const ARRIVAL_IN_DESTINATION_EVENT = 'EMD' satisfies TrackingEventCode;
/** Starts the customs hold that stops the network's performance clock. */
export const CUSTOMS_HOLD_EVENT = 'EME' satisfies TrackingEventCode;
/** Leaving import customs (EDC) or the inward office (EMF) ends a hold and restarts the clock. */
export const CUSTOMS_RELEASE_EVENTS = ['EDC', 'EMF'] as const satisfies readonly TrackingEventCode[];
/** The only code that may carry non-delivery reason and action codes. */
export const DELIVERY_ATTEMPT_EVENT = 'EMH' satisfies TrackingEventCode;
export const DELIVERY_EVENT = 'EMI' satisfies TrackingEventCode;

const CODE_SET: ReadonlySet<string> = new Set(TRACKING_EVENT_CODES);
const RELEASE_SET: ReadonlySet<string> = new Set(CUSTOMS_RELEASE_EVENTS);

// `in TABLE` would also accept inherited keys such as "toString".
export function isTrackingEventCode(x: unknown): x is TrackingEventCode {
  return typeof x === 'string' && CODE_SET.has(x);
}

export function legOf(code: TrackingEventCode): TrackingLeg {
  return TABLE[code].leg;
}

export function meaningOf(code: TrackingEventCode): string {
  return TABLE[code].meaning;
}

/** Position of a leg in the journey; used as a tie-break when two events share an instant. */
export function legRank(leg: TrackingLeg): number {
  return TRACKING_LEGS.indexOf(leg);
}

export const isPostingEvent = (code: TrackingEventCode): boolean => code === POSTING_EVENT;
export const isExportEvent = (code: TrackingEventCode): boolean => code === EXPORT_EVENT;
export const isArrivalInDestinationEvent = (code: TrackingEventCode): boolean => code === ARRIVAL_IN_DESTINATION_EVENT;
export const isCustomsHoldEvent = (code: TrackingEventCode): boolean => code === CUSTOMS_HOLD_EVENT;
export const isCustomsReleaseEvent = (code: TrackingEventCode): boolean => RELEASE_SET.has(code);
export const isDeliveryAttemptEvent = (code: TrackingEventCode): boolean => code === DELIVERY_ATTEMPT_EVENT;
export const isDeliveryEvent = (code: TrackingEventCode): boolean => code === DELIVERY_EVENT;
