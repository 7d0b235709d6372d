import { Injectable } from '@nestjs/common';
import { eventKey } from '@postbridge/domain';
import { EntityManager } from 'typeorm';
import { CaseTrackingUpdater } from './case-tracking-updater';
import { StoredTrackingEvent, TrackingEventRepository } from './tracking-event.repository.port';

export interface RecordedTrackingEvents {
  /** Events this node did not have: the ones to announce. */
  readonly fresh: StoredTrackingEvent[];
  /** Valid events it already had (re-sent, redelivered, or repeated within the batch). */
  readonly duplicates: number;
  readonly casesUpdated: number;
}

/** Stores validated events and updates the open cases of their items, in the caller's transaction. */
@Injectable()
export class TrackingEventRecorder {
  constructor(private readonly events: TrackingEventRepository, private readonly caseUpdater: CaseTrackingUpdater) {}

  async record(tx: EntityManager, events: readonly StoredTrackingEvent[], now: Date): Promise<RecordedTrackingEvents> {
    // First copy of a scan repeated within the batch wins; sorted by key so that two concurrent
    // batches touch the unique index in the same order and cannot deadlock on each other.
    const unique = new Map<string, StoredTrackingEvent>();
    for (const e of events) {
      const key = eventKey(e);
      if (!unique.has(key)) unique.set(key, e);
    }
    const ordered = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
    const fresh = await this.events.insertNew(tx, ordered);
    const casesUpdated = await this.caseUpdater.apply(tx, fresh, now);
    return { fresh, duplicates: events.length - fresh.length, casesUpdated };
  }
}
