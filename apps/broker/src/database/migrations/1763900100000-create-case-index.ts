import { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_STATUSES } from '@postbridge/domain';

// Frozen copy of the statuses at the time of this migration: a later change needs its own migration.
const STATUSES = CASE_STATUSES.map((s) => `'${s}'`).join(', ');

export class CreateCaseIndex1763900100000 implements MigrationInterface {
  name = 'CreateCaseIndex1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_index (
        case_id uuid PRIMARY KEY,
        item_id varchar(13) NOT NULL,
        inquiry_type varchar(40) NOT NULL,
        origin_operator varchar(10) NOT NULL,
        destination_operator varchar(10) NOT NULL,
        status varchar(20) NOT NULL CONSTRAINT case_index_status_check CHECK (status IN (${STATUSES})),
        opened_at timestamptz NOT NULL,
        last_message_type varchar(40) NOT NULL,
        last_message_at timestamptz NOT NULL,
        message_count integer NOT NULL DEFAULT 1,
        resolved_at timestamptz,
        resolution_code varchar(40),
        refusal_reason varchar(40),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_index_origin_operator_idx ON case_index (origin_operator)`);
    await q.query(`CREATE INDEX case_index_destination_operator_idx ON case_index (destination_operator)`);
    await q.query(`CREATE INDEX case_index_status_idx ON case_index (status)`);
    await q.query(`CREATE INDEX case_index_item_id_idx ON case_index (item_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_index`);
  }
}
