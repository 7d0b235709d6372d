import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * A case at an operator node showing the given free texts (its description, its resolution note,
 * one message per body), written straight into the node's tables, for specs that need a case to
 * hold some text (the translation cache keeps only what a case shows). Returns the case id.
 */
export async function insertCaseShowing(db: DataSource | EntityManager, texts: { description: string; note?: string; messages?: string[] }): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, description_text, description_language,
                        resolution_note_text, resolution_note_language, opened_by_agent, opened_at, last_activity_at, version)
     VALUES ($1, 'RB123456785GB', 'REGISTERED', 'GENERIC', 'CH', 'US', 'OPEN', 'Erika Muster', $2, 'de', $3, $4, 'anna', now(), now(), 1)`,
    [id, texts.description, texts.note ?? null, texts.note === undefined ? null : 'de'],
  );
  for (const body of texts.messages ?? []) {
    await db.query(
      `INSERT INTO case_messages (id, case_id, kind, body_text, body_language, author_agent, author_operator, sent_at) VALUES ($1, $2, 'INFO', $3, 'und', 'anna', 'CH', now())`,
      [randomUUID(), id, body],
    );
  }
  return id;
}
