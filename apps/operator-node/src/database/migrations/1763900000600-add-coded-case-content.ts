import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coded case content (issue 5): reasons and requested actions of a case, the structured facts of a
 * reply, where each free text's language tag came from; agents' profiles (language, time zone) and
 * this node's own saved replies (templates), which add to or override the standard ones.
 */
export class AddCodedCaseContent1763900000600 implements MigrationInterface {
  name = 'AddCodedCaseContent1763900000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN reasons varchar(40)[] NOT NULL DEFAULT '{}',
        ADD COLUMN requested_actions varchar(40)[] NOT NULL DEFAULT '{}',
        ADD COLUMN description_language_source varchar(10) NOT NULL DEFAULT 'GIVEN',
        ADD COLUMN resolution_note_language_source varchar(10)`);
    await q.query(`
      ALTER TABLE case_messages
        ADD COLUMN body_language_source varchar(10) NOT NULL DEFAULT 'GIVEN',
        ADD COLUMN outcome varchar(40),
        ADD COLUMN event_at timestamptz,
        ADD COLUMN signed_by varchar(200),
        ADD COLUMN office varchar(200),
        ADD COLUMN template_id varchar(64)`);
    await q.query(`
      CREATE TABLE agent_profiles (
        agent_id varchar(100) PRIMARY KEY,
        language varchar(35) NOT NULL,
        time_zone varchar(64),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE reply_templates (
        template_id varchar(64) NOT NULL,
        language varchar(35) NOT NULL,
        kind varchar(20) NOT NULL,
        outcome varchar(40),
        title varchar(200) NOT NULL,
        body text NOT NULL,
        updated_by varchar(100) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (template_id, language)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reply_templates`);
    await q.query(`DROP TABLE agent_profiles`);
    await q.query(`ALTER TABLE case_messages DROP COLUMN body_language_source, DROP COLUMN outcome, DROP COLUMN event_at, DROP COLUMN signed_by, DROP COLUMN office, DROP COLUMN template_id`);
    await q.query(`ALTER TABLE cases DROP COLUMN reasons, DROP COLUMN requested_actions, DROP COLUMN description_language_source, DROP COLUMN resolution_note_language_source`);
  }
}
