import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../../test/harness/database';
import { buildOperatorNodeDataSourceOptions } from '../../database/operator-node-data-source';
import { translationTextHash } from '../../translation/translation.service';
import { ANONYMISE_BATCH, CaseAnonymiser } from './case-anonymiser';

// CaseAnonymiser on the node's real database: every table is searched for the customer's values
// afterwards, codes and timings stay, and what other cases still show is kept.

let db: TestDatabase;
let ds: DataSource;
const anonymiser = new CaseAnonymiser();

// Values only the anonymised case holds (non-ASCII on purpose: SQL and Node must hash alike).
const PERSONAL = {
  name: 'Zoë Müller-Ångström',
  email: 'Zoe.Mueller@Example.org',
  phone: '+41 79 555 12 34',
  description: 'Bitte an Bahnhofstraße 12, 8001 Zürich liefern.',
  note: 'Kundin hat das Paket beim Nachbarn gefunden.',
  body: 'Die Kundin wohnt im 3. Stock, Klingel Müller.',
  reply: 'Delivered to the neighbour at number 14.',
  signedBy: 'K. Nachbar',
  idempotencyKey: 'f3'.repeat(32),
  translation: 'Please deliver to Bahnhofstrasse 12, 8001 Zurich.',
};
// A text both the anonymised case and a kept case show: its translation must stay.
const SHARED = 'Das Paket ist nicht angekommen.';

async function insertCase(o: { id?: string; name: string; email?: string | null; phone?: string | null; description: string; status?: string; note?: string | null; idempotencyKey?: string | null }): Promise<string> {
  const id = o.id ?? randomUUID();
  await ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, reasons, origin_operator, destination_operator, status, customer_name, customer_email, customer_phone, customer_language,
                        description_text, description_language, opened_by_agent, opened_at, resolved_at, resolution_code, resolution_note_text, resolution_note_language,
                        last_activity_at, version, idempotency_key)
     VALUES ($1, 'RB123456785GB', 'REGISTERED', 'FULL_INVESTIGATION', '{NOT_ARRIVED}', 'CH', 'US', $2, $3, $4, $8, 'de', $5, 'de', 'anna.meier',
             '2026-11-02T09:00:00Z', '2026-11-20T10:00:00Z', 'DELIVERED', $6, 'de', '2026-11-20T10:00:00Z', 4, $7)`,
    [id, o.status ?? 'RESOLVED', o.name, o.email ?? null, o.description, o.note ?? null, o.idempotencyKey ?? null, o.phone ?? null],
  );
  return id;
}

const message = (caseId: string, kind: string, body: string, signedBy: string | null, author = 'US') =>
  ds.query(
    `INSERT INTO case_messages (id, case_id, kind, body_text, body_language, outcome, event_at, signed_by, office, author_agent, author_operator, sent_at)
     VALUES ($1, $2, $3, $4, 'en', $5, $6, $7, $8, 'bob', $9, '2026-11-10T08:00:00Z')`,
    [randomUUID(), caseId, kind, body, kind === 'REPLY' ? 'DELIVERED_WITH_SIGNATURE' : null, kind === 'REPLY' ? '2026-11-09T12:00:00Z' : null, signedBy, kind === 'REPLY' ? 'New York NY 10001' : null, author],
  );

const translation = (text: string, translated: string, target = 'en') =>
  ds.query(
    `INSERT INTO text_translations (key, source_language, target_language, translated_text, provider, text_hash) VALUES ($1, 'de', $2, $3, 'test', $4)`,
    [randomUUID().replace(/-/g, ''), target, translated, translationTextHash(text)],
  );

/** Every row of every table of the node, as text; bytea columns appear as hex. */
async function everything(): Promise<string> {
  const tables: Array<{ table_name: string }> = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const out: string[] = [];
  for (const { table_name } of tables) {
    const rows: Array<{ r: string }> = await ds.query(`SELECT row_to_json(t)::text AS r FROM "${table_name}" t`);
    out.push(...rows.map((x) => `${table_name}: ${x.r}`));
  }
  return out.join('\n');
}

/** The values of `PERSONAL` found in the database, as text or inside a bytea. */
function found(all: string, values: Record<string, string>): string[] {
  const lower = all.toLowerCase();
  return Object.entries(values)
    .filter(([, v]) => lower.includes(JSON.stringify(v).slice(1, -1).toLowerCase()) || lower.includes(Buffer.from(v, 'utf8').toString('hex')))
    .map(([k]) => k);
}

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = await new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false }).initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('CaseAnonymiser', () => {
  it('removes every personal value from every table, keeps codes and timings, and what other cases show', async () => {
    const id = await insertCase({ name: PERSONAL.name, email: PERSONAL.email, phone: PERSONAL.phone, description: PERSONAL.description, note: PERSONAL.note, idempotencyKey: PERSONAL.idempotencyKey });
    await message(id, 'INFO', PERSONAL.body, null, 'CH');
    await message(id, 'INFO', SHARED, null, 'CH');
    await message(id, 'REPLY', PERSONAL.reply, PERSONAL.signedBy);
    await ds.query(
      `INSERT INTO case_history (case_id, occurred_at, operator_code, agent_id, action, from_status, to_status, detail) VALUES ($1, '2026-11-02T09:00:00Z', 'CH', 'anna.meier', 'OPENED', NULL, 'SUBMITTED', '{"itemId":"RB123456785GB"}')`,
      [id],
    );
    await ds.query(
      `INSERT INTO node_alerts (type, case_id, item_id, audience, payload) VALUES ('NEW_INQUIRY', $1, 'RB123456785GB', 'AGENTS', '{"direction":"INCOMING","customerLanguage":"de","openedBy":"anna.meier"}')`,
      [id],
    );
    // The case's messages this node sent (with the customer block) and one still to send.
    await ds.query(`INSERT INTO outbox_messages (message_id, topic, message_key, payload, sent_at) VALUES ($1, 'p.op.CH.case.out', $2, convert_to($3, 'UTF8'), now())`, [randomUUID(), id, PERSONAL.name]);
    await ds.query(`INSERT INTO outbox_messages (message_id, topic, message_key, payload) VALUES ($1, 'p.op.CH.case.out', $2, '\\x00')`, [randomUUID(), id]);
    await translation(PERSONAL.description, PERSONAL.translation);
    await translation(PERSONAL.body, 'The customer lives on the 3rd floor.');
    await translation(PERSONAL.note, 'Found at the neighbour.', 'fr');
    await translation(SHARED, 'The parcel has not arrived.');

    // Another customer's case showing the shared text, and one with the same name (names are not unique).
    const other = await insertCase({ name: 'Jane Roe', email: 'jane@example.org', description: SHARED });
    const namesake = await insertCase({ name: PERSONAL.name, description: 'Wo ist mein Brief?' });
    const before = await everything();
    expect(found(before, PERSONAL)).toEqual(Object.keys(PERSONAL));

    const at = new Date('2027-05-20T03:00:00Z');
    await expect(ds.transaction((m) => anonymiser.anonymise(m, [id, id], 'RETENTION', at))).resolves.toBe(1);

    const withoutNamesake = async () => (await everything()).split('\n').filter((l) => !l.includes(namesake)).join('\n');
    expect(found(await withoutNamesake(), PERSONAL)).toEqual([]);
    const [c] = await ds.query(`SELECT * FROM cases WHERE id = $1`, [id]);
    expect(c).toMatchObject({
      customer_name: '', customer_email: null, customer_phone: null, customer_language: null, description_text: '', resolution_note_text: null, idempotency_key: null,
      personal_data_removed_at: at, personal_data_removal: 'RETENTION',
      // Codes and timings for reports.
      item_id: 'RB123456785GB', status: 'RESOLVED', inquiry_type: 'FULL_INVESTIGATION', reasons: ['NOT_ARRIVED'], resolution_code: 'DELIVERED', description_language: 'de',
      opened_at: new Date('2026-11-02T09:00:00Z'), resolved_at: new Date('2026-11-20T10:00:00Z'), opened_by_agent: 'anna.meier', version: 4,
    });
    const messages = await ds.query(`SELECT kind, body_text, signed_by, outcome, event_at, office, sent_at FROM case_messages WHERE case_id = $1 ORDER BY kind, id`, [id]);
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m).toMatchObject({ body_text: '', signed_by: null, sent_at: new Date('2026-11-10T08:00:00Z') });
    expect(messages.find((m: { kind: string }) => m.kind === 'REPLY')).toMatchObject({ outcome: 'DELIVERED_WITH_SIGNATURE', event_at: new Date('2026-11-09T12:00:00Z'), office: 'New York NY 10001' });
    expect(await ds.query(`SELECT action, agent_id, detail FROM case_history WHERE case_id = $1`, [id])).toEqual([{ action: 'OPENED', agent_id: 'anna.meier', detail: { itemId: 'RB123456785GB' } }]);
    expect(await ds.query(`SELECT type, payload FROM node_alerts WHERE case_id = $1`, [id])).toEqual([{ type: 'NEW_INQUIRY', payload: { direction: 'INCOMING', openedBy: 'anna.meier' } }]);
    // The unsent message stays: the partner is still owed it.
    expect(await ds.query(`SELECT sent_at FROM outbox_messages WHERE message_key = $1`, [id])).toEqual([{ sent_at: null }]);
    // The shared text's translation stays (the other case shows it); the others are gone.
    expect(await ds.query(`SELECT translated_text FROM text_translations`)).toEqual([{ translated_text: 'The parcel has not arrived.' }]);
    const [o] = await ds.query(`SELECT customer_name, customer_email, description_text, personal_data_removed_at FROM cases WHERE id = $1`, [other]);
    expect(o).toEqual({ customer_name: 'Jane Roe', customer_email: 'jane@example.org', description_text: SHARED, personal_data_removed_at: null });
    expect((await ds.query(`SELECT customer_name FROM cases WHERE id = $1`, [namesake]))[0].customer_name).toBe(PERSONAL.name);

    // A second pass (an erasure after retention) clears again whatever was written since, and keeps the first date and reason.
    await ds.query(`UPDATE cases SET resolution_note_text = $2, customer_email = $3 WHERE id = $1`, [id, PERSONAL.note, PERSONAL.email]);
    await message(id, 'REPLY', PERSONAL.reply, PERSONAL.signedBy);
    await translation(PERSONAL.reply, 'Chez le voisin au numéro 14.', 'fr');
    expect(found(await withoutNamesake(), PERSONAL)).toEqual(['email', 'note', 'reply', 'signedBy']);
    await expect(ds.transaction((m) => anonymiser.anonymise(m, [id], 'ERASURE', new Date()))).resolves.toBe(0);
    expect(found(await withoutNamesake(), PERSONAL)).toEqual([]);
    expect(await ds.query(`SELECT personal_data_removal, personal_data_removed_at FROM cases WHERE id = $1`, [id])).toEqual([{ personal_data_removal: 'RETENTION', personal_data_removed_at: at }]);

    // The last case showing the shared text goes: so does its translation.
    await ds.transaction((m) => anonymiser.anonymise(m, [other], 'ERASURE', at));
    expect(await ds.query(`SELECT translated_text FROM text_translations`)).toEqual([]);
  });

  it('works through more cases than one batch, and changes nothing when its transaction rolls back', async () => {
    const n = ANONYMISE_BATCH + 17;
    const ids: string[] = (
      await ds.query(
        `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, customer_email, description_text, description_language,
                            opened_by_agent, opened_at, last_activity_at, version)
         SELECT gen_random_uuid(), 'RB123456785GB', 'REGISTERED', 'GENERIC', 'US', 'CH', 'RESOLVED', 'Batch ' || g, 'batch' || g || '@example.org', 'Text ' || g, 'en', 'bob', now(), now(), 1
         FROM generate_series(1, $1) g RETURNING id`,
        [n],
      )
    ).map((r: { id: string }) => r.id);
    await expect(
      ds.transaction(async (m) => {
        await anonymiser.anonymise(m, ids, 'ERASURE', new Date());
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await ds.query(`SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[]) AND personal_data_removed_at IS NULL AND customer_name LIKE 'Batch %'`, [ids]))[0].n).toBe(n);

    await expect(ds.transaction((m) => anonymiser.anonymise(m, ids, 'ERASURE', new Date()))).resolves.toBe(n);
    expect(await ds.query(`SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[]) AND customer_name = '' AND customer_email IS NULL AND personal_data_removal = 'ERASURE'`, [ids])).toEqual([{ n }]);
  });
});
