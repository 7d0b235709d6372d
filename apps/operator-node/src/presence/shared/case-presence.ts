export const PRESENCE_ACTIVITIES = ['VIEWING', 'WRITING'] as const;
export type PresenceActivity = (typeof PRESENCE_ACTIVITIES)[number];

/** The console heartbeats every 10 s; an entry outlives two missed beats, then it is gone. */
export const PRESENCE_TTL_SECONDS = 30;
/** Entries listed per case: more people than this on one case is not a list anyone reads. */
export const PRESENCE_LIST_CAP = 100;
/** Committed presence changes are announced on this channel; the payload is the case id. */
export const PRESENCE_CHANNEL = 'case_presence';

export interface PresenceEntry {
  principalId: string;
  displayName: string;
  activity: PresenceActivity;
  /** When this activity began (ISO). */
  since: string;
}

/** What one person sees: everyone else on the case. */
export function othersThan(entries: readonly PresenceEntry[], principalId: string): PresenceEntry[] {
  return entries.filter((e) => e.principalId !== principalId);
}
