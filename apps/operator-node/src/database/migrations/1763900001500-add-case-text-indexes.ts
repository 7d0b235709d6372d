import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hash indexes on the free texts of cases that keep their personal data, so that a translation is
 * cached only while such a case shows its text (TranslationService.writeCache looks the text up by
 * equality) without reading the tables; the CaseAnonymiser's search for texts other cases still
 * show uses them too. Hash indexes take texts of any length (a btree entry is limited to about
 * 2.7 kB). Built CONCURRENTLY, outside a transaction, as AddRetentionIndexes1763900001300.
 */
export class AddCaseTextIndexes1763900001500 implements MigrationInterface {
  name = 'AddCaseTextIndexes1763900001500';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS cases_description_text_hash_idx ON cases USING hash (description_text) WHERE personal_data_removed_at IS NULL`);
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS cases_resolution_note_text_hash_idx ON cases USING hash (resolution_note_text)
      WHERE personal_data_removed_at IS NULL AND resolution_note_text IS NOT NULL`);
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS case_messages_body_text_hash_idx ON case_messages USING hash (body_text) WHERE body_text <> ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['case_messages_body_text_hash_idx', 'cases_resolution_note_text_hash_idx', 'cases_description_text_hash_idx']) {
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`);
    }
  }
}
