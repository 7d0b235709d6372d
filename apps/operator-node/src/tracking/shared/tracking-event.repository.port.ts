import type { EntityManager } from 'typeorm';
import type { TrackingEvent } from '@postbridge/domain';

export interface StoredTrackingEvent extends TrackingEvent {
  readonly sourceOperator: string;
}

/** Persistence port for the item timelines this node holds (DI token). */
export abstract class TrackingEventRepository {
  /** Inserts the events this node does not have yet; returns those that were new. */
  abstract insertNew(tx: EntityManager, events: readonly StoredTrackingEvent[]): Promise<StoredTrackingEvent[]>;
  abstract eventsOf(itemId: string, tx?: EntityManager): Promise<StoredTrackingEvent[]>;
  /** Every stored event of these items in one query, by item id (items without events are absent). */
  abstract eventsOfItems(tx: EntityManager, itemIds: readonly string[]): Promise<Map<string, StoredTrackingEvent[]>>;
}
