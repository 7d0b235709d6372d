import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts for agents and supervisors of this node, written in the transaction of the change that
 * raises them. Ids grow in commit order (see AlertWriter), so readers catch up with `id > last`.
 */
export class CreateNodeAlerts1763900000500 implements MigrationInterface {
  name = 'CreateNodeAlerts1763900000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE node_alerts (
        id bigserial PRIMARY KEY,
        type varchar(30) NOT NULL,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        item_id varchar(13) NOT NULL,
        audience varchar(20) NOT NULL CHECK (audience IN ('AGENTS', 'SUPERVISORS')),
        assignee varchar(100),
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX node_alerts_case_idx ON node_alerts (case_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE node_alerts`);
  }
}
