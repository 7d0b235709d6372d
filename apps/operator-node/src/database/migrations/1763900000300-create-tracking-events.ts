import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTrackingEvents1763900000300 implements MigrationInterface {
  name = 'CreateTrackingEvents1763900000300';

  async up(q: QueryRunner): Promise<void> {
    // One row per distinct scan: same item, code, instant and office is the same event.
    await q.query(`
      CREATE TABLE tracking_events (
        id bigserial PRIMARY KEY,
        item_id varchar(13) NOT NULL,
        code varchar(3) NOT NULL,
        occurred_at timestamptz NOT NULL,
        utc_offset_minutes smallint NOT NULL,
        office varchar(6) NOT NULL,
        location varchar(200),
        non_delivery_reason varchar(200),
        non_delivery_action varchar(200),
        source_operator varchar(10) NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tracking_events_identity UNIQUE (item_id, code, occurred_at, office)
      )`);
    await q.query(`ALTER TABLE cases ADD COLUMN tracking_updated_at timestamptz`);
    await q.query(`ALTER TABLE cases ADD COLUMN delivered_consider_resolving boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN delivered_consider_resolving`);
    await q.query(`ALTER TABLE cases DROP COLUMN tracking_updated_at`);
    await q.query(`DROP TABLE tracking_events`);
  }
}
