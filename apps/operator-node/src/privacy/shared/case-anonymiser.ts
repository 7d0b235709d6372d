import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PersonalDataRemoval } from '../../cases/shared/case.entity';

/** Cases per statement: bounded locks and parameter arrays, whatever the caller passes. */
export const ANONYMISE_BATCH = 200;

/**
 * Removes the customer's personal data from cases at this node, keeping codes, timings and ids for
 * reports. In the caller's transaction, with set-based SQL per batch:
 *
 * - the case: customer name (a NOT NULL column: emptied), email, phone, preferred language, the
 *   description text (emptied), the resolution note, and the Idempotency-Key hash (a CRM may
 *   derive its keys from the customer; the key is useless once the case is settled);
 * - every message: body text (emptied) and `signed_by` (who signed for the item);
 * - cached machine translations of those texts (`text_translations`, found by the hash of the
 *   text), unless a case whose data is kept has the same text;
 * - the customer's language in alert payloads (NEW_INQUIRY, URGENT_INQUIRY);
 * - this node's sent copies of the case's messages in `outbox_messages` (they carry the customer
 *   block); unsent ones stay, so nothing owed to the partner is lost, and so do the erasure
 *   messages (`case.erased`, `case.erasure_confirmed`: ids only, the trace of what the partner was
 *   told, which a repeated erasure would otherwise delete).
 *
 * Kept, as they hold no customer data: codes (item id, types, reasons, outcomes, resolution,
 * refusal), timings, languages of texts, agent ids, the office of a reply, the history (codes and
 * ids only), tracking, and the audit log (append-only; identities and routes, never customer data).
 *
 * Idempotent, and run again on a case anonymised before: its texts are cleared again (whatever was
 * written since, e.g. by an older build, is removed too), while its first date and reason stay
 * (`personal_data_removed_at` / `personal_data_removal` are only set when still empty). Returns how
 * many cases lost their data for the first time now.
 */
@Injectable()
export class CaseAnonymiser {
  async anonymise(manager: EntityManager, caseIds: string[], removal: PersonalDataRemoval, at: Date): Promise<number> {
    let done = 0;
    const unique = [...new Set(caseIds)];
    for (let i = 0; i < unique.length; i += ANONYMISE_BATCH) done += await this.batch(manager, unique.slice(i, i + ANONYMISE_BATCH), removal, at);
    return done;
  }

  private async batch(m: EntityManager, caseIds: string[], removal: PersonalDataRemoval, at: Date): Promise<number> {
    // Locked in id order, so two anonymisers (retention, an erasure) never deadlock.
    const locked: Array<{ id: string; first: boolean }> = await m.query(
      `SELECT id, personal_data_removed_at IS NULL AS first FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [caseIds],
    );
    const ids = locked.map((r) => r.id);
    if (ids.length === 0) return 0;
    // Before the texts are emptied: they are how their translations are found.
    await m.query(DELETE_TRANSLATIONS_SQL, [ids]);
    await m.query(`UPDATE case_messages SET body_text = '', signed_by = NULL WHERE case_id = ANY($1::uuid[])`, [ids]);
    await m.query(
      `UPDATE cases SET customer_name = '', customer_email = NULL, customer_phone = NULL, customer_language = NULL, description_text = '',
              resolution_note_text = NULL, idempotency_key = NULL,
              personal_data_removed_at = COALESCE(personal_data_removed_at, $2), personal_data_removal = COALESCE(personal_data_removal, $3), updated_at = now()
       WHERE id = ANY($1::uuid[])`,
      [ids, at, removal],
    );
    await m.query(`UPDATE node_alerts SET payload = payload - 'customerLanguage' WHERE case_id = ANY($1::uuid[]) AND payload ? 'customerLanguage'`, [ids]);
    // Case topics are keyed by case id (tracking by batch id): these are the case's messages.
    await m.query(
      `DELETE FROM outbox_messages WHERE message_key = ANY($1::varchar[]) AND sent_at IS NOT NULL AND COALESCE(headers->>'pb-type', '') NOT IN ('case.erased', 'case.erasure_confirmed')`,
      [ids],
    );
    return locked.filter((r) => r.first).length;
  }
}

/**
 * Translations of the batch's texts (`$1`: case ids), by the hash TranslationService stores with
 * each, except texts a case outside the batch still shows. Only texts with a cached translation are
 * compared with other cases, so the scan of cases and messages happens only when there is one;
 * the joins let PostgreSQL hash the few candidates and scan each table once.
 */
const DELETE_TRANSLATIONS_SQL = `
  WITH texts AS (
    SELECT description_text AS t FROM cases WHERE id = ANY($1::uuid[])
    UNION SELECT resolution_note_text FROM cases WHERE id = ANY($1::uuid[]) AND resolution_note_text IS NOT NULL
    UNION SELECT body_text FROM case_messages WHERE case_id = ANY($1::uuid[])
  ),
  candidates AS (
    SELECT x.t, x.h FROM (SELECT t, encode(sha256(convert_to(t, 'UTF8')), 'hex') AS h FROM texts WHERE t <> '') x
    WHERE EXISTS (SELECT 1 FROM text_translations tt WHERE tt.text_hash = x.h)
  ),
  still_shown AS (
    SELECT c.h FROM candidates c JOIN cases o ON o.description_text = c.t
      WHERE o.id <> ALL($1::uuid[]) AND o.personal_data_removed_at IS NULL
    UNION SELECT c.h FROM candidates c JOIN cases o ON o.resolution_note_text = c.t
      WHERE o.id <> ALL($1::uuid[]) AND o.personal_data_removed_at IS NULL
    UNION SELECT c.h FROM candidates c JOIN case_messages om ON om.body_text = c.t
      WHERE om.case_id <> ALL($1::uuid[])
  )
  DELETE FROM text_translations WHERE text_hash IN (SELECT h FROM candidates EXCEPT SELECT h FROM still_shown)`;
