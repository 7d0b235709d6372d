import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCases1763900000100 implements MigrationInterface {
  name = 'CreateCases1763900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        item_id varchar(13) NOT NULL,
        product_family varchar(20) NOT NULL,
        inquiry_type varchar(30) NOT NULL,
        origin_operator varchar(10) NOT NULL,
        destination_operator varchar(10) NOT NULL,
        status varchar(20) NOT NULL,
        customer_name varchar(200) NOT NULL,
        customer_email varchar(254),
        customer_phone varchar(40),
        customer_language varchar(35),
        description_text text NOT NULL,
        description_language varchar(35) NOT NULL,
        opened_by_agent varchar(100) NOT NULL,
        opened_at timestamptz NOT NULL,
        accepted_at timestamptz,
        resolved_at timestamptz,
        resolution_code varchar(40),
        resolution_note_text text,
        resolution_note_language varchar(35),
        refusal_reason varchar(40),
        refusal_detail text,
        due_at timestamptz,
        tracking_summary jsonb,
        last_activity_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cases_item_id_idx ON cases (item_id)`);
    await q.query(`CREATE INDEX cases_status_activity_idx ON cases (status, last_activity_at DESC)`);
    await q.query(`CREATE INDEX cases_origin_idx ON cases (origin_operator, last_activity_at DESC)`);
    await q.query(`CREATE INDEX cases_destination_idx ON cases (destination_operator, last_activity_at DESC)`);
    await q.query(`
      CREATE TABLE case_messages (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind varchar(20) NOT NULL,
        body_text text NOT NULL,
        body_language varchar(35) NOT NULL,
        author_agent varchar(100) NOT NULL,
        author_operator varchar(10) NOT NULL,
        sent_at timestamptz NOT NULL,
        received_after_close boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_messages_case_idx ON case_messages (case_id, sent_at)`);
    await q.query(`
      CREATE TABLE case_history (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        occurred_at timestamptz NOT NULL,
        operator_code varchar(10) NOT NULL,
        agent_id varchar(100),
        action varchar(30) NOT NULL,
        from_status varchar(20),
        to_status varchar(20),
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        envelope_message_id uuid,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_history_case_idx ON case_history (case_id, occurred_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_history`);
    await q.query(`DROP TABLE case_messages`);
    await q.query(`DROP TABLE cases`);
  }
}
