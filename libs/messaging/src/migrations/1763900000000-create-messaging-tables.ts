import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox and inbox tables; every app that talks over Kafka includes this migration. */
export class CreateMessagingTables1763900000000 implements MigrationInterface {
  name = 'CreateMessagingTables1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_messages (
        id bigserial PRIMARY KEY,
        message_id uuid NOT NULL,
        topic varchar(249) NOT NULL,
        message_key varchar(200),
        payload bytea NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    // The relay only ever scans unsent rows; keep that index small.
    await q.query(`CREATE INDEX outbox_messages_unsent_idx ON outbox_messages (id) WHERE sent_at IS NULL`);
    await q.query(`CREATE INDEX outbox_messages_sent_at_idx ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE inbox_messages (
        consumer varchar(100) NOT NULL,
        message_id uuid NOT NULL,
        topic varchar(249) NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset bigint NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbox_messages`);
    await q.query(`DROP TABLE outbox_messages`);
  }
}
