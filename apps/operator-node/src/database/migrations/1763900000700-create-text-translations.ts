import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cache of machine translations, so each text goes to the translation service once per target
 * language. Keyed by sha256 of the base languages and the text (see TranslationService); the
 * source text itself is not stored again, it stays with the case.
 */
export class CreateTextTranslations1763900000700 implements MigrationInterface {
  name = 'CreateTextTranslations1763900000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE text_translations (
        key varchar(64) PRIMARY KEY,
        source_language varchar(35) NOT NULL,
        target_language varchar(35) NOT NULL,
        translated_text text NOT NULL,
        provider varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE text_translations`);
  }
}
