import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the broker knows of each tracked item's route, and the events it holds until the item's
 * destination is known. Item ids are normalised S10 ids; operator codes as in the network file.
 */
export class CreateTrackingRouting1763900200000 implements MigrationInterface {
  name = 'CreateTrackingRouting1763900200000';

  async up(q: QueryRunner): Promise<void> {
    // NULL = not known (yet). Filled in once, never overwritten: a known route wins.
    await q.query(`
      CREATE TABLE tracking_routes (
        item_id varchar(13) PRIMARY KEY,
        origin_operator varchar(10),
        destination_operator varchar(10),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // event: one binary postbridge.v1.TrackingEvent, already normalised (source_operator set).
    // delivered_to: the operator that already got the event when it arrived (its origin), if any.
    await q.query(`
      CREATE TABLE pending_tracking_events (
        id bigserial PRIMARY KEY,
        item_id varchar(13) NOT NULL,
        sender_operator varchar(10) NOT NULL,
        delivered_to varchar(10),
        event bytea NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pending_tracking_events_item_id_idx ON pending_tracking_events (item_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pending_tracking_events`);
    await q.query(`DROP TABLE tracking_routes`);
  }
}
