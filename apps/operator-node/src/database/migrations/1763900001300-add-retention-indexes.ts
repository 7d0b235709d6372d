import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the retention jobs (apps/operator-node/src/retention) find expired rows by, so each
 * batch reads its rows and not the table. Built CONCURRENTLY, outside a transaction: a node with a
 * year of tracking events keeps taking writes while they build.
 */
export class AddRetentionIndexes1763900001300 implements MigrationInterface {
  name = 'AddRetentionIndexes1763900001300';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS tracking_events_received_at_idx ON tracking_events (received_at)`);
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS node_alerts_created_at_idx ON node_alerts (created_at)`);
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS text_translations_created_at_idx ON text_translations (created_at)`);
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS inbox_messages_received_at_idx ON inbox_messages (received_at)`);
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS cases_idempotency_created_at_idx ON cases (created_at) WHERE idempotency_key IS NOT NULL`);
    // Closed cases whose customer data is still there, by when they closed (a refusal sets no resolved_at).
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS cases_closed_with_personal_data_idx ON cases ((COALESCE(resolved_at, last_activity_at)))
      WHERE personal_data_removed_at IS NULL AND status IN ('RESOLVED', 'REFUSED')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['cases_closed_with_personal_data_idx', 'cases_idempotency_created_at_idx', 'inbox_messages_received_at_idx', 'text_translations_created_at_idx', 'node_alerts_created_at_idx', 'tracking_events_received_at_idx']) {
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`);
    }
  }
}
