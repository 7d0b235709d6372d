import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevSigningKeys, KafkaPrincipals } from '@postbridge/dev-infra';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { authorization, Caller, registerEndpoint, TestRealms } from '../../../../test/harness/identity';
import { provisionTestTopics, testKafkaEnv, uniqueTopicPrefix } from '../../../../test/harness/kafka';
import { bootstrapOperatorNode, RunningOperatorNode } from '../operator-node.bootstrap';
import { ErasureService } from './shared/erasure.service';

// The data-protection role at the assembled CH node, over real PostgreSQL, Keycloak and Kafka:
// erasure by case and by email, what is refused, that the partner's message commits with the
// erasure (the outbox), the access export, and the partner's side (ErasureService).
jest.setTimeout(60_000);

const prefix = uniqueTopicPrefix();
let db: TestDatabase;
let node: RunningOperatorNode;
let ds: DataSource;
let realms: TestRealms;

const DPO: Caller = { user: 'dpo', roles: ['data-protection'] };
const AGENT: Caller = { user: 'anna.meier', roles: ['agent', 'supervisor'] };

async function api(method: string, path: string, body?: unknown, as: Caller = DPO): Promise<{ status: number; body: any }> {
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(await authorization(node.url, as)) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

let serial = 0;
/** A case at CH with a customer; `origin` US makes it incoming. Texts carry a per-case marker. */
async function insertCase(o: { email?: string | null; status?: string; origin?: string; destination?: string; acceptedAt?: Date | null } = {}): Promise<{ id: string; name: string; text: string }> {
  const id = randomUUID();
  const n = ++serial;
  const name = `Kundin Nummer ${n}`;
  const text = `Bitte an Gartenweg ${n} liefern.`;
  await ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, customer_email, customer_phone, customer_language,
                        description_text, description_language, opened_by_agent, opened_at, accepted_at, resolved_at, resolution_code, last_activity_at, version)
     VALUES ($1, 'RB123456785GB', 'REGISTERED', 'GENERIC', $2, $3, $4::varchar, $5, $6, '+41 79 000 00 ' || lpad($7::text, 2, '0'), 'de', $8, 'de', 'anna.meier', now() - interval '9 days', $9,
             CASE WHEN $4::varchar = 'RESOLVED' THEN now() ELSE NULL END, CASE WHEN $4::varchar = 'RESOLVED' THEN 'DELIVERED' ELSE NULL END, now(), 3)`,
    [id, o.origin ?? 'CH', o.destination ?? 'US', o.status ?? 'RESOLVED', name, o.email === undefined ? `kundin${n}@example.org` : o.email, n % 100, text, o.acceptedAt === undefined ? new Date() : o.acceptedAt],
  );
  await ds.query(
    `INSERT INTO case_messages (id, case_id, kind, body_text, body_language, signed_by, author_agent, author_operator, sent_at, outcome) VALUES ($1, $2, 'REPLY', $3, 'en', $4, 'bob', 'US', now(), 'DELIVERED_WITH_SIGNATURE')`,
    [randomUUID(), id, `Left with neighbour ${n}.`, `Nachbar ${n}`],
  );
  await ds.query(`INSERT INTO case_history (case_id, occurred_at, operator_code, agent_id, action, to_status, detail) VALUES ($1, now(), 'CH', 'anna.meier', 'OPENED', 'SUBMITTED', '{}')`, [id]);
  return { id, name, text };
}

const erasedMessages = (caseId: string): Promise<Array<{ sent: boolean }>> =>
  ds.query(`SELECT sent_at IS NOT NULL AS sent FROM outbox_messages WHERE message_key = $1 AND headers->>'pb-type' = 'case.erased'`, [caseId]);
const customerName = async (caseId: string): Promise<string> => (await ds.query(`SELECT customer_name FROM cases WHERE id = $1`, [caseId]))[0].customer_name;
const erasureRows = async (caseId: string): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM erasures WHERE case_id = $1`, [caseId]))[0].n;

const keys = DevSigningKeys.generate(['CH', 'US']);
const networkFile = join(mkdtempSync(join(tmpdir(), 'pb-privacy-it-')), 'network.json');
writeFileSync(networkFile, JSON.stringify(keys.applyTo({ operators: [{ code: 'CH' }, { code: 'US' }] })));

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  await provisionTestTopics(prefix, ['CH'], 1);
  realms = await TestRealms.create(prefix, ['CH']);
  node = await bootstrapOperatorNode({
    ...realms.nodeEnv('CH'),
    HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', DATABASE_URL: db.url, ...testKafkaEnv(KafkaPrincipals.node('CH')), TOPIC_PREFIX: prefix, KAFKA_MAX_WAIT_MS: '20',
    LOG_LEVEL: 'fatal', PB_DEFAULT_METRICS: 'off', OPERATOR_CODE: 'CH', OPERATOR_NAME: 'Swiss Post', OPERATOR_COUNTRY: 'CH', OPERATOR_TIME_ZONE: 'Europe/Zurich',
    OPERATOR_LANGUAGES: 'de,fr', NETWORK_FILE: networkFile, ...keys.env('CH'),
  });
  ds = node.app.get(DataSource);
  registerEndpoint(node.url, realms, 'CH', DPO as Exclude<Caller, null>);
});

afterAll(async () => {
  await node?.app.close().catch(() => undefined);
  await db?.drop();
  await realms?.delete();
});

describe('POST /privacy/erasures', () => {
  it('refuses other roles and malformed requests, each with its code, and changes nothing', async () => {
    const c = await insertCase();
    expect(await api('POST', '/privacy/erasures', { caseId: c.id }, AGENT)).toMatchObject({ status: 403, body: { code: 'PERMISSION_DENIED' } });
    expect(await api('POST', '/privacy/erasures', { caseId: c.id }, null)).toMatchObject({ status: 401 });
    for (const [body, status, code] of [
      [{}, 400, 'ERASURE_TARGET_REQUIRED'],
      [{ caseId: c.id, customerEmail: 'kundin@example.org' }, 400, 'ERASURE_TARGET_AMBIGUOUS'],
      [{ caseId: c.id, force: true }, 400, 'REASON_REQUIRED'],
      [{ caseId: c.id, force: true, reason: '' }, 400, 'INVALID_TEXT_LENGTH'],
      [{ caseId: 'not-a-case' }, 400, 'INVALID_CASE_ID'],
      [{ customerEmail: 'nobody' }, 400, 'INVALID_EMAIL'],
      [{ caseId: c.id, force: 'yes', reason: 'x' }, 400, 'INVALID_BOOLEAN'],
      [{ caseId: c.id, why: 'x' }, 400, 'UNKNOWN_FIELD'],
      [{ caseId: randomUUID() }, 404, 'CASE_NOT_FOUND'],
    ] as const) {
      const res = await api('POST', '/privacy/erasures', body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
    expect(await customerName(c.id)).toBe(c.name);
    expect(await erasureRows(c.id)).toBe(0);
  });

  it('erases a closed case, tells the partner in the same commit, and answers a repeat with the same record', async () => {
    const c = await insertCase();
    const res = await api('POST', '/privacy/erasures', { caseId: c.id });
    expect(res.status).toBe(201);
    expect(res.body.erasures).toEqual([
      {
        id: expect.any(String), caseId: c.id, origin: 'LOCAL', erasedBy: { id: 'dpo', displayName: expect.any(String) }, erasedAt: expect.any(String), forced: false, reason: null,
        partnerOperator: 'US', partnerConfirmation: { status: 'PENDING', confirmedAt: null, confirmedBy: null },
      },
    ]);
    expect(await erasedMessages(c.id)).toHaveLength(1);
    // The case as agents see it now: no customer, no texts, codes and times kept.
    const view = await api('GET', `/cases/${c.id}`, undefined, AGENT);
    expect(view.body).toMatchObject({
      customer: null, description: { text: '', language: 'de' }, status: 'RESOLVED', resolution: { code: 'DELIVERED', note: null },
      personalDataRemoved: { at: res.body.erasures[0].erasedAt, reason: 'ERASURE' },
      messages: [{ body: { text: '' }, signedBy: null, outcome: 'DELIVERED_WITH_SIGNATURE' }],
    });
    const list = await api('GET', `/cases?itemId=RB123456785GB&pageSize=200`, undefined, AGENT);
    expect(list.body.items.find((x: { id: string }) => x.id === c.id)).toMatchObject({ customer: null, personalDataRemoved: { reason: 'ERASURE' } });

    // Text that reached the case after its erasure (a build before this check, a race) goes with a repeated request.
    await ds.query(`UPDATE case_messages SET body_text = 'Nachbar im 2. Stock', signed_by = 'H. Nachbar' WHERE case_id = $1`, [c.id]);
    await ds.query(`UPDATE cases SET resolution_note_text = 'Bei Nachbar abgeholt' WHERE id = $1`, [c.id]);
    const again = await api('POST', '/privacy/erasures', { caseId: c.id });
    expect(again.status).toBe(200);
    expect(again.body.erasures).toEqual(res.body.erasures);
    expect(await ds.query(`SELECT body_text, signed_by FROM case_messages WHERE case_id = $1`, [c.id])).toEqual([{ body_text: '', signed_by: null }]);
    expect(await ds.query(`SELECT resolution_note_text, personal_data_removed_at FROM cases WHERE id = $1`, [c.id])).toEqual([{ resolution_note_text: null, personal_data_removed_at: new Date(res.body.erasures[0].erasedAt) }]);
    expect(await erasedMessages(c.id)).toHaveLength(1);
    expect(await erasureRows(c.id)).toBe(1);

    // Who erased which case and when, in the audit log; the customer's data nowhere in it.
    const audit = await ds.query(`SELECT principal_id, operation, case_id, detail, row_to_json(a)::text AS raw FROM audit_log a WHERE case_id = $1 OR operation = 'eraseCustomerData'`, [c.id]);
    expect(audit.filter((a: { operation: string; case_id: string | null }) => a.operation === 'caseErased' && a.case_id === c.id)).toEqual([
      expect.objectContaining({ principal_id: 'dpo', detail: { erasureId: res.body.erasures[0].id, origin: 'LOCAL', forced: false, partner: 'US', erasedAt: res.body.erasures[0].erasedAt } }),
    ]);
    expect(audit.some((a: { operation: string }) => a.operation === 'eraseCustomerData')).toBe(true);
    for (const a of audit) expect(a.raw).not.toMatch(new RegExp(`${c.name}|kundin|Gartenweg|Nachbar`, 'i'));
  });

  it('refuses an open case with 409 CASE_STILL_OPEN unless forced with a reason', async () => {
    const c = await insertCase({ status: 'OPEN' });
    const refused = await api('POST', '/privacy/erasures', { caseId: c.id });
    expect(refused).toMatchObject({ status: 409, body: { code: 'CASE_STILL_OPEN', details: { caseIds: [c.id] } } });
    expect(await customerName(c.id)).toBe(c.name);
    expect(await erasedMessages(c.id)).toEqual([]);
    const forced = await api('POST', '/privacy/erasures', { caseId: c.id, force: true, reason: 'Court order 2027/15' });
    expect(forced.status).toBe(201);
    expect(forced.body.erasures[0]).toMatchObject({ caseId: c.id, forced: true, reason: 'Court order 2027/15' });
    expect(await customerName(c.id)).toBe('');
    expect(await erasedMessages(c.id)).toHaveLength(1);
    // The reason stays with the erasure record, not in the audit log.
    expect(JSON.stringify(await ds.query(`SELECT detail FROM audit_log WHERE case_id = $1`, [c.id]))).not.toContain('Court order');
  });

  it('an erased case takes no more free text: a message or a resolution note is refused with 409 PERSONAL_DATA_REMOVED; resolving without a note is not', async () => {
    const c = await insertCase({ status: 'OPEN' });
    expect((await api('POST', '/privacy/erasures', { caseId: c.id, force: true, reason: 'Court order 2027/16' })).status).toBe(201);
    const before = { messages: await ds.query(`SELECT id FROM case_messages WHERE case_id = $1`, [c.id]), outbox: await ds.query(`SELECT message_id FROM outbox_messages WHERE message_key = $1`, [c.id]) };
    const refused = { status: 409, body: { code: 'PERSONAL_DATA_REMOVED', message: "this case's customer data was removed (erasure or retention); it takes no more free text" } };
    expect(await api('POST', `/cases/${c.id}/messages`, { kind: 'INFO', body: { text: 'Die Kundin wohnt jetzt am Seeweg 3.', language: 'de' }, expectedVersion: 3 }, AGENT)).toMatchObject(refused);
    expect(await api('POST', `/cases/${c.id}/resolve`, { resolutionCode: 'DELIVERED', note: { text: 'Beim Nachbarn am Seeweg 3 gefunden.', language: 'de' }, expectedVersion: 3 }, AGENT)).toMatchObject(refused);
    // Nothing was written.
    expect(await ds.query(`SELECT status, version, resolution_note_text FROM cases WHERE id = $1`, [c.id])).toEqual([{ status: 'OPEN', version: 3, resolution_note_text: null }]);
    expect({ messages: await ds.query(`SELECT id FROM case_messages WHERE case_id = $1`, [c.id]), outbox: await ds.query(`SELECT message_id FROM outbox_messages WHERE message_key = $1`, [c.id]) }).toEqual(before);

    const resolved = await api('POST', `/cases/${c.id}/resolve`, { resolutionCode: 'DELIVERED', expectedVersion: 3 }, AGENT);
    expect(resolved).toMatchObject({ status: 200, body: { status: 'RESOLVED', resolution: { code: 'DELIVERED', note: null }, personalDataRemoved: { reason: 'ERASURE' } } });
    // Closed on this node's clock (retention counts from it).
    expect(await ds.query(`SELECT closed_at = resolved_at AS same FROM cases WHERE id = $1`, [c.id])).toEqual([{ same: true }]);
  });

  it('by email: every case of the customer, all or nothing, case-insensitively', async () => {
    const email = `Jane.${randomUUID().slice(0, 8)}@Example.org`;
    const closed = await insertCase({ email });
    const open = await insertCase({ email: email.toLowerCase(), status: 'ANSWERED', origin: 'US', destination: 'CH' });
    const someoneElse = await insertCase();
    const refused = await api('POST', '/privacy/erasures', { customerEmail: email.toUpperCase() });
    expect(refused).toMatchObject({ status: 409, body: { code: 'CASE_STILL_OPEN', details: { caseIds: [open.id] } } });
    expect([await customerName(closed.id), await erasureRows(closed.id)]).toEqual([closed.name, 0]);

    const res = await api('POST', '/privacy/erasures', { customerEmail: email, force: true, reason: 'Customer asked by letter' });
    expect(res.status).toBe(201);
    expect(res.body.erasures.map((e: { caseId: string; forced: boolean; partnerOperator: string }) => [e.caseId, e.forced, e.partnerOperator]).sort()).toEqual(
      [[closed.id, false, 'US'], [open.id, true, 'US']].sort(),
    );
    expect([await customerName(closed.id), await customerName(open.id), await customerName(someoneElse.id)]).toEqual(['', '', someoneElse.name]);
    expect([(await erasedMessages(closed.id)).length, (await erasedMessages(open.id)).length]).toEqual([1, 1]);
    // The email is gone with the cases: nothing left to erase.
    expect(await api('POST', '/privacy/erasures', { customerEmail: email })).toEqual({ status: 200, body: { erasures: [] } });
  });

  it('a case the network refused before the partner had it is erased without a message to the partner', async () => {
    const c = await insertCase({ status: 'REFUSED', acceptedAt: null });
    const res = await api('POST', '/privacy/erasures', { caseId: c.id });
    expect(res).toMatchObject({ status: 201, body: { erasures: [{ caseId: c.id, partnerConfirmation: { status: 'NOT_NEEDED' } }] } });
    expect(await erasedMessages(c.id)).toEqual([]);
  });

  it('when the message to the partner cannot be written, nothing is erased', async () => {
    const c = await insertCase();
    await ds.query(`CREATE FUNCTION pb_test_refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox refused by the test'; END $$`);
    await ds.query(`CREATE TRIGGER pb_test_refuse_outbox BEFORE INSERT ON outbox_messages FOR EACH ROW WHEN (NEW.message_key = '${c.id}') EXECUTE FUNCTION pb_test_refuse_outbox()`);
    try {
      const res = await api('POST', '/privacy/erasures', { caseId: c.id });
      expect(res.status).toBe(500);
      expect(typeof res.body.code).toBe('string');
    } finally {
      await ds.query(`DROP TRIGGER pb_test_refuse_outbox ON outbox_messages`);
      await ds.query(`DROP FUNCTION pb_test_refuse_outbox()`);
    }
    expect(await customerName(c.id)).toBe(c.name);
    expect(await erasureRows(c.id)).toBe(0);
    expect(await ds.query(`SELECT operation FROM audit_log WHERE case_id = $1`, [c.id])).toEqual([]);
    // And once it can, the same request goes through.
    expect((await api('POST', '/privacy/erasures', { caseId: c.id })).status).toBe(201);
  });
});

describe('the partner side (ErasureService, as the inbound handler calls it)', () => {
  it('applies a partner erasure once per erasure id, records and audits it', async () => {
    const c = await insertCase({ origin: 'US', destination: 'CH', status: 'OPEN' });
    const service = node.app.get(ErasureService);
    const erasureId = randomUUID();
    const p = { caseId: c.id, partner: 'US', erasureId, erasedBy: { id: 'us.dpo', displayName: 'US DPO' }, forced: true, at: new Date('2027-01-02T03:04:05Z') };
    const first = await ds.transaction((tx) => service.applyPartnerErasure(tx, p));
    const second = await ds.transaction((tx) => service.applyPartnerErasure(tx, p));
    expect(second.erasedAt).toEqual(first.erasedAt);
    expect(await customerName(c.id)).toBe('');
    expect(await ds.query(`SELECT id, origin, requested_by, forced, reason, partner_operator FROM erasures WHERE case_id = $1`, [c.id])).toEqual([
      { id: erasureId, origin: 'PARTNER', requested_by: 'us.dpo', forced: true, reason: null, partner_operator: 'US' },
    ]);
    expect(await ds.query(`SELECT principal_id, client_id, via, operation, detail FROM audit_log WHERE case_id = $1`, [c.id])).toEqual([
      { principal_id: 'us.dpo', client_id: 'US', via: 'partner', operation: 'applyPartnerErasure', detail: { erasureId, origin: 'PARTNER', forced: true, partner: 'US', erasedAt: first.erasedAt.toISOString(), partnerErasedAt: '2027-01-02T03:04:05.000Z' } },
    ]);
    const listed = await api('GET', `/privacy/erasures?caseId=${c.id}`);
    expect(listed.body).toMatchObject({ total: 1, items: [{ id: erasureId, origin: 'PARTNER', partnerConfirmation: { status: 'NOT_NEEDED' } }] });

    // Only the case's other post may erase it; an id reused for another case is refused.
    await expect(ds.transaction((tx) => service.applyPartnerErasure(tx, { ...p, erasureId: randomUUID(), partner: 'JP' }))).rejects.toMatchObject({ code: 'NOT_A_PARTY' });
    const other = await insertCase({ origin: 'US', destination: 'CH' });
    await expect(ds.transaction((tx) => service.applyPartnerErasure(tx, { ...p, caseId: other.id }))).rejects.toMatchObject({ code: 'ERASURE_ID_REUSED' });
    expect(await customerName(other.id)).toBe(other.name);
  });

  it("records the partner's confirmation of a local erasure once", async () => {
    const c = await insertCase();
    const [erasure] = (await api('POST', '/privacy/erasures', { caseId: c.id })).body.erasures;
    const service = node.app.get(ErasureService);
    const confirmation = { erasureId: erasure.id, caseId: c.id, partner: 'US', erasedBy: { id: 'system', displayName: 'PostBridge node' }, erasedAt: new Date('2027-01-03T00:00:00Z') };
    await expect(ds.transaction((tx) => service.markConfirmed(tx, { ...confirmation, partner: 'JP' }))).rejects.toMatchObject({ code: 'ERASURE_NOT_SENT_TO_PARTNER' });
    await expect(ds.transaction((tx) => service.markConfirmed(tx, { ...confirmation, erasureId: randomUUID() }))).rejects.toMatchObject({ code: 'UNKNOWN_ERASURE' });
    await ds.transaction((tx) => service.markConfirmed(tx, confirmation));
    await ds.transaction((tx) => service.markConfirmed(tx, { ...confirmation, erasedAt: new Date('2027-02-01T00:00:00Z') }));
    const listed = await api('GET', `/privacy/erasures?caseId=${c.id}`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: erasure.id, partnerConfirmation: { status: 'CONFIRMED', confirmedAt: '2027-01-03T00:00:00.000Z', confirmedBy: { id: 'system', displayName: 'PostBridge node' } } }),
    ]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE case_id = $1 AND operation = 'partnerConfirmedErasure'`, [c.id])).toEqual([{ n: 1 }]);
    expect((await api('GET', `/privacy/erasures?caseId=${c.id}`, undefined, AGENT)).status).toBe(403);
  });
});

describe('POST /privacy/access-requests', () => {
  it("exports everything the node holds about the customer, and nothing of others'", async () => {
    const email = `export.${randomUUID().slice(0, 8)}@example.org`;
    const a = await insertCase({ email });
    const b = await insertCase({ email: email.toUpperCase(), status: 'OPEN', origin: 'US', destination: 'CH' });
    await ds.query(`UPDATE cases SET resolution_note_text = 'Found at the neighbour', resolution_note_language = 'en' WHERE id = $1`, [a.id]);
    await ds.query(`INSERT INTO node_alerts (type, case_id, item_id, audience, payload) VALUES ('NEW_INQUIRY', $1, 'RB123456785GB', 'AGENTS', '{"customerLanguage":"de"}')`, [b.id]);
    const other = await insertCase();

    expect((await api('POST', '/privacy/access-requests', { customerEmail: email }, AGENT)).status).toBe(403);
    expect(await api('POST', '/privacy/access-requests', {})).toMatchObject({ status: 400, body: { code: 'EMAIL_REQUIRED' } });
    const res = await api('POST', '/privacy/access-requests', { customerEmail: email });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ customerEmail: email, operator: 'CH', generatedAt: expect.any(String), erasures: [] });
    expect(res.body.cases.map((x: { id: string }) => x.id).sort()).toEqual([a.id, b.id].sort());
    const ea = res.body.cases.find((x: { id: string }) => x.id === a.id);
    expect(ea).toMatchObject({
      direction: 'OUTGOING', status: 'RESOLVED', customer: { name: a.name, email, phone: expect.stringMatching(/^\+41/), preferredLanguage: 'de' },
      description: { text: a.text, language: 'de' }, resolution: { code: 'DELIVERED', note: { text: 'Found at the neighbour', language: 'en' } },
      messages: [{ kind: 'REPLY', body: { text: expect.stringMatching(/^Left with neighbour/) }, signedBy: expect.stringMatching(/^Nachbar/), outcome: 'DELIVERED_WITH_SIGNATURE' }],
      history: [{ action: 'OPENED', operatorCode: 'CH' }], alerts: [],
    });
    expect(res.body.cases.find((x: { id: string }) => x.id === b.id)).toMatchObject({ direction: 'INCOMING', alerts: [{ type: 'NEW_INQUIRY', payload: { customerLanguage: 'de' } }] });
    expect(JSON.stringify(res.body)).not.toContain(other.name);
    // The request is audited, the email is not.
    const [entry] = await ds.query(`SELECT principal_id, status, row_to_json(a)::text AS raw FROM audit_log a WHERE operation = 'exportCustomerData' ORDER BY id DESC LIMIT 1`);
    expect(entry).toMatchObject({ principal_id: 'dpo', status: 200 });
    expect(entry.raw).not.toContain(email);
  });
});
