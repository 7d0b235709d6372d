import type { TimelineSummary } from '@postbridge/domain';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The summary as stored on cases and returned by the API: instants as ISO-8601 UTC strings. */
export function timelineSummaryView(s: TimelineSummary) {
  return {
    eventCount: s.eventCount,
    currentStatus: s.currentStatus ? { code: s.currentStatus.code, meaning: s.currentStatus.meaning, at: iso(s.currentStatus.at), office: s.currentStatus.office } : null,
    postedAt: iso(s.postedAt),
    exportedAt: iso(s.exportedAt),
    arrivedInDestinationAt: iso(s.arrivedInDestinationAt),
    customs: { held: s.customs.held, since: iso(s.customs.since) },
    deliveryAttempts: s.deliveryAttempts,
    delivered: s.deliveredAt !== null,
    deliveredAt: iso(s.deliveredAt),
    deliveredOffice: s.deliveredOffice,
    originCountry: s.originCountry,
    destinationCountry: s.destinationCountry,
  };
}
export type TimelineSummaryView = ReturnType<typeof timelineSummaryView>;
