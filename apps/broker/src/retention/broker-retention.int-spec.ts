import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource, QueryRunner } from 'typeorm';
import { ManualClock, RetentionJob, RetentionMetrics, RetentionRunner, validateEnv } from '@postbridge/platform';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { BrokerConfig } from '../config/broker.config';
import { buildBrokerDataSourceOptions } from '../database/broker-data-source';
import { brokerRetentionJobs } from './retention.module';

// The broker's retention jobs on its real database, on a ManualClock: held tracking events, routes
// and customs scans past their periods go (unless a case about the item is open), outbox and inbox
// too; the case index, deadlines and response facts are never touched.

const DAY = 86_400_000;
const NOW = new Date('2027-06-01T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

let db: TestDatabase;
let ds: DataSource;

const ENV = { DATABASE_URL: 'postgres://x/y', KAFKA_BROKERS: 'localhost:9092', NETWORK_FILE: 'n.json', SIGNING_KEY_ID: 'k', OIDC_ISSUER: 'https://idp.example/realms/hub', OIDC_AUDIENCE: 'postbridge-broker' };

beforeAll(async () => {
  db = await createTestDatabase('broker');
  ds = await new DataSource({ ...buildBrokerDataSourceOptions(db.url), migrationsRun: false }).initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const rows = async (sql: string): Promise<unknown[]> => ds.query(sql);

async function liveDeadline(itemId: string, closedAt: Date | null): Promise<void> {
  await ds.query(
    `INSERT INTO case_deadlines (case_id, item_id, network, origin_operator, responder_operator, inquiry_type, product_family, round, target_value, target_unit, target_ms,
                                 reminder_lead_ms, reminder_interval_ms, reminders_before_escalation, started_at, state, last_event, sequence, closed_at)
     VALUES ($1, $2, 'UPU', 'CH', 'US', 'FULL_INVESTIGATION', 'REGISTERED', 1, 5, 'WORKING_DAYS', 1, 1, 1, 1, $3, $4, 'STARTED', 1, $5)`,
    [randomUUID(), itemId, ago(500), closedAt ? 'MET' : 'RUNNING', closedAt],
  );
}

describe('broker retention jobs', () => {
  it('prune held tracking events, routes and customs scans after their periods, keep those of an item with an open case, and the outbox and inbox', async () => {
    const held = (item: string, daysAgo: number) => ds.query(`INSERT INTO pending_tracking_events (item_id, sender_operator, event, received_at) VALUES ($1, 'US', '\\x0a', $2)`, [item, ago(daysAgo)]);
    for (const d of [191, 200, 250]) await held('EE000000001US', d);
    await held('EE000000002US', 189);
    const route = (item: string, daysAgo: number) => ds.query(`INSERT INTO tracking_routes (item_id, origin_operator, destination_operator, updated_at) VALUES ($1, 'CH', 'US', $2)`, [item, ago(daysAgo)]);
    const customs = (item: string, daysAgo: number) => ds.query(`INSERT INTO item_customs_events (item_id, code, occurred_at, received_at) VALUES ($1, 'EME', $2, $2)`, [item, ago(daysAgo)]);
    await route('RR000000001CH', 400); // old, its case closed: goes
    await route('RR000000002CH', 400); // old, its case open: stays
    await route('RR000000003CH', 300); // recent: stays
    await liveDeadline('RR000000001CH', ago(380));
    await liveDeadline('RR000000002CH', null);
    await customs('RR000000001CH', 400);
    await customs('RR000000002CH', 400);
    await ds.query(`INSERT INTO outbox_messages (message_id, topic, payload, created_at, sent_at) VALUES ($1, 't', '\\x00', $2, $2), ($3, 't', '\\x00', $2, NULL)`, [randomUUID(), ago(30), randomUUID()]);
    await ds.query(`INSERT INTO inbox_messages (consumer, message_id, topic, kafka_partition, kafka_offset, received_at) VALUES ('broker', $1, 't', 0, 1, $2), ('broker', $3, 't', 0, 2, $4)`, [randomUUID(), ago(31), randomUUID(), ago(1)]);
    await ds.query(
      `INSERT INTO case_index (case_id, item_id, inquiry_type, origin_operator, destination_operator, status, opened_at, last_message_type, last_message_at, resolved_at, resolution_code)
       VALUES ($1, 'RR000000001CH', 'FULL_INVESTIGATION', 'CH', 'US', 'RESOLVED', $2, 'case.resolved', $2, $2, 'DELIVERED')`,
      [randomUUID(), ago(900)],
    );
    const registry = new Registry();
    const runner = new RetentionRunner(ds, new ManualClock(NOW), new RetentionMetrics(registry), brokerRetentionJobs(validateEnv(BrokerConfig, ENV)), { intervalMs: 0, batchSize: 2 });

    await expect(runner.runOnce()).resolves.toEqual({ 'pending-tracking-events': 'ran', 'tracking-routes': 'ran', outbox: 'ran', inbox: 'ran' });

    expect(await rows(`SELECT item_id FROM pending_tracking_events`)).toEqual([{ item_id: 'EE000000002US' }]);
    expect(await rows(`SELECT item_id FROM tracking_routes ORDER BY item_id`)).toEqual([{ item_id: 'RR000000002CH' }, { item_id: 'RR000000003CH' }]);
    expect(await rows(`SELECT item_id FROM item_customs_events`)).toEqual([{ item_id: 'RR000000002CH' }]);
    expect(await rows(`SELECT sent_at IS NULL AS unsent FROM outbox_messages`)).toEqual([{ unsent: true }]);
    expect(await rows(`SELECT count(*)::int AS n FROM inbox_messages`)).toEqual([{ n: 1 }]);
    // Reports' data stays, however old.
    expect(await rows(`SELECT count(*)::int AS n FROM case_index`)).toEqual([{ n: 1 }]);
    expect(await rows(`SELECT count(*)::int AS n FROM case_deadlines`)).toEqual([{ n: 2 }]);
    const text = await registry.metrics();
    expect(text).toContain('postbridge_retention_rows_total{job="pending-tracking-events",action="deleted"} 3');
    expect(text).toContain('postbridge_retention_rows_total{job="tracking-routes",action="deleted"} 2');
    expect(text).toContain(`postbridge_retention_last_success_timestamp_seconds{job="inbox"} ${NOW.getTime() / 1000}`);
  });

  it('finds what each job takes through an index, not by reading its table', async () => {
    const seen: Array<{ sql: string; params: unknown[] }> = [];
    const create = ds.createQueryRunner.bind(ds);
    const spy = jest.spyOn(ds, 'createQueryRunner').mockImplementation((...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
      const runner = create(...args);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, params?: unknown[]) => {
        seen.push({ sql, params: params ?? [] });
        return query(sql, params);
      }) as QueryRunner['query'];
      return runner;
    });
    try {
      await new RetentionRunner(ds, new ManualClock(NOW), new RetentionMetrics(new Registry()), brokerRetentionJobs(validateEnv(BrokerConfig, ENV)), { intervalMs: 0, batchSize: 2 }).runOnce();
    } finally {
      spy.mockRestore();
    }
    const selections = seen.filter((x) => x.sql.includes('ctid = ANY(ARRAY('));
    expect(new Set(selections.map((x) => /^DELETE FROM (\w+)/.exec(x.sql)![1]))).toEqual(new Set(['pending_tracking_events', 'tracking_routes', 'item_customs_events', 'outbox_messages', 'inbox_messages']));
    const q = ds.createQueryRunner();
    try {
      await q.startTransaction();
      // Tiny test tables would be read whole anyway; forbidding that shows whether an index serves each statement.
      await q.query(`SET LOCAL enable_seqscan = off`);
      for (const { sql, params } of selections) {
        const plan = (await q.query(`EXPLAIN ${sql}`, params)).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
        expect({ sql, plan }).toEqual({ sql, plan: expect.not.stringMatching(/Seq Scan on (pending_tracking_events|tracking_routes|item_customs_events|case_deadlines|outbox_messages|inbox_messages)\b/) });
      }
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('keeps the customer out of the case index: its columns are codes, ids and timings', async () => {
    const columns: Array<{ column_name: string }> = await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name IN ('case_index', 'case_deadlines', 'response_facts') ORDER BY 1`);
    expect(columns.map((c) => c.column_name).filter((c) => /customer|name|email|phone|description|text|note|body|address/.test(c))).toEqual([]);
  });

  it('takes its periods from the environment, with documented defaults', () => {
    const defaults = validateEnv(BrokerConfig, ENV);
    expect([defaults.RETENTION_PENDING_TRACKING_EVENT_DAYS, defaults.RETENTION_TRACKING_ROUTE_DAYS, defaults.RETENTION_OUTBOX_DAYS, defaults.RETENTION_INBOX_DAYS]).toEqual([190, 365, 7, 30]);
    const jobs = brokerRetentionJobs(validateEnv(BrokerConfig, { ...ENV, RETENTION_PENDING_TRACKING_EVENT_DAYS: '30' })) as Array<RetentionJob & { days: number }>;
    expect(jobs.map((j) => [j.name, j.days])).toEqual([['pending-tracking-events', 30], ['tracking-routes', 365], ['outbox', 7], ['inbox', 30]]);
  });
});
