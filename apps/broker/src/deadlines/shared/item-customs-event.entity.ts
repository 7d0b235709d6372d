import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customs scan of an item (EME held, EDC / EMF released), as routed in tracking. */
@Entity('item_customs_events')
export class ItemCustomsEventEntity {
  @PrimaryColumn('varchar', { length: 13 })
  itemId: string;

  @PrimaryColumn('varchar', { length: 3 })
  code: string;

  @PrimaryColumn('timestamptz')
  occurredAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  receivedAt: Date;
}
