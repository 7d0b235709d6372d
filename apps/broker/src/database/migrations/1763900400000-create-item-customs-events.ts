import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customs scans (EME held, EDC / EMF released) of the items the broker routed tracking for: the
 * deadline clock of a case about the item stops while the item is held. Kept whether or not a
 * case exists yet, so a case opened later starts with the holds already known.
 */
export class CreateItemCustomsEvents1763900400000 implements MigrationInterface {
  name = 'CreateItemCustomsEvents1763900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE item_customs_events (
        item_id varchar(13) NOT NULL,
        code varchar(3) NOT NULL CONSTRAINT item_customs_events_code_check CHECK (code IN ('EME', 'EDC', 'EMF')),
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (item_id, code, occurred_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE item_customs_events`);
  }
}
