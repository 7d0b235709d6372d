import type { AlertFilter, StoredAlert } from './alert';

/** Reads of committed alerts (DI token); writes go through AlertWriter in the effect's transaction. */
export abstract class AlertRepository {
  /** Alerts with an id above `since`, oldest first. */
  abstract after(since: string, filter: AlertFilter, limit: number): Promise<StoredAlert[]>;
  /** The newest `limit` alerts, oldest first. */
  abstract latest(filter: AlertFilter, limit: number): Promise<StoredAlert[]>;
}
