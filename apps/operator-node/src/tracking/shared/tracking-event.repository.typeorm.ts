import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TrackingEventCode } from '@postbridge/domain';
import { StoredTrackingEvent, TrackingEventRepository } from './tracking-event.repository.port';

interface Row {
  item_id: string;
  code: string;
  occurred_at: Date;
  utc_offset_minutes: number;
  office: string;
  location: string | null;
  non_delivery_reason: string | null;
  non_delivery_action: string | null;
  source_operator: string;
}

function toEvent(r: Row): StoredTrackingEvent {
  return {
    itemId: r.item_id,
    code: r.code as TrackingEventCode,
    instant: r.occurred_at.getTime(),
    utcOffsetMinutes: r.utc_offset_minutes,
    office: r.office,
    ...(r.location ? { location: r.location } : {}),
    ...(r.non_delivery_reason ? { nonDeliveryReason: r.non_delivery_reason } : {}),
    ...(r.non_delivery_action ? { nonDeliveryAction: r.non_delivery_action } : {}),
    sourceOperator: r.source_operator,
  };
}

const COLUMNS = 'item_id, code, occurred_at, utc_offset_minutes, office, location, non_delivery_reason, non_delivery_action, source_operator';

@Injectable()
export class TypeOrmTrackingEventRepository extends TrackingEventRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  async insertNew(tx: EntityManager, events: readonly StoredTrackingEvent[]): Promise<StoredTrackingEvent[]> {
    if (events.length === 0) return [];
    // One statement per batch: arrays unnested server-side, duplicates skipped by the identity constraint.
    const rows: Row[] = await tx.query(
      `INSERT INTO tracking_events (${COLUMNS})
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::smallint[], $5::varchar[], $6::varchar[], $7::varchar[], $8::varchar[], $9::varchar[])
       ON CONFLICT ON CONSTRAINT tracking_events_identity DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        events.map((e) => e.itemId),
        events.map((e) => e.code),
        events.map((e) => new Date(e.instant).toISOString()),
        events.map((e) => e.utcOffsetMinutes),
        events.map((e) => e.office),
        events.map((e) => e.location ?? null),
        events.map((e) => e.nonDeliveryReason ?? null),
        events.map((e) => e.nonDeliveryAction ?? null),
        events.map((e) => e.sourceOperator),
      ],
    );
    return rows.map(toEvent);
  }

  async eventsOf(itemId: string, tx?: EntityManager): Promise<StoredTrackingEvent[]> {
    const rows: Row[] = await (tx ?? this.ds.manager).query(`SELECT ${COLUMNS} FROM tracking_events WHERE item_id = $1 ORDER BY occurred_at, id`, [itemId]);
    return rows.map(toEvent);
  }

  async eventsOfItems(tx: EntityManager, itemIds: readonly string[]): Promise<Map<string, StoredTrackingEvent[]>> {
    const byItem = new Map<string, StoredTrackingEvent[]>();
    if (itemIds.length === 0) return byItem;
    const rows: Row[] = await tx.query(`SELECT ${COLUMNS} FROM tracking_events WHERE item_id = ANY($1::varchar[]) ORDER BY item_id, occurred_at, id`, [[...itemIds]]);
    for (const r of rows) {
      const list = byItem.get(r.item_id) ?? [];
      if (list.length === 0) byItem.set(r.item_id, list);
      list.push(toEvent(r));
    }
    return byItem;
  }
}
