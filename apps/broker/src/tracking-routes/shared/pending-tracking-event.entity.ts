import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A tracking event held until its item's destination is known. */
@Entity('pending_tracking_events')
export class PendingTrackingEventEntity {
  // bigint: node-postgres returns it as a string.
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index('pending_tracking_events_item_id_idx')
  @Column('varchar', { length: 13 })
  itemId: string;

  /** Operator whose tracking.out topic the event came from. */
  @Column('varchar', { length: 10 })
  senderOperator: string;

  /** Operator that already got the event on arrival (the item's origin), if any. */
  @Column('varchar', { length: 10, nullable: true })
  deliveredTo: string | null;

  /** Binary postbridge.v1.TrackingEvent, as it will be forwarded. */
  @Column('bytea')
  event: Buffer;

  @Column('timestamptz', { default: () => 'now()' })
  receivedAt: Date;
}
