import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When this node closed a case or learned that it was closed (`closed_at`, the node's own clock),
 * so that retention (`closed-cases`) counts from a local time: `resolved_at` of a case the partner
 * resolved is the partner's clock, which may run ahead (the data would be kept for ever) or behind
 * (anonymised at once). Cases closed before this are backfilled with the time retention used until
 * now. The retention index moves to the new column, built CONCURRENTLY as in
 * AddRetentionIndexes1763900001300; every step may run again after a failure halfway.
 */
export class AddCaseClosedAt1763900001400 implements MigrationInterface {
  name = 'AddCaseClosedAt1763900001400';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN IF NOT EXISTS closed_at timestamptz`);
    await q.query(`UPDATE cases SET closed_at = COALESCE(resolved_at, last_activity_at) WHERE closed_at IS NULL AND status IN ('RESOLVED', 'REFUSED')`);
    // Closed cases whose customer data is still there, by when this node learned of the closing.
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS cases_closed_at_with_personal_data_idx ON cases (closed_at)
      WHERE personal_data_removed_at IS NULL AND status IN ('RESOLVED', 'REFUSED')`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS cases_closed_with_personal_data_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS cases_closed_with_personal_data_idx ON cases ((COALESCE(resolved_at, last_activity_at)))
      WHERE personal_data_removed_at IS NULL AND status IN ('RESOLVED', 'REFUSED')`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS cases_closed_at_with_personal_data_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN IF EXISTS closed_at`);
  }
}
