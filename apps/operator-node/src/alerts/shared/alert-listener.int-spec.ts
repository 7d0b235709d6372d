import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { createTestDatabase, databaseServerUrl, TestDatabase } from '../../../../../test/harness/database';
import { buildOperatorNodeDataSourceOptions } from '../../database/operator-node-data-source';
import { AlertListener, AlertListenerEvent, AlertListenerOptions } from './alert-listener';
import { NewAlert, StoredAlert } from './alert';
import { AlertWriter } from './alert-writer';

// The writer and the listener against a real database: alerts exist only if their transaction
// commits, ids follow commit order, and the listener catches up by id after losing its connection.

let db: TestDatabase;
let ds: DataSource;
let listener: AlertListener;
const writer = new AlertWriter();
const received: StoredAlert[] = [];
const events: AlertListenerEvent[] = [];
const APP = `alerts-it-${randomUUID().slice(0, 8)}`;

/** Waits for a condition by re-checking it; fails with `what` after `timeoutMs`. */
async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let caseId: string;
const alert = (marker: string): NewAlert => ({ type: 'NEW_INQUIRY', caseId, itemId: 'RB123456785GB', audience: 'AGENTS', assignee: null, payload: { marker } });
const markers = () => received.map((a) => a.payload.marker);
const raise = (...marks: string[]) => ds.transaction((tx) => writer.raise(tx, ...marks.map(alert)));

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: databaseServerUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = await new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false }).initialize();
  caseId = randomUUID();
  await ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, description_text, description_language, opened_by_agent, opened_at, last_activity_at, version)
     VALUES ($1, 'RB123456785GB', 'REGISTERED', 'GENERIC', 'CH', 'US', 'OPEN', 'Jane', 'x', 'en', 'anna', now(), now(), 1)`,
    [caseId],
  );
  await raise('before-start');
  listener = new AlertListener(new AlertListenerOptions(db.url, APP, 20, 200));
  listener.alerts$.subscribe((a) => received.push(a));
  listener.events$.subscribe((e) => events.push(e));
  await listener.start();
});

afterAll(async () => {
  await listener?.stop();
  await admin((c) => c.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`)).catch(() => undefined);
  await ds?.destroy();
  await db?.drop();
});

describe('AlertWriter and AlertListener', () => {
  it('passes on committed alerts once each, in order, and never those of a rolled-back change', async () => {
    expect(listener.connected).toBe(true);
    await raise('a1');
    await expect(ds.transaction(async (tx) => {
      await writer.raise(tx, alert('rolled-back'));
      throw new Error('the effect failed');
    })).rejects.toThrow('the effect failed');
    await raise('a2', 'a3');
    await until(() => markers().includes('a3'), 'a3');
    // Alerts from before the listener started are not replayed live (SSE clients replay by id).
    expect(markers()).toEqual(['a1', 'a2', 'a3']);
    const ids = received.map((a) => BigInt(a.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(received[0]).toMatchObject({ type: 'NEW_INQUIRY', caseId, itemId: 'RB123456785GB', audience: 'AGENTS', assignee: null });
    expect(received[0].createdAt).toBeInstanceOf(Date);
    expect(await ds.query(`SELECT count(*)::int AS n FROM node_alerts WHERE payload->>'marker' = 'rolled-back'`)).toEqual([{ n: 0 }]);
  });

  it('makes a second alert transaction wait for the first to commit, so ids follow commit order', async () => {
    const first: QueryRunner = ds.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    const [firstId] = await writer.raise(first.manager, alert('first'));
    let secondDone = false;
    const second = raise('second').then((ids) => {
      secondDone = true;
      return ids;
    });
    // The second writer queues on the alert lock held by the uncommitted first one.
    await until(async () => (await ds.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`))[0].n > 0, 'the second writer to wait');
    expect(secondDone).toBe(false);
    await first.commitTransaction();
    await first.release();
    const [secondId] = await second;
    expect(BigInt(secondId)).toBeGreaterThan(BigInt(firstId));
    await until(() => markers().includes('second'), 'the second alert');
    expect(markers().slice(-2)).toEqual(['first', 'second']);
  });

  it('reconnects after losing its connection and catches up by id on what committed meanwhile', async () => {
    // A connection of the test's own, opened before the database stops accepting new ones.
    const held: QueryRunner = ds.createQueryRunner();
    await held.connect();
    const lostBefore = events.filter((e) => e.type === 'lost').length;
    const retriesBefore = events.filter((e) => e.type === 'retry-failed').length;
    await admin(async (c) => {
      await c.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
      await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`, [db.name, APP]);
    });
    await until(() => events.filter((e) => e.type === 'lost').length > lostBefore, 'the listener to notice');
    expect(listener.connected).toBe(false);
    // Committed while nobody listens: its notification is lost for good.
    await held.startTransaction();
    await writer.raise(held.manager as EntityManager, alert('while-down'));
    await held.commitTransaction();
    await held.release();
    await until(() => events.filter((e) => e.type === 'retry-failed').length > retriesBefore, 'a failed reconnect');
    expect(markers()).not.toContain('while-down');

    await admin((c) => c.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`));
    await until(() => markers().includes('while-down'), 'the alert committed while the listener was down', 15_000);
    expect(events[events.length - 1]).toEqual({ type: 'connected' });
    await raise('after');
    await until(() => markers().includes('after'), 'a live alert after the reconnect');
    expect(markers().filter((m) => m === 'while-down')).toHaveLength(1);
    expect(markers().slice(-2)).toEqual(['while-down', 'after']);
  });
});
