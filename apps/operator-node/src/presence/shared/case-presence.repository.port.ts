import type { PresenceActivity, PresenceEntry } from './case-presence';

/** Presence per case, shared by every replica of the node (DI token). */
export abstract class CasePresenceRepository {
  /** Records or refreshes the caller on the case and announces it; false when there is no such case. */
  abstract heartbeat(caseId: string, who: { id: string; displayName: string }, activity: PresenceActivity): Promise<boolean>;
  /** Removes the caller from the case and announces it when they were there. */
  abstract leave(caseId: string, principalId: string): Promise<void>;
  /** Unexpired entries of a case, oldest activity first, capped. */
  abstract entries(caseId: string): Promise<PresenceEntry[]>;
  /** Deletes up to `batch` expired entries and announces their cases; returns how many cases changed. */
  abstract sweep(batch: number): Promise<number>;
  abstract caseExists(caseId: string): Promise<boolean>;
}
