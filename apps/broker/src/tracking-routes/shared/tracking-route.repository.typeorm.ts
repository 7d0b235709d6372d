import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LockedTrackingRoute, NewPendingTrackingEvent, PendingTrackingEvent, TrackingRoute, TrackingRouteRepository } from './tracking-route.repository.port';

interface RouteRow {
  item_id: string;
  origin_operator: string | null;
  destination_operator: string | null;
}

const toRoute = (r: RouteRow): TrackingRoute => ({ itemId: r.item_id, originOperator: r.origin_operator, destinationOperator: r.destination_operator });

/**
 * Raw SQL with array parameters (unnest / ANY): a 5,000-event batch costs the same few
 * statements as a single event.
 */
@Injectable()
export class TypeOrmTrackingRouteRepository extends TrackingRouteRepository {
  constructor(@InjectDataSource() private readonly db: DataSource | EntityManager) {
    super();
  }

  private get manager(): EntityManager {
    return this.db instanceof DataSource ? this.db.manager : this.db;
  }

  inTransaction(manager: EntityManager): TrackingRouteRepository {
    return new TypeOrmTrackingRouteRepository(manager);
  }

  async lockOrCreate(candidates: TrackingRoute[]): Promise<Map<string, LockedTrackingRoute>> {
    const result = new Map<string, LockedTrackingRoute>();
    if (candidates.length === 0) return result;
    // Item id order in both statements, so that concurrent batches lock in the same order.
    // A row another transaction is inserting makes this wait for it, then counts as existing.
    const inserted: Array<{ item_id: string }> = await this.manager.query(
      `INSERT INTO tracking_routes (item_id, origin_operator, destination_operator)
       SELECT i, o, d FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]) AS u(i, o, d) ORDER BY i
       ON CONFLICT (item_id) DO NOTHING
       RETURNING item_id`,
      [candidates.map((c) => c.itemId), candidates.map((c) => c.originOperator), candidates.map((c) => c.destinationOperator)],
    );
    const created = new Set(inserted.map((r) => r.item_id));
    for (const c of candidates) if (created.has(c.itemId)) result.set(c.itemId, { ...c, created: true });
    if (created.size === candidates.length) return result;
    const rows: RouteRow[] = await this.manager.query(
      `SELECT item_id, origin_operator, destination_operator FROM tracking_routes
       WHERE item_id = ANY($1::varchar[]) ORDER BY item_id FOR UPDATE`,
      [candidates.filter((c) => !created.has(c.itemId)).map((c) => c.itemId)],
    );
    for (const r of rows) result.set(r.item_id, { ...toRoute(r), created: false });
    return result;
  }

  async update(routes: TrackingRoute[]): Promise<void> {
    if (routes.length === 0) return;
    await this.manager.query(
      `UPDATE tracking_routes t SET origin_operator = u.o, destination_operator = u.d, updated_at = now()
       FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]) AS u(i, o, d) WHERE t.item_id = u.i`,
      [routes.map((r) => r.itemId), routes.map((r) => r.originOperator), routes.map((r) => r.destinationOperator)],
    );
  }

  async merge(route: TrackingRoute): Promise<TrackingRoute> {
    // DO UPDATE even when nothing changes: it locks the row and RETURNING gives its current values.
    const [row]: RouteRow[] = await this.manager.query(
      `INSERT INTO tracking_routes AS t (item_id, origin_operator, destination_operator) VALUES ($1, $2, $3)
       ON CONFLICT (item_id) DO UPDATE SET
         origin_operator = COALESCE(t.origin_operator, EXCLUDED.origin_operator),
         destination_operator = COALESCE(t.destination_operator, EXCLUDED.destination_operator),
         updated_at = CASE
           WHEN (t.origin_operator IS NULL AND EXCLUDED.origin_operator IS NOT NULL)
             OR (t.destination_operator IS NULL AND EXCLUDED.destination_operator IS NOT NULL) THEN now()
           ELSE t.updated_at END
       RETURNING item_id, origin_operator, destination_operator`,
      [route.itemId, route.originOperator, route.destinationOperator],
    );
    return toRoute(row);
  }

  async findByItemIds(itemIds: string[]): Promise<TrackingRoute[]> {
    if (itemIds.length === 0) return [];
    const rows: RouteRow[] = await this.manager.query(
      `SELECT item_id, origin_operator, destination_operator FROM tracking_routes WHERE item_id = ANY($1::varchar[]) ORDER BY item_id`,
      [itemIds],
    );
    return rows.map(toRoute);
  }

  async addPending(events: NewPendingTrackingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.manager.query(
      `INSERT INTO pending_tracking_events (item_id, sender_operator, delivered_to, event)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::bytea[])`,
      [events.map((e) => e.itemId), events.map((e) => e.senderOperator), events.map((e) => e.deliveredTo), events.map((e) => Buffer.from(e.event.buffer, e.event.byteOffset, e.event.byteLength))],
    );
  }

  async takePending(itemIds: string[]): Promise<PendingTrackingEvent[]> {
    if (itemIds.length === 0) return [];
    // TypeORM answers DELETE ... RETURNING with [rows, affected count].
    const [rows]: [Array<{ id: string; item_id: string; sender_operator: string; delivered_to: string | null; event: Buffer; received_at: Date }>, number] = await this.manager.query(
      `DELETE FROM pending_tracking_events WHERE item_id = ANY($1::varchar[])
       RETURNING id, item_id, sender_operator, delivered_to, event, received_at`,
      [itemIds],
    );
    // RETURNING has no order; ids follow arrival.
    rows.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
    return rows.map((r) => ({ id: r.id, itemId: r.item_id, senderOperator: r.sender_operator, deliveredTo: r.delivered_to, event: r.event, receivedAt: r.received_at }));
  }
}
