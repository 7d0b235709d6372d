import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { fromBinary } from '@bufbuild/protobuf';
import { decodeTrackingBatch, SignedMessageSchema, TopicNames } from '@postbridge/contracts';
import { TrackingEventInput } from '@postbridge/domain';
import { OutboxRelay, OutboxWriter, UnitOfWork } from '@postbridge/messaging';
import { createTestDatabase, TestDatabase } from '../../../../../test/harness/database';
import { AlertWriter } from '../../alerts/shared/alert-writer';
import { CaseEntity } from '../../cases/shared/case.entity';
import { TypeOrmCaseRepository } from '../../cases/shared/case.repository.typeorm';
import { buildOperatorNodeDataSourceOptions } from '../../database/operator-node-data-source';
import { NodeContext } from '../../node-context';
import { CaseTrackingUpdater } from '../shared/case-tracking-updater';
import { TypeOrmTrackedCaseRepository } from '../shared/tracked-case.repository.typeorm';
import { TrackingEventRecorder } from '../shared/tracking-event-recorder';
import { TypeOrmTrackingEventRepository } from '../shared/tracking-event.repository.typeorm';
import { TrackingMetrics } from '../shared/tracking.metrics';
import { IngestTrackingEventsService } from './ingest-tracking-events.service';
import { newItemId } from '../../../../../test/support/s10-items';
import { throwawaySigner } from '@postbridge/dev-infra';
import { testLog } from '../../../../../test/harness/test-log';

// The ingest service against a real database with the real outbox writer: what REST (and the
// Kafka feed) run, minus the transport.

const topics = new TopicNames('pbit');
const node = new NodeContext('CH', 'Swiss Post', 'CH', 'Europe/Zurich', ['de'], topics);
let db: TestDatabase;
let ds: DataSource;
let service: IngestTrackingEventsService;
let metrics: TrackingMetrics;

const HOUR = 3600_000;
const newItem = (country = 'CH') => newItemId(country);
/** `hoursAgo` before now, written with a +01:00 offset as a Swiss scanner would. */
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR + HOUR).toISOString().replace('Z', '+01:00');
const ev = (itemId: string, code: string, hoursAgo: number, office = 'CHZRHA', extra: Partial<TrackingEventInput> = {}): TrackingEventInput => ({ itemId, code, occurredAt: at(hoursAgo), office, ...extra });

const outboxRows = async (since: number) =>
  (await ds.query(`SELECT id, topic, message_key, payload, headers->>'pb-type' AS type FROM outbox_messages WHERE id > $1 ORDER BY id`, [since])) as Array<{ id: string; topic: string; message_key: string; payload: Buffer; type: string }>;
/** The batch inside a signed outbox payload. */
const batchOf = (payload: Buffer) => decodeTrackingBatch(fromBinary(SignedMessageSchema, payload).payload);
const lastOutboxId = async () => Number((await ds.query(`SELECT coalesce(max(id), 0) AS m FROM outbox_messages`))[0].m);
const storedOf = async (itemId: string) => (await ds.query(`SELECT code, source_operator, location FROM tracking_events WHERE item_id = $1 ORDER BY occurred_at`, [itemId])) as Array<{ code: string; source_operator: string; location: string | null }>;
const caseAt = (id: string) => ds.manager.findOneByOrFail(CaseEntity, { id });
const historyOf = async (id: string) => (await ds.query(`SELECT action, operator_code, from_status, to_status, detail FROM case_history WHERE case_id = $1 ORDER BY id`, [id])) as Array<{ action: string; operator_code: string; from_status: string; to_status: string; detail: any }>;

const alertsOf = async (caseId: string) =>
  (await ds.query(`SELECT type, audience, payload FROM node_alerts WHERE case_id = $1 ORDER BY id`, [caseId])) as Array<{ type: string; audience: string; payload: any }>;

const insertCase = async (itemId: string, status: string, origin = 'CH', destination = 'US') => {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, description_text, description_language, opened_by_agent, opened_at, last_activity_at, version)
     VALUES ($1, $2, 'REGISTERED', 'FULL_INVESTIGATION', $3, $4, $5, 'Jane', 'x', 'en', 'anna', now() - interval '1 day', now() - interval '1 day', 3)`,
    [id, itemId, origin, destination, status],
  );
  return id;
};

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false });
  await ds.initialize();
  const events = new TypeOrmTrackingEventRepository(ds);
  const updater = new CaseTrackingUpdater(node, new TypeOrmTrackedCaseRepository(), events, new TypeOrmCaseRepository(ds), new AlertWriter());
  const relay = { wake: () => undefined } as unknown as OutboxRelay;
  metrics = new TrackingMetrics(new Registry());
  service = new IngestTrackingEventsService(node, new TrackingEventRecorder(events, updater), new UnitOfWork(ds, new OutboxWriter(throwawaySigner('CH')), relay), metrics);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('IngestTrackingEventsService', () => {
  it('keeps the good events of a mixed batch, reports each bad one with its index and codes, and forwards exactly the new events', async () => {
    const item = newItem();
    const other = newItem('US');
    const since = await lastOutboxId();
    const posted = ev(item, 'EMA', 48, 'CHZRHA', { location: 'Zürich' });
    const result = await service.execute([
      posted,
      ev('RB123456786GB', 'EMA', 48), // bad check digit
      ev(item, 'emc', 30, 'CHZRHA', { destinationCountry: 'us' }), // lower case is normalised; the despatch names the destination
      ev(item, 'XYZ', -3), // unknown code and 3 h in the future: both reported
      { ...posted, location: null }, // the same scan again, within the batch
      ev(other, 'EMH', 5, 'USNYCA', { nonDeliveryReason: '11', nonDeliveryAction: 'A' }),
      ev(other, 'EMD', 6, 'USJFKA', { nonDeliveryReason: '11' }), // reason only allowed on EMH
      ev(item, 'EMB', 40, 'CHZRH'), // office too short
    ]);

    expect(result.accepted).toBe(3);
    expect(result.duplicates).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.errors.map((e) => `${e.field}:${e.code}`)])).toEqual([
      [1, ['itemId:INVALID_ITEM_ID']],
      [3, ['code:UNKNOWN_EVENT_CODE', 'occurredAt:FUTURE_TIMESTAMP']],
      [6, ['nonDeliveryReason:INVALID_NON_DELIVERY_FIELDS']],
      [7, ['office:INVALID_OFFICE']],
    ]);
    expect(result.rejected[0].errors[0].message).toEqual(expect.any(String));
    expect(await storedOf(item)).toEqual([
      { code: 'EMA', source_operator: 'CH', location: 'Zürich' },
      { code: 'EMC', source_operator: 'CH', location: null },
    ]);

    const rows = await outboxRows(since);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'tracking.batch', topic: 'pbit.op.CH.tracking.out' });
    const batch = batchOf(rows[0].payload);
    expect(rows[0].message_key).toBe(batch.batchId);
    expect(batch).toMatchObject({ senderOperator: 'CH', recipientOperator: '' });
    expect(batch.events.map((e) => `${e.itemId}/${e.code}/${e.office}/${e.sourceOperator}/${e.utcOffsetMinutes}`).sort()).toEqual(
      [`${item}/EMA/CHZRHA/CH/60`, `${item}/EMC/CHZRHA/CH/60`, `${other}/EMH/USNYCA/CH/60`].sort(),
    );
    expect(batch.events.find((e) => e.code === 'EMH')).toMatchObject({ nonDeliveryReason: '11', nonDeliveryAction: 'A' });
    // Travels to the broker, which routes by it; not stored.
    expect(batch.events.map((e) => `${e.code}:${e.destinationCountry}`).sort()).toEqual(['EMA:', 'EMC:US', 'EMH:']);

    const counted = await metrics.events.get();
    expect(counted.values.find((v) => v.labels.outcome === 'rejected')?.value).toBe(4);
  });

  it('counts a re-sent batch as duplicates and forwards nothing again', async () => {
    const item = newItem();
    const batch = [ev(item, 'EMA', 10), ev(item, 'EMC', 9)];
    expect(await service.execute(batch)).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const since = await lastOutboxId();
    // Another offset notation of the same instant is the same scan.
    const sameInUtc = { ...batch[0], occurredAt: new Date(Date.parse(batch[0].occurredAt)).toISOString() };
    expect(await service.execute([...batch, sameInUtc, ev(item, 'EMD', 2, 'USJFKA')])).toEqual({ accepted: 1, duplicates: 3, rejected: [] });
    const rows = await outboxRows(since);
    expect(rows).toHaveLength(1);
    expect(batchOf(rows[0].payload).events.map((e) => e.code)).toEqual(['EMD']);
    expect(await service.execute(batch)).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(await outboxRows(since)).toHaveLength(1);
  });

  it('stores nothing and opens no transaction when every event is bad', async () => {
    const since = await lastOutboxId();
    const r = await service.execute([ev('nope', 'EMA', 1), { itemId: null, code: null, occurredAt: null, office: null } as unknown as TrackingEventInput]);
    expect(r.accepted).toBe(0);
    expect(r.rejected.map((x) => x.errors.map((e) => e.code))).toEqual([
      ['INVALID_ITEM_ID'],
      ['INVALID_ITEM_ID', 'UNKNOWN_EVENT_CODE', 'INVALID_TIMESTAMP', 'INVALID_OFFICE'],
    ]);
    expect(await outboxRows(since)).toHaveLength(0);
  });

  it('refreshes every open case of the item (not closed ones), flags delivery on EMI and records TRACKING_UPDATED', async () => {
    const item = newItem();
    const outgoing = await insertCase(item, 'OPEN');
    const incoming = await insertCase(item, 'ANSWERED', 'US', 'CH');
    const resolved = await insertCase(item, 'RESOLVED');
    const unrelated = await insertCase(newItem(), 'OPEN');
    const posted = ev(item, 'EMA', 72);
    await service.execute([posted, ev(item, 'EMC', 60)]);

    const afterExport = await caseAt(outgoing);
    expect(afterExport).toMatchObject({ version: 4, deliveredConsiderResolving: false, status: 'OPEN' });
    expect(afterExport.trackingUpdatedAt).toBeInstanceOf(Date);
    expect(afterExport.lastActivityAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(afterExport.trackingSummary).toMatchObject({ eventCount: 2, currentStatus: { code: 'EMC' }, delivered: false, deliveredAt: null, originCountry: 'CH' });
    expect(afterExport.trackingSummary!.postedAt).toBe(new Date(Date.parse(posted.occurredAt)).toISOString());

    const delivered = ev(item, 'EMI', 1, 'USNYCA');
    await service.execute([ev(item, 'EMD', 30, 'USJFKA'), ev(item, 'EME', 29, 'USJFKA'), delivered]);
    for (const id of [outgoing, incoming]) {
      const c = await caseAt(id);
      expect(c).toMatchObject({ version: 5, deliveredConsiderResolving: true });
      expect(c.trackingSummary).toMatchObject({
        eventCount: 5, delivered: true, deliveredOffice: 'USNYCA', destinationCountry: 'US', currentStatus: { code: 'EMI', office: 'USNYCA' }, customs: { held: true },
      });
      expect(c.trackingSummary!.deliveredAt).toBe(new Date(Date.parse(delivered.occurredAt)).toISOString());
      const history = await historyOf(id);
      expect(history.map((h) => [h.action, h.operator_code, h.detail])).toEqual([
        ['TRACKING_UPDATED', 'CH', { newEvents: 2, lastCode: 'EMC' }],
        ['TRACKING_UPDATED', 'CH', { newEvents: 3, lastCode: 'EMI' }],
      ]);
      expect(history[0].from_status).toBe(history[0].to_status);
      // The "tracking updated" alert, once per update, in the same transaction as the case change.
      expect((await alertsOf(id)).map((a) => [a.type, a.audience, a.payload.lastCode, a.payload.delivered])).toEqual([
        ['TRACKING_UPDATED', 'AGENTS', 'EMC', false],
        ['TRACKING_UPDATED', 'AGENTS', 'EMI', true],
      ]);
    }
    expect((await alertsOf(incoming))[0].payload).toMatchObject({ direction: 'INCOMING', partnerOperator: 'US', newEvents: 2 });
    for (const id of [resolved, unrelated]) {
      expect(await caseAt(id)).toMatchObject({ version: 3, trackingSummary: null, trackingUpdatedAt: null, deliveredConsiderResolving: false });
      expect(await historyOf(id)).toEqual([]);
      expect(await alertsOf(id)).toEqual([]);
    }

    // Nothing new, nothing changes: the case is not bumped by a re-sent delivery scan, and no alert.
    expect(await service.execute([delivered])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await caseAt(outgoing)).version).toBe(5);
    expect(await alertsOf(outgoing)).toHaveLength(2);
  });

  it('ingests one full batch of 5000 events in one transaction and one outgoing batch', async () => {
    const codes = ['EMA', 'EMB', 'EMC', 'EMD', 'EMI'];
    const items = Array.from({ length: 1000 }, () => newItem());
    const openCases = await Promise.all(items.slice(0, 20).map((i) => insertCase(i, 'OPEN')));
    const events = items.flatMap((item, n) => codes.map((code, k) => ev(item, code, 100 - k * 10 - n / 1000, k < 3 ? 'CHZRHA' : 'USJFKA')));
    expect(events).toHaveLength(5000);
    const since = await lastOutboxId();

    const t0 = performance.now();
    const r = await service.execute(events);
    const ms = performance.now() - t0;
    testLog(`ingest of one 5000-event batch (1000 items, 20 open cases): ${ms.toFixed(0)} ms`);

    expect(r).toEqual({ accepted: 5000, duplicates: 0, rejected: [] });
    const rows = await outboxRows(since);
    expect(rows).toHaveLength(1);
    expect(batchOf(rows[0].payload).events).toHaveLength(5000);
    for (const id of openCases) expect(await caseAt(id)).toMatchObject({ version: 4, deliveredConsiderResolving: true });
    // A generous bound: the point is catching a per-event query, not benchmarking the CI box.
    expect(ms).toBeLessThan(10_000);

    const t1 = performance.now();
    expect(await service.execute(events)).toEqual({ accepted: 0, duplicates: 5000, rejected: [] });
    testLog(`re-sent 5000-event batch (all duplicates): ${(performance.now() - t1).toFixed(0)} ms`);
  });
});
