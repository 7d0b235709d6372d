import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who at this post has a case open in the console, viewing or writing a reply. In the database, not
 * in a process, so every replica of the node sees every agent; rows live 30 s past their last
 * heartbeat and are deleted once expired. `since`: when the current activity began.
 */
export class CreateCasePresence1763900001100 implements MigrationInterface {
  name = 'CreateCasePresence1763900001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE case_presence (
      case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
      principal_id varchar(100) NOT NULL,
      display_name varchar(200) NOT NULL,
      activity varchar(10) NOT NULL CHECK (activity IN ('VIEWING', 'WRITING')),
      since timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, principal_id)
    )`);
    await q.query(`CREATE INDEX case_presence_expires_idx ON case_presence (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_presence`);
  }
}
