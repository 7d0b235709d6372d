import type { EntityManager } from 'typeorm';

/** An item's route: NULL parts are not known yet. */
export interface TrackingRoute {
  itemId: string;
  originOperator: string | null;
  destinationOperator: string | null;
}

export interface LockedTrackingRoute extends TrackingRoute {
  /** True when this call inserted the row (the item had no route before). */
  created: boolean;
}

export interface PendingTrackingEvent {
  id: string;
  itemId: string;
  senderOperator: string;
  deliveredTo: string | null;
  /** Binary postbridge.v1.TrackingEvent. */
  event: Uint8Array;
  receivedAt: Date;
}

export type NewPendingTrackingEvent = Omit<PendingTrackingEvent, 'id' | 'receivedAt'>;

/**
 * Port for tracking routes and held events (DI token). Every method works in bulk (one statement
 * per call, whatever the batch size) and inside the consumer's transaction (`inTransaction`).
 *
 * Locking: the routes of a batch are locked (row locks, in item id order) before anything is
 * decided on them, and a routed case.opened locks its item's route the same way, so a batch and a
 * case for the same item are serialised and no held event is left behind.
 */
export abstract class TrackingRouteRepository {
  abstract inTransaction(manager: EntityManager): TrackingRouteRepository;
  /**
   * Inserts the given routes of items that have none, and locks every listed item's row until
   * the transaction ends. Returns the rows as they are now (existing rows keep their values).
   */
  abstract lockOrCreate(candidates: TrackingRoute[]): Promise<Map<string, LockedTrackingRoute>>;
  /** Overwrites origin and destination of existing rows (callers only fill unknown parts). */
  abstract update(routes: TrackingRoute[]): Promise<void>;
  /** Inserts or completes one route (only NULL parts are filled); locks it and returns it as it now is. */
  abstract merge(route: TrackingRoute): Promise<TrackingRoute>;
  abstract findByItemIds(itemIds: string[]): Promise<TrackingRoute[]>;
  abstract addPending(events: NewPendingTrackingEvent[]): Promise<void>;
  /** Deletes and returns the held events of these items, oldest first. */
  abstract takePending(itemIds: string[]): Promise<PendingTrackingEvent[]>;
}
