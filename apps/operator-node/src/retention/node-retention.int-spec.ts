import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource, QueryRunner } from 'typeorm';
import { ManualClock, PruneInboxJob, PruneOutboxJob, RetentionJob, RetentionMetrics, RetentionRunner } from '@postbridge/platform';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { AddCaseClosedAt1763900001400 } from '../database/migrations/1763900001400-add-case-closed-at';
import { buildOperatorNodeDataSourceOptions } from '../database/operator-node-data-source';
import { validateEnv } from '@postbridge/platform';
import { OperatorNodeConfig } from '../config/operator-node.config';
import { CaseAnonymiser } from '../privacy/shared/case-anonymiser';
import { AnonymiseClosedCasesJob } from './anonymise-closed-cases.job';
import { ClearIdempotencyKeysJob } from './clear-idempotency-keys.job';
import { nodeRetentionJobs } from './node-retention.providers';
import { PruneAlertsJob } from './prune-alerts.job';
import { PruneCasePresenceJob } from './prune-case-presence.job';
import { PruneTrackingEventsJob } from './prune-tracking-events.job';
import { PruneTranslationsJob } from './prune-translations.job';

// The node's retention jobs on its real database, run by the RetentionRunner as the app runs them,
// on a ManualClock: rows past their period go, newer ones stay, batches are bounded, metrics count.

const DAY = 86_400_000;
const NOW = new Date('2027-06-01T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

let db: TestDatabase;
let ds: DataSource;
/** Every statement the runners' connections ran, in order, with its parameters. */
let statements: string[] = [];
let parameters: unknown[][] = [];

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = await new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false }).initialize();
  const create = ds.createQueryRunner.bind(ds);
  jest.spyOn(ds, 'createQueryRunner').mockImplementation((...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
    const runner = create(...args);
    const query = runner.query.bind(runner);
    runner.query = ((sql: string, params?: unknown[]) => {
      statements.push(sql.trim());
      parameters.push(params ?? []);
      return query(sql, params);
    }) as QueryRunner['query'];
    return runner;
  });
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

beforeEach(() => {
  statements = [];
  parameters = [];
});

function runnerFor(jobs: RetentionJob[], batchSize = 2, clock = new ManualClock(NOW)) {
  const registry = new Registry();
  const runner = new RetentionRunner(ds, clock, new RetentionMetrics(registry), jobs, { intervalMs: 0, batchSize });
  return { runner, registry, clock };
}

/** A counter's or gauge's value for exactly these labels (0 when the series has not counted yet). */
async function metric(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const { values } = await registry.getSingleMetric(name)!.get();
  const same = (l: Record<string, unknown>) => Object.keys(l).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => l[k] === v);
  return values.find((v) => same(v.labels))?.value ?? 0;
}

const deletes = (table: string) => statements.filter((s) => s.startsWith(`DELETE FROM ${table} `)).length;

/** `closedAt` (this node's time of the closing) defaults, for a closed case, to its resolution or last activity. */
async function insertCase(o: { status?: string; resolvedAt?: Date | null; closedAt?: Date; lastActivityAt?: Date; createdAt?: Date; idempotencyKey?: string | null; itemId?: string; name?: string } = {}): Promise<string> {
  const id = randomUUID();
  const closed = o.status === 'RESOLVED';
  const lastActivityAt = o.lastActivityAt ?? o.resolvedAt ?? ago(1);
  const closedAt = o.closedAt ?? (o.status === 'RESOLVED' || o.status === 'REFUSED' ? o.resolvedAt ?? lastActivityAt : null);
  await ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, reasons, origin_operator, destination_operator, status, customer_name, customer_email, customer_phone, customer_language,
                        description_text, description_language, opened_by_agent, opened_at, resolved_at, resolution_code, last_activity_at, version, idempotency_key, created_at, closed_at)
     VALUES ($1, $2, 'REGISTERED', 'FULL_INVESTIGATION', '{NOT_ARRIVED}', 'CH', 'US', $3, $4, 'kunde@example.org', '+41 79 555 00 00', 'de',
             'Paket nicht angekommen', 'de', 'anna', $5, $6, $7, $8, 3, $9, $5, $10)`,
    [id, o.itemId ?? 'RB123456785GB', o.status ?? 'OPEN', o.name ?? 'Erika Muster', o.createdAt ?? ago(400), o.resolvedAt ?? null, closed ? 'DELIVERED' : null, lastActivityAt, o.idempotencyKey ?? null, closedAt],
  );
  return id;
}

const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await ds.query(sql, params))[0].n);

describe('node retention jobs', () => {
  it('tracking events: older than the period go in batches, newer ones and those of an item with an open case stay', async () => {
    await ds.query(`DELETE FROM tracking_events`);
    await insertCase({ status: 'OPEN', itemId: 'CP000000001CH' });
    await insertCase({ status: 'RESOLVED', itemId: 'CP000000002CH', resolvedAt: ago(10) });
    const event = (item: string, receivedDaysAgo: number, n: number) =>
      ds.query(
        `INSERT INTO tracking_events (item_id, code, occurred_at, utc_offset_minutes, office, source_operator, received_at) VALUES ($1, 'EMA', $2, 60, 'CHZHA', 'CH', $3)`,
        [item, new Date(NOW.getTime() - receivedDaysAgo * DAY - n * 60_000), ago(receivedDaysAgo)],
      );
    for (let n = 0; n < 4; n++) await event('EE000000003CH', 366 + n, n);
    await event('CP000000002CH', 400, 0); // its case is closed: goes
    await event('CP000000001CH', 400, 1); // its case is open: stays
    await event('EE000000003CH', 364, 9); // inside the period: stays
    const { runner, registry } = runnerFor([new PruneTrackingEventsJob(365)], 2);

    await expect(runner.runOnce()).resolves.toEqual({ 'tracking-events': 'ran' });

    expect(await ds.query(`SELECT item_id FROM tracking_events ORDER BY item_id`)).toEqual([{ item_id: 'CP000000001CH' }, { item_id: 'EE000000003CH' }]);
    // 5 rows, 2 per statement: 2 + 2 + 1.
    expect(deletes('tracking_events')).toBe(3);
    expect(await metric(registry, 'postbridge_retention_rows_total', { job: 'tracking-events', action: 'deleted' })).toBe(5);
    expect(await metric(registry, 'postbridge_retention_last_success_timestamp_seconds', { job: 'tracking-events' })).toBe(NOW.getTime() / 1000);
    expect(await registry.metrics()).toMatch(/postbridge_retention_run_seconds_count\{job="tracking-events"\} 1/);
  });

  it('alerts, translations, presence leftovers, outbox and inbox: each after its own period; unsent outbox rows never', async () => {
    const caseId = await insertCase({ status: 'OPEN' });
    const alert = (daysAgo: number) => ds.query(`INSERT INTO node_alerts (type, case_id, item_id, audience, created_at) VALUES ('NEW_INQUIRY', $1, 'RB123456785GB', 'AGENTS', $2)`, [caseId, ago(daysAgo)]);
    for (const d of [91, 92, 93, 89]) await alert(d);
    const translation = (daysAgo: number) =>
      ds.query(`INSERT INTO text_translations (key, source_language, target_language, translated_text, provider, text_hash, created_at) VALUES ($1, 'de', 'en', 'Parcel not arrived', 'test', $2, $3)`, [
        randomUUID().replace(/-/g, ''),
        'a'.repeat(64),
        ago(daysAgo),
      ]);
    for (const d of [31, 45, 29]) await translation(d);
    const presence = (principal: string, expiredMsAgo: number) =>
      ds.query(`INSERT INTO case_presence (case_id, principal_id, display_name, activity, since, updated_at, expires_at) VALUES ($1, $2, 'Anna', 'VIEWING', $3, $3, $3)`, [caseId, principal, new Date(NOW.getTime() - expiredMsAgo)]);
    await presence('gone', 2 * 3_600_000);
    await presence('recent', 10 * 60_000);
    const outbox = (sentDaysAgo: number | null, createdDaysAgo: number) =>
      ds.query(`INSERT INTO outbox_messages (message_id, topic, message_key, payload, created_at, sent_at) VALUES ($1, 't', 'k', '\\x00', $2, $3)`, [randomUUID(), ago(createdDaysAgo), sentDaysAgo === null ? null : ago(sentDaysAgo)]);
    for (const [sent, created] of [[8, 8], [9, 9], [6, 6], [null, 20]] as const) await outbox(sent, created);
    const inbox = (daysAgo: number) => ds.query(`INSERT INTO inbox_messages (consumer, message_id, topic, kafka_partition, kafka_offset, received_at) VALUES ('node-CH', $1, 't', 0, 1, $2)`, [randomUUID(), ago(daysAgo)]);
    for (const d of [31, 40, 50, 29]) await inbox(d);
    const { runner, registry } = runnerFor([new PruneAlertsJob(90), new PruneTranslationsJob(30), new PruneCasePresenceJob(), new PruneOutboxJob(7), new PruneInboxJob(30)], 2);

    await runner.runOnce();

    expect(await count(`SELECT count(*) n FROM node_alerts`)).toBe(1);
    expect(await count(`SELECT count(*) n FROM text_translations`)).toBe(1);
    expect(await ds.query(`SELECT principal_id FROM case_presence`)).toEqual([{ principal_id: 'recent' }]);
    expect(await ds.query(`SELECT sent_at IS NULL AS unsent FROM outbox_messages ORDER BY id`)).toEqual([{ unsent: false }, { unsent: true }]);
    expect(await count(`SELECT count(*) n FROM inbox_messages`)).toBe(1);
    const rows = (job: string) => metric(registry, 'postbridge_retention_rows_total', { job, action: 'deleted' });
    expect([await rows('alerts'), await rows('translations'), await rows('case-presence'), await rows('outbox'), await rows('inbox')]).toEqual([3, 2, 1, 2, 3]);
    // 3 alerts with 2 per statement: 2 + 1; 2 outbox rows: 2 + 0 (a full batch asks once more).
    expect([deletes('node_alerts'), deletes('outbox_messages'), deletes('inbox_messages')]).toEqual([2, 2, 2]);
  });

  it('idempotency keys: cleared 24 hours after the case was opened, the case kept', async () => {
    const old = await insertCase({ createdAt: new Date(NOW.getTime() - 25 * 3_600_000), idempotencyKey: 'k'.repeat(64) });
    const fresh = await insertCase({ createdAt: new Date(NOW.getTime() - 23 * 3_600_000), idempotencyKey: 'f'.repeat(64) });
    const { runner, registry } = runnerFor([new ClearIdempotencyKeysJob()]);

    await runner.runOnce();

    expect(await ds.query(`SELECT id, idempotency_key FROM cases WHERE id = ANY($1::uuid[]) ORDER BY idempotency_key NULLS FIRST`, [[old, fresh]])).toEqual([
      { id: old, idempotency_key: null },
      { id: fresh, idempotency_key: 'f'.repeat(64) },
    ]);
    expect(await metric(registry, 'postbridge_retention_rows_total', { job: 'idempotency-keys', action: 'cleared' })).toBe(1);
  });

  it('closed cases: anonymised by the CaseAnonymiser once the clock passes the period, codes and timings kept; open cases never', async () => {
    await ds.query(`UPDATE cases SET personal_data_removed_at = $1, personal_data_removal = 'RETENTION'`, [ago(500)]); // earlier tests' cases out of the way
    const resolvedAt = ago(179);
    const resolved = await insertCase({ status: 'RESOLVED', resolvedAt, name: 'Zorbalina Quixtermann' });
    const refused = await insertCase({ status: 'REFUSED', lastActivityAt: ago(200), name: 'Refused Person' });
    const open = await insertCase({ status: 'OPEN', lastActivityAt: ago(400), name: 'Open Person' });
    const clock = new ManualClock(NOW);
    const { runner, registry } = runnerFor([new AnonymiseClosedCasesJob(180, new CaseAnonymiser())], 2, clock);
    const names = async () => Object.fromEntries((await ds.query(`SELECT id, customer_name FROM cases WHERE id = ANY($1::uuid[])`, [[resolved, refused, open]])).map((r: { id: string; customer_name: string }) => [r.id, r.customer_name]));

    await runner.runOnce();
    expect(await names()).toEqual({ [resolved]: 'Zorbalina Quixtermann', [refused]: '', [open]: 'Open Person' });

    clock.advance(2 * DAY);
    await runner.runOnce();

    expect(await names()).toEqual({ [resolved]: '', [refused]: '', [open]: 'Open Person' });
    const [row] = await ds.query(`SELECT status, resolution_code, resolved_at, customer_email, description_text, personal_data_removal, personal_data_removed_at FROM cases WHERE id = $1`, [resolved]);
    expect(row).toEqual({ status: 'RESOLVED', resolution_code: 'DELIVERED', resolved_at: resolvedAt, customer_email: null, description_text: '', personal_data_removal: 'RETENTION', personal_data_removed_at: clock.now() });
    expect(await metric(registry, 'postbridge_retention_rows_total', { job: 'closed-cases', action: 'anonymised' })).toBe(2);
  });

  it("closed cases: the period counts from when this node learned of the closing, not from the partner's clock", async () => {
    await ds.query(`UPDATE cases SET personal_data_removed_at = $1, personal_data_removal = 'RETENTION' WHERE personal_data_removed_at IS NULL`, [ago(500)]);
    // The partner's clock ran a year ahead: its resolved_at lies in the future; this node closed the case 181 days ago.
    const ahead = await insertCase({ status: 'RESOLVED', resolvedAt: ago(-365), closedAt: ago(181), lastActivityAt: ago(181), name: 'Partner Ahead' });
    // The partner's clock ran a year behind: its resolved_at is long past; this node closed the case 10 days ago.
    const behind = await insertCase({ status: 'RESOLVED', resolvedAt: ago(375), closedAt: ago(10), lastActivityAt: ago(10), name: 'Partner Behind' });
    const { runner } = runnerFor([new AnonymiseClosedCasesJob(180, new CaseAnonymiser())]);

    await runner.runOnce();

    expect(await ds.query(`SELECT customer_name, resolved_at FROM cases WHERE id = ANY($1::uuid[]) ORDER BY resolved_at`, [[ahead, behind]])).toEqual([
      { customer_name: 'Partner Behind', resolved_at: ago(375) },
      { customer_name: '', resolved_at: ago(-365) },
    ]);
  });

  it('migration AddCaseClosedAt: closed cases get their closing time as retention counted it before; open cases none; it may run again', async () => {
    const resolvedAt = ago(30);
    const resolved = await insertCase({ status: 'RESOLVED', resolvedAt, lastActivityAt: ago(20) });
    const refused = await insertCase({ status: 'REFUSED', lastActivityAt: ago(40) });
    const open = await insertCase({ status: 'OPEN' });
    await ds.query(`UPDATE cases SET closed_at = NULL WHERE id = ANY($1::uuid[])`, [[resolved, refused, open]]);
    const q = ds.createQueryRunner();
    try {
      await new AddCaseClosedAt1763900001400().up(q);
    } finally {
      await q.release();
    }
    const closedAt = async (id: string) => (await ds.query(`SELECT closed_at FROM cases WHERE id = $1`, [id]))[0].closed_at;
    expect([await closedAt(resolved), await closedAt(refused), await closedAt(open)]).toEqual([resolvedAt, ago(40), null]);
  });

  it('a replica holding a job\'s lock makes the others skip it; two runners at once count every row once', async () => {
    await ds.query(`DELETE FROM inbox_messages`);
    await ds.query(
      `INSERT INTO inbox_messages (consumer, message_id, topic, kafka_partition, kafka_offset, received_at) SELECT 'node-CH', gen_random_uuid(), 't', 0, g, $1 FROM generate_series(1, 3000) g`,
      [ago(60)],
    );
    const job = () => new PruneInboxJob(30);
    const other = await ds.createQueryRunner();
    await other.connect();
    await other.query(`SELECT pg_advisory_lock(x'50425254'::int, hashtext('inbox'))`);
    const a = runnerFor([job()], 100);
    await expect(a.runner.runOnce()).resolves.toEqual({ inbox: 'skipped' });
    expect(await count(`SELECT count(*) n FROM inbox_messages`)).toBe(3000);
    await other.query(`SELECT pg_advisory_unlock(x'50425254'::int, hashtext('inbox'))`);
    await other.release();

    const b = runnerFor([job()], 100);
    const outcomes = await Promise.all([a.runner.runOnce(), b.runner.runOnce()]);

    expect(outcomes.map((o) => o.inbox)).toContain('ran');
    expect(await count(`SELECT count(*) n FROM inbox_messages`)).toBe(0);
    const counted = (await metric(a.registry, 'postbridge_retention_rows_total', { job: 'inbox', action: 'deleted' })) + (await metric(b.registry, 'postbridge_retention_rows_total', { job: 'inbox', action: 'deleted' }));
    expect(counted).toBe(3000);
  });

  it('finds what each job takes through an index, not by reading its table', async () => {
    const config = validateEnv(OperatorNodeConfig, { OPERATOR_CODE: 'CH', OPERATOR_COUNTRY: 'CH', DATABASE_URL: 'postgres://x/y', KAFKA_BROKERS: 'localhost:9092', NETWORK_FILE: 'n.json', SIGNING_KEY_ID: 'k', OIDC_ISSUER: 'https://idp.example/realms/ch', OIDC_AUDIENCE: 'postbridge-ch' });
    const { runner } = runnerFor(nodeRetentionJobs(config, new CaseAnonymiser()), 2);
    await runner.runOnce();
    const selections = statements.map((sql, i) => ({ sql, params: parameters[i] })).filter((x) => x.sql.includes('ctid = ANY(ARRAY(') || x.sql.startsWith('SELECT id FROM cases'));
    expect(new Set(selections.map((x) => /^(?:DELETE FROM|UPDATE|SELECT id FROM) (\w+)/.exec(x.sql)![1]))).toEqual(new Set(['cases', 'tracking_events', 'node_alerts', 'text_translations', 'case_presence', 'outbox_messages', 'inbox_messages']));
    const q = await ds.createQueryRunner();
    try {
      await q.startTransaction();
      // Tiny test tables would be read whole anyway; forbidding that shows whether an index serves each statement.
      await q.query(`SET LOCAL enable_seqscan = off`);
      for (const { sql, params } of selections) {
        const plan = (await q.query(`EXPLAIN ${sql}`, params)).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
        expect({ sql, plan }).toEqual({ sql, plan: expect.not.stringMatching(/Seq Scan on (cases|tracking_events|node_alerts|text_translations|case_presence|outbox_messages|inbox_messages)\b/) });
      }
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('the configured periods and their defaults reach the jobs, in the order of a pass', () => {
    const env = { OPERATOR_CODE: 'CH', OPERATOR_COUNTRY: 'CH', DATABASE_URL: 'postgres://x/y', KAFKA_BROKERS: 'localhost:9092', NETWORK_FILE: 'n.json', SIGNING_KEY_ID: 'k', OIDC_ISSUER: 'https://idp.example/realms/ch', OIDC_AUDIENCE: 'postbridge-ch' };
    const defaults = validateEnv(OperatorNodeConfig, env);
    expect([defaults.RETENTION_RESOLVED_CASE_DAYS, defaults.RETENTION_TRACKING_EVENT_DAYS, defaults.RETENTION_ALERT_DAYS, defaults.RETENTION_TRANSLATION_DAYS, defaults.RETENTION_OUTBOX_DAYS, defaults.RETENTION_INBOX_DAYS, defaults.RETENTION_INTERVAL_MINUTES, defaults.RETENTION_BATCH_SIZE]).toEqual([180, 365, 90, 30, 7, 30, 60, 1000]);
    const set = validateEnv(OperatorNodeConfig, { ...env, RETENTION_RESOLVED_CASE_DAYS: '30', RETENTION_INBOX_DAYS: '60' });
    const jobs = nodeRetentionJobs(set, new CaseAnonymiser()) as Array<RetentionJob & { days?: number }>;
    expect(jobs.map((j) => [j.name, j.days ?? null])).toEqual([
      ['closed-cases', 30],
      ['tracking-events', 365],
      ['alerts', 90],
      ['translations', 30],
      ['idempotency-keys', null],
      ['case-presence', null],
      ['outbox', 7],
      ['inbox', 60],
    ]);
    expect(() => validateEnv(OperatorNodeConfig, { ...env, RETENTION_ALERT_DAYS: '0' })).toThrow(/RETENTION_ALERT_DAYS/);
  });
});
