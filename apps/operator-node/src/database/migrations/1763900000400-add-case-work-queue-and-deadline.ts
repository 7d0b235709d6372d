import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Work queues and deadlines on a node's cases: priority (sent with the opening), the local
 * assignee, when the destination first responded, and the broker's latest deadline snapshot.
 */
export class AddCaseWorkQueueAndDeadline1763900000400 implements MigrationInterface {
  name = 'AddCaseWorkQueueAndDeadline1763900000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN priority varchar(10) NOT NULL DEFAULT 'NORMAL'`);
    await q.query(`ALTER TABLE cases ADD COLUMN assignee varchar(100)`);
    await q.query(`ALTER TABLE cases ADD COLUMN assigned_at timestamptz`);
    // First message of the destination post (reply or information request), whichever node wrote it.
    await q.query(`ALTER TABLE cases ADD COLUMN first_response_at timestamptz`);
    await q.query(`
      UPDATE cases c SET first_response_at = m.first
      FROM (SELECT m.case_id, min(m.sent_at) AS first FROM case_messages m JOIN cases x ON x.id = m.case_id
            WHERE m.author_operator = x.destination_operator GROUP BY m.case_id) m
      WHERE m.case_id = c.id`);
    // The newest case.deadline snapshot applied (its sequence is inside), and its state for queries.
    await q.query(`ALTER TABLE cases ADD COLUMN deadline_state varchar(20)`);
    await q.query(`ALTER TABLE cases ADD COLUMN deadline jsonb`);
    // Queue listings: by due time (no due time last), then oldest first.
    await q.query(`CREATE INDEX cases_queue_order_idx ON cases (due_at ASC NULLS LAST, opened_at, id)`);
    await q.query(`CREATE INDEX cases_assignee_idx ON cases (assignee) WHERE assignee IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_assignee_idx`);
    await q.query(`DROP INDEX cases_queue_order_idx`);
    for (const column of ['deadline', 'deadline_state', 'first_response_at', 'assigned_at', 'assignee', 'priority']) {
      await q.query(`ALTER TABLE cases DROP COLUMN ${column}`);
    }
  }
}
