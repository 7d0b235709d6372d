import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { fromBinary } from '@bufbuild/protobuf';
import { buildTrackingBatch, create, decodeTrackingBatch, SignedMessageSchema, timestampFromDate, TopicNames, TrackingBatch, TrackingEventSchema } from '@postbridge/contracts';
import { EnvelopeContext, OutboxRelay, OutboxWriter, PoisonMessageError, UnitOfWork } from '@postbridge/messaging';
import { createTestDatabase, TestDatabase } from '../../../../../test/harness/database';
import { AlertWriter } from '../../alerts/shared/alert-writer';
import { CaseEntity } from '../../cases/shared/case.entity';
import { TypeOrmCaseRepository } from '../../cases/shared/case.repository.typeorm';
import { buildOperatorNodeDataSourceOptions } from '../../database/operator-node-data-source';
import { NodeContext } from '../../node-context';
import { IngestTrackingEventsService } from '../ingest-tracking-events/ingest-tracking-events.service';
import { CaseTrackingUpdater } from '../shared/case-tracking-updater';
import { TypeOrmTrackedCaseRepository } from '../shared/tracked-case.repository.typeorm';
import { TrackingEventRecorder } from '../shared/tracking-event-recorder';
import { TypeOrmTrackingEventRepository } from '../shared/tracking-event.repository.typeorm';
import { TrackingMetrics } from '../shared/tracking.metrics';
import { ApplyPartnerTrackingHandler } from './apply-partner-tracking.handler';
import { TrackingBatchMessageController } from './tracking-batch.message.controller';
import { newItemId } from '../../../../../test/support/s10-items';
import { throwawaySigner } from '@postbridge/dev-infra';

// The CH node's tracking consumer against a real database, each batch in its own transaction with
// the real outbox writer, as the Kafka transport runs it (inbox claim aside).

const topics = new TopicNames('pbit');
const node = new NodeContext('CH', 'Swiss Post', 'CH', 'Europe/Zurich', ['de'], topics);
let db: TestDatabase;
let ds: DataSource;
let controller: TrackingBatchMessageController;
let metrics: TrackingMetrics;

const HOUR = 3600_000;
const newItem = (country = 'CH') => newItemId(country);
const pev = (itemId: string, code: string, hoursAgo: number, office: string, o: { sourceOperator?: string; utcOffsetMinutes?: number; noTime?: boolean; destinationCountry?: string } = {}) =>
  create(TrackingEventSchema, {
    itemId, code, office, sourceOperator: o.sourceOperator ?? '', utcOffsetMinutes: o.utcOffsetMinutes ?? -300, destinationCountry: o.destinationCountry ?? '',
    occurredAt: o.noTime ? undefined : timestampFromDate(new Date(Date.now() - hoursAgo * HOUR)),
  });

async function consume(topic: string, batch: TrackingBatch): Promise<void> {
  await ds.transaction(async (manager) => {
    await controller.batch(batch, new EnvelopeContext([topic, 0, '0', {}, manager, new OutboxWriter(throwawaySigner('US')), null]));
  });
}

/** The batch inside a signed outbox payload. */
const batchOf = (payload: Buffer) => decodeTrackingBatch(fromBinary(SignedMessageSchema, payload).payload);
const lastOutboxId = async () => Number((await ds.query(`SELECT coalesce(max(id), 0) AS m FROM outbox_messages`))[0].m);
const outboxSince = async (id: number) => (await ds.query(`SELECT topic, payload, headers->>'pb-type' AS type FROM outbox_messages WHERE id > $1 ORDER BY id`, [id])) as Array<{ topic: string; payload: Buffer; type: string }>;
const storedOf = async (itemId: string) =>
  (await ds.query(`SELECT code, source_operator, utc_offset_minutes FROM tracking_events WHERE item_id = $1 ORDER BY occurred_at`, [itemId])).map((r: any) => `${r.code}/${r.source_operator}/${r.utc_offset_minutes}`);
const insertOpenCase = async (itemId: string) => {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, description_text, description_language, opened_by_agent, opened_at, last_activity_at, version)
     VALUES ($1, $2, 'REGISTERED', 'FULL_INVESTIGATION', 'CH', 'US', 'OPEN', 'Jane', 'x', 'en', 'anna', now(), now(), 2)`,
    [id, itemId],
  );
  return id;
};

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false });
  await ds.initialize();
  const events = new TypeOrmTrackingEventRepository(ds);
  const recorder = new TrackingEventRecorder(events, new CaseTrackingUpdater(node, new TypeOrmTrackedCaseRepository(), events, new TypeOrmCaseRepository(ds), new AlertWriter()));
  metrics = new TrackingMetrics(new Registry());
  const ingest = new IngestTrackingEventsService(node, recorder, new UnitOfWork(ds, new OutboxWriter(throwawaySigner('CH')), { wake: () => undefined } as unknown as OutboxRelay), metrics);
  controller = new TrackingBatchMessageController(node, ingest, new ApplyPartnerTrackingHandler(recorder, metrics));
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

afterEach(() => jest.restoreAllMocks());

describe('tracking batches from Kafka', () => {
  it('stores partner events from tracking.in with their reporting post, updates open cases, and forwards nothing', async () => {
    const item = newItem();
    const caseId = await insertOpenCase(item);
    const since = await lastOutboxId();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const batch = buildTrackingBatch({
      sender: 'US', recipient: 'CH',
      events: [
        pev(item, 'EMD', 30, 'USJFKA', { sourceOperator: 'US' }),
        pev(item, 'EMI', 2, 'USNYCA'), // no source on the event: the batch sender reported it
        pev('RB123456786GB', 'EMD', 3, 'USJFKA'), // bad check digit
        pev(item, 'EMG', 3, 'USNYCA', { noTime: true }), // no timestamp
        pev(item, 'EMG', 3, 'USNYCA', { utcOffsetMinutes: 16 * 60 }), // offset beyond +14:00
      ],
    });
    await consume(topics.trackingIn('CH'), batch);

    expect(await storedOf(item)).toEqual(['EMD/US/-300', 'EMI/US/-300']);
    expect(await outboxSince(since)).toEqual([]);
    const c = await ds.manager.findOneByOrFail(CaseEntity, { id: caseId });
    expect(c).toMatchObject({ version: 3, deliveredConsiderResolving: true });
    expect(c.trackingSummary).toMatchObject({ eventCount: 2, delivered: true, deliveredOffice: 'USNYCA', destinationCountry: 'US' });
    const history = await ds.query(`SELECT action, detail FROM case_history WHERE case_id = $1`, [caseId]);
    expect(history).toEqual([{ action: 'TRACKING_UPDATED', detail: { newEvents: 2, lastCode: 'EMI' } }]);

    // Not poison: the batch went through, and the log line names what was dropped and why.
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0][0]);
    expect(line).toContain(`tracking batch ${batch.batchId} from US on pbit.op.CH.tracking.in: 2 stored, 0 duplicate, 3 rejected`);
    expect(line).toContain('INVALID_ITEM_ID×1');
    expect(line).toContain('INVALID_TIMESTAMP×2');
    const rejections = await metrics.rejections.get();
    expect(rejections.values.find((v) => v.labels.source === 'partner' && v.labels.code === 'INVALID_TIMESTAMP')?.value).toBe(2);

    // The same events routed again (another batch id) change nothing.
    await consume(topics.trackingIn('CH'), buildTrackingBatch({ sender: 'US', recipient: 'CH', events: batch.events.slice(0, 2) }));
    expect((await ds.manager.findOneByOrFail(CaseEntity, { id: caseId })).version).toBe(3);
    expect(await outboxSince(since)).toEqual([]);
  });

  it('stores a partner event as the batch sender’s, whatever source the event claims', async () => {
    const item = newItem();
    await consume(
      topics.trackingIn('CH'),
      buildTrackingBatch({ sender: 'US', recipient: 'CH', events: [pev(item, 'EMD', 30, 'USJFKA', { sourceOperator: 'JP' }), pev(item, 'EMI', 2, 'USNYCA', { sourceOperator: 'CH' })] }),
    );
    expect(await storedOf(item)).toEqual(['EMD/US/-300', 'EMI/US/-300']);
  });

  it('sends the destination country of its own despatch scans on tracking.out (not stored)', async () => {
    const item = newItem();
    const since = await lastOutboxId();
    await consume(topics.trackingFeed('CH'), buildTrackingBatch({ sender: 'CH', events: [pev(item, 'EMC', 20, 'CHZRHA', { utcOffsetMinutes: 60, destinationCountry: 'us' }), pev(item, 'EMA', 30, 'CHZRHA', { utcOffsetMinutes: 60 })] }));
    const rows = await outboxSince(since);
    expect(batchOf(rows[0].payload).events.map((e) => `${e.code}/${e.destinationCountry}`).sort()).toEqual(['EMA/', 'EMC/US']);
  });

  it('ingests the post\'s own feed as over REST: stored as this node, forwarded on tracking.out in the same transaction', async () => {
    const item = newItem('US');
    const since = await lastOutboxId();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await consume(
      topics.trackingFeed('CH'),
      buildTrackingBatch({
        sender: 'CH',
        events: [
          // A producer's claim of another source is ignored: the feed is CH's own systems.
          pev(item, 'EMD', 20, 'CHZRHA', { sourceOperator: 'US', utcOffsetMinutes: 60 }),
          pev(item, 'EMI', 1, 'CHBERN', { utcOffsetMinutes: 60 }),
          pev(item, 'XXX', 1, 'CHBERN'),
        ],
      }),
    );
    expect(await storedOf(item)).toEqual(['EMD/CH/60', 'EMI/CH/60']);
    const rows = await outboxSince(since);
    expect(rows.map((r) => `${r.type}→${r.topic}`)).toEqual(['tracking.batch→pbit.op.CH.tracking.out']);
    expect(batchOf(rows[0].payload).events.map((e) => `${e.code}/${e.sourceOperator}`)).toEqual(['EMD/CH', 'EMI/CH']);
  });

  it('rolls the feed ingest back with the transport transaction, alerts included', async () => {
    const item = newItem();
    const caseId = await insertOpenCase(item);
    const since = await lastOutboxId();
    await expect(
      ds.transaction(async (manager) => {
        await controller.batch(buildTrackingBatch({ sender: 'CH', events: [pev(item, 'EMA', 5, 'CHZRHA')] }), new EnvelopeContext([topics.trackingFeed('CH'), 0, '0', {}, manager, new OutboxWriter(throwawaySigner('US')), null]));
        throw new Error('inbox commit failed');
      }),
    ).rejects.toThrow('inbox commit failed');
    expect(await storedOf(item)).toEqual([]);
    expect(await outboxSince(since)).toEqual([]);
    expect(await ds.query(`SELECT type FROM node_alerts WHERE case_id = $1`, [caseId])).toEqual([]);
    expect((await ds.manager.findOneByOrFail(CaseEntity, { id: caseId })).version).toBe(2);

    // The same batch committed does raise it.
    await consume(topics.trackingFeed('CH'), buildTrackingBatch({ sender: 'CH', events: [pev(item, 'EMA', 5, 'CHZRHA')] }));
    expect(await ds.query(`SELECT type FROM node_alerts WHERE case_id = $1`, [caseId])).toEqual([{ type: 'TRACKING_UPDATED' }]);
  });

  it('refuses a tracking batch on any other topic as poison', async () => {
    await expect(consume(topics.trackingOut('CH'), buildTrackingBatch({ sender: 'CH', events: [pev(newItem(), 'EMA', 1, 'CHZRHA')] }))).rejects.toBeInstanceOf(PoisonMessageError);
  });
});
