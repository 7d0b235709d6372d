import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Removal of a customer's personal data (issue 15): when and why a case lost it (retention or an
 * erasure), the erasures this node made or applied for a partner, and a hash of the source text on
 * cached translations so the translations of an erased text can be found and deleted.
 */
export class AddPersonalDataRemoval1763900001200 implements MigrationInterface {
  name = 'AddPersonalDataRemoval1763900001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN personal_data_removed_at timestamptz,
        ADD COLUMN personal_data_removal varchar(10) CHECK (personal_data_removal IN ('RETENTION', 'ERASURE')),
        ADD CONSTRAINT cases_personal_data_removal_complete CHECK ((personal_data_removed_at IS NULL) = (personal_data_removal IS NULL))`);
    // Erasure and access requests find a customer's cases by email, case-insensitively.
    await q.query(`CREATE INDEX cases_customer_email_idx ON cases (lower(customer_email)) WHERE customer_email IS NOT NULL`);
    // No foreign key to cases: the record that a case was erased must outlive the case itself.
    await q.query(`
      CREATE TABLE erasures (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        origin varchar(10) NOT NULL CHECK (origin IN ('LOCAL', 'PARTNER')),
        requested_by varchar(100) NOT NULL,
        requested_by_name varchar(200) NOT NULL,
        reason text,
        forced boolean NOT NULL,
        erased_at timestamptz NOT NULL,
        partner_operator varchar(10) NOT NULL,
        -- false: the case never reached the partner (refused at opening), so there is nothing to tell it.
        partner_notified boolean NOT NULL,
        partner_confirmed_at timestamptz,
        partner_confirmed_by varchar(100),
        partner_confirmed_by_name varchar(200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A case is erased once at this node: a second request returns the first record.
    await q.query(`CREATE UNIQUE INDEX erasures_local_case_idx ON erasures (case_id) WHERE origin = 'LOCAL'`);
    await q.query(`CREATE INDEX erasures_case_idx ON erasures (case_id)`);
    await q.query(`CREATE INDEX erasures_erased_at_idx ON erasures (erased_at DESC, id)`);
    // The cache held no source text: rows cached before this cannot be matched to a text, and a
    // cache may be emptied at any time (it refills on the next view).
    await q.query(`DELETE FROM text_translations`);
    await q.query(`ALTER TABLE text_translations ADD COLUMN text_hash char(64) NOT NULL`);
    await q.query(`CREATE INDEX text_translations_text_hash_idx ON text_translations (text_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX text_translations_text_hash_idx`);
    await q.query(`ALTER TABLE text_translations DROP COLUMN text_hash`);
    await q.query(`DROP TABLE erasures`);
    await q.query(`DROP INDEX cases_customer_email_idx`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_personal_data_removal_complete, DROP COLUMN personal_data_removal, DROP COLUMN personal_data_removed_at`);
  }
}
