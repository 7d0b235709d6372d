import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { buildOperatorNodeDataSourceOptions } from '../database/operator-node-data-source';
import { readerOf } from '../i18n/reader';
import { ListAlertsHttpController } from './list-alerts/list-alerts.http.controller';
import { ListAlertsQuery } from './list-alerts/list-alerts.query.dto';
import { NewAlert, StoredAlert } from './shared/alert';
import { AlertFilterQuery } from './shared/alert-filter.query.dto';
import { AlertListener, AlertListenerOptions } from './shared/alert-listener';
import { AlertWriter } from './shared/alert-writer';
import { TypeOrmAlertRepository } from './shared/alert.repository.typeorm';
import { AlertStreamOptions, AlertStreams } from './stream-alerts/alert-streams';
import { StreamAlertsHttpController } from './stream-alerts/stream-alerts.http.controller';
import { FakeSseResponse } from '../../../../test/support/fake-sse-response';

// Alert ids are bigints handed around as decimal strings. On a fresh database they cross 9 → 10,
// 99 → 100, 999 → 1000 (and, after a jump of the sequence, 9999 → 10000): every reader must keep
// to numeric order there, where text order would put 10 before 9 and 100 before 11. Checked on
// a real database through the REST paging and latest reads, the listener and a live SSE client,
// and SSE resumes from Last-Event-ID / since.

jest.setTimeout(60_000);

let db: TestDatabase;
let ds: DataSource;
let listener: AlertListener;
let streams: AlertStreams;
let list: ListAlertsHttpController;
let stream: StreamAlertsHttpController;
let caseId: string;
const writer = new AlertWriter();
const reader = readerOf({ node: { languages: ['de'], timeZone: 'Europe/Zurich' }, acceptLanguage: 'de' });
/** Every id the listener passed on, in the order it did. */
const heard: string[] = [];
/** Every id committed, as the writer returned them. */
const committed: string[] = [];
const responses: FakeSseResponse[] = [];
let live: FakeSseResponse;


/** Re-checks until `check` holds; fails with `what` after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const numeric = (ids: readonly string[]) => [...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
/**
 * How `got` differs from `want` (ids in numeric order), short enough to read in a failure:
 * ids missing, ids sent more than once, and the first place the order goes wrong.
 */
function differences(got: readonly string[], want: readonly string[]) {
  const seen = new Map<string, number>();
  for (const id of got) seen.set(id, (seen.get(id) ?? 0) + 1);
  const wanted = new Set(want);
  const firstOutOfOrder = got.findIndex((id, i) => i > 0 && BigInt(id) <= BigInt(got[i - 1]));
  return {
    missing: want.filter((id) => !seen.has(id)).slice(0, 20),
    repeated: [...seen].filter(([, n]) => n > 1).map(([id]) => id).slice(0, 20),
    unexpected: got.filter((id) => !wanted.has(id)).slice(0, 20),
    outOfOrder: firstOutOfOrder < 0 ? null : got.slice(Math.max(0, firstOutOfOrder - 2), firstOutOfOrder + 3),
  };
}
const NONE = { missing: [], repeated: [], unexpected: [], outOfOrder: null };
/** `got` is exactly `want`: first the short account of any difference, then the lists themselves. */
function expectIds(got: readonly string[], want: readonly string[]): void {
  expect(differences(got, want)).toEqual(NONE);
  expect(got).toEqual(want);
}
const after = (since: number) => numeric(committed).filter((id) => BigInt(id) > BigInt(since));
const alert = (n: number): NewAlert => ({ type: 'NEW_INQUIRY', caseId, itemId: 'RB123456785GB', audience: 'AGENTS', assignee: null, payload: { n } });
let made = 0;
/** One transaction raising `count` alerts. */
async function raise(count: number): Promise<string[]> {
  const alerts = Array.from({ length: count }, () => alert(++made));
  const ids = await ds.transaction((tx) => writer.raise(tx, ...alerts));
  committed.push(...ids);
  return ids;
}

const listQuery = (o: { since?: string; limit?: number }) => Object.assign(new ListAlertsQuery(), o);
const streamQuery = (since?: string) => Object.assign(new AlertFilterQuery(), since === undefined ? {} : { since });

/** Opens an SSE client through the controller, as a request with these headers and query would; resolves once its replay is done. */
async function openStream(o: { lastEventId?: string; since?: string } = {}): Promise<FakeSseResponse> {
  const res = new FakeSseResponse();
  responses.push(res);
  const reply = { hijack: () => undefined, getHeaders: () => ({}), raw: res as unknown as ServerResponse };
  await stream.streamAlerts(streamQuery(o.since), o.lastEventId, reply, reader, { id: `agent-${responses.length}`, displayName: 'Agent', roles: new Set(['agent']), clientId: 'console', operator: null, via: 'bearer' });
  return res;
}

/** Pages through GET /alerts?since=0&limit=… the way a client does, following nextSince while hasMore. */
async function pageAll(limit: number, since = '0'): Promise<{ ids: string[]; cursors: string[] }> {
  const ids: string[] = [];
  const cursors: string[] = [];
  for (let pages = 0; ; pages++) {
    if (pages > 10_000) throw new Error('paging does not end');
    const page = await list.listAlerts(listQuery({ since, limit }), reader);
    ids.push(...page.items.map((a) => a.id));
    cursors.push(page.nextSince);
    if (!page.hasMore) return { ids, cursors };
    since = page.nextSince;
  }
}

const latestIds = async (limit: number) => (await list.listAlerts(listQuery({ limit }), reader)).items.map((a) => a.id);

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = await new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false }).initialize();
  caseId = randomUUID();
  await ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, description_text, description_language, opened_by_agent, opened_at, last_activity_at, version)
     VALUES ($1, 'RB123456785GB', 'REGISTERED', 'GENERIC', 'CH', 'US', 'OPEN', 'Jane', 'x', 'en', 'anna', now(), now(), 1)`,
    [caseId],
  );
  const repository = new TypeOrmAlertRepository(ds);
  listener = new AlertListener(new AlertListenerOptions(db.url, `alert-order-it-${randomUUID().slice(0, 8)}`, 20, 200));
  listener.alerts$.subscribe((a: StoredAlert) => heard.push(a.id));
  await listener.start();
  streams = new AlertStreams(listener, repository, new AlertStreamOptions(60_000));
  list = new ListAlertsHttpController(repository);
  stream = new StreamAlertsHttpController(streams);
});

afterAll(async () => {
  for (const res of responses) res.emit('close');
  streams?.beforeApplicationShutdown();
  await listener?.stop();
  await ds?.destroy();
  await db?.drop();
});

describe('alert ids in numeric order across 9 → 10, 99 → 100 and 999 → 1000', () => {
  /** What latest(limit) answered after each step, and what it should have. */
  const latest: Array<{ step: string; got: string[]; want: string[] }> = [];
  const checkLatest = async (step: string, want: string[]) => latest.push({ step, got: await latestIds(want.length), want });

  // A live client connects first; then alerts commit across the boundaries in several ways.
  beforeAll(async () => {
    expect(listener.connected).toBe(true);
    expect(listener.lastSeenId).toBe('0');
    live = await openStream();
    for (let i = 0; i < 7; i++) await raise(1); // 1..7
    await checkLatest('1..7', ['5', '6', '7']);
    await raise(5); // 8..12: 9 → 10 inside one transaction
    await checkLatest('8..12', range(8, 12));
    await raise(85); // 13..97
    // Single-alert transactions racing each other across 99 → 100 (the writer's lock orders them).
    await Promise.all(Array.from({ length: 6 }, () => raise(1))); // 98..103
    await checkLatest('98..103', range(100, 103));
    await raise(893); // 104..996: more than the listener's page of 500 at once
    await raise(6); // 997..1002: 999 → 1000 inside one transaction
    await checkLatest('997..1002', range(998, 1002));
    for (let i = 0; i < 3; i++) await raise(1); // 1003..1005
    await checkLatest('1003..1005', range(1001, 1005));
    await checkLatest('1003..1005', ['1005']);
    await until(() => live.ids.includes('1005') && heard.includes('1005'), 'alert 1005 on the live stream');
  });

  it('committed ids 1..1005 (a fresh database)', () => {
    expectIds(numeric(committed), range(1, 1005));
  });

  it('streams every alert live, once each and in order, none dropped at the boundaries', () => {
    expect({ listener: differences(heard, range(1, 1005)), stream: differences(live.ids, range(1, 1005)) }).toEqual({ listener: NONE, stream: NONE });
    expectIds(heard, range(1, 1005));
    expectIds(live.ids, range(1, 1005));
    expect(listener.lastSeenId).toBe('1005');
  });

  it('answers latest(limit) (GET /alerts?limit=…) with the newest alerts, oldest first', () => {
    expect(latest.map(({ step, got }) => ({ step, got }))).toEqual(latest.map(({ step, want }) => ({ step, got: want })));
  });

  it('pages GET /alerts?since=…&limit=… through every alert exactly once, in numeric order', async () => {
    for (const limit of [50, 7, 500, 1]) {
      const { ids, cursors } = await pageAll(limit);
      expectIds(ids, range(1, 1005));
      // nextSince is the last id of each page and only moves forward.
      expect(cursors.every((c, i) => i === 0 || BigInt(c) >= BigInt(cursors[i - 1]))).toBe(true);
      expect(cursors[cursors.length - 1]).toBe('1005');
    }
    for (const since of [9, 99, 999]) {
      const page = await list.listAlerts(listQuery({ since: String(since), limit: 3 }), reader);
      expect(page.items.map((a) => a.id)).toEqual(range(since + 1, since + 3));
      expect(page).toMatchObject({ nextSince: String(since + 3), hasMore: true });
    }
    expect(await list.listAlerts(listQuery({ since: '1005', limit: 5 }), reader)).toEqual({ items: [], nextSince: '1005', hasMore: false });
  });

  it('replays exactly the alerts after Last-Event-ID or ?since= 9, 99 and 999, in order', async () => {
    for (const since of ['9', '99', '999']) {
      const byHeader = await openStream({ lastEventId: since });
      expectIds(byHeader.ids, after(Number(since)));
      const byQuery = await openStream({ since });
      expectIds(byQuery.ids, after(Number(since)));
    }
    // Last-Event-ID wins over ?since=.
    expectIds((await openStream({ lastEventId: '99', since: '9' })).ids, range(100, 1005));
    expect((await openStream({ lastEventId: '1005' })).ids).toEqual([]);
  });

  it('keeps numeric order across 9999 → 10000 after a jump of the sequence, for resumed, live and paging readers', async () => {
    const resumed = await openStream({ lastEventId: '999' });
    expect(resumed.ids).toEqual(range(1000, 1005));
    await ds.query(`SELECT setval(pg_get_serial_sequence('node_alerts', 'id'), 9996)`);
    expect(await raise(5)).toEqual(range(9997, 10001)); // 9999 → 10000 inside one transaction
    await raise(1); // 10002
    const expected = [...range(1, 1005), ...range(9997, 10002)];
    await until(() => resumed.ids.includes('10002') && live.ids.includes('10002'), 'alert 10002 on the streams');
    expect(resumed.ids).toEqual([...range(1000, 1005), ...range(9997, 10002)]);
    expectIds(live.ids, expected);
    expectIds(heard, expected);
    expect(listener.lastSeenId).toBe('10002');
    expectIds((await pageAll(50)).ids, expected);
    expect((await pageAll(4, '1003')).ids).toEqual(['1004', '1005', ...range(9997, 10002)]);
    expect(await latestIds(4)).toEqual(range(9999, 10002));
    expect((await openStream({ since: '9999' })).ids).toEqual(['10000', '10001', '10002']);
  });
});
