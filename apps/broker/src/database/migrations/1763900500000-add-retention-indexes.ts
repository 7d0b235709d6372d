import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the broker's retention jobs (apps/broker/src/retention) find expired rows by, so each
 * batch reads its rows and not the table. Built CONCURRENTLY, outside a transaction, so routing
 * goes on while they build.
 */
export class AddRetentionIndexes1763900500000 implements MigrationInterface {
  name = 'AddRetentionIndexes1763900500000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS pending_tracking_events_received_at_idx ON pending_tracking_events (received_at)`);
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS tracking_routes_updated_at_idx ON tracking_routes (updated_at)`);
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS item_customs_events_received_at_idx ON item_customs_events (received_at)`);
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS inbox_messages_received_at_idx ON inbox_messages (received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['inbox_messages_received_at_idx', 'item_customs_events_received_at_idx', 'tracking_routes_updated_at_idx', 'pending_tracking_events_received_at_idx']) {
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`);
    }
  }
}
