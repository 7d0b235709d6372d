import { MigrationInterface, QueryRunner } from 'typeorm';

/** CRMs retry POST /cases after timeouts; the key they send makes the retry return the same case. */
export class AddCaseIdempotencyKey1763900000200 implements MigrationInterface {
  name = 'AddCaseIdempotencyKey1763900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN idempotency_key varchar(100)`);
    await q.query(`CREATE UNIQUE INDEX cases_idempotency_key_idx ON cases (idempotency_key) WHERE idempotency_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_idempotency_key_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN idempotency_key`);
  }
}
