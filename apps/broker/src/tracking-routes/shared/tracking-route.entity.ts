import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who takes part in an item's journey, as far as the broker has learnt it. NULL = not known yet. */
@Entity('tracking_routes')
export class TrackingRouteEntity {
  @PrimaryColumn('varchar', { length: 13 })
  itemId: string;

  @Column('varchar', { length: 10, nullable: true })
  originOperator: string | null;

  @Column('varchar', { length: 10, nullable: true })
  destinationOperator: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
