import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  buildEnvelope,
  buildTrackingBatch,
  CaseOpenedSchema,
  InquiryReason,
  create,
  Envelope,
  Headers,
  InquiryType,
  MAX_TRACKING_BATCH_EVENTS,
  timestampFromDate,
  TopicNames,
  TrackingBatch,
  TrackingEvent,
  TrackingEventSchema,
} from '@postbridge/contracts';
import { CaseStatus, INQUIRY_TYPES, PRODUCT_FAMILIES, s10CheckDigit } from '@postbridge/domain';
import { OutboxEntry, OutboxWriter } from '@postbridge/messaging';
import { SystemClock } from '@postbridge/platform';
import { Registry } from 'prom-client';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { TypeOrmCaseIndexRepository } from '../case-index/shared/case-index.repository.typeorm';
import { buildBrokerDataSourceOptions } from '../database/broker-data-source';
import { DeadlineMetrics } from '../deadlines/shared/deadline.metrics';
import { TypeOrmDeadlineRepository } from '../deadlines/shared/deadline.repository.typeorm';
import { DeadlineService } from '../deadlines/shared/deadline.service';
import { OperatorRegistry } from '../registry/operator-registry';
import { TypeOrmTrackingRouteRepository } from '../tracking-routes/shared/tracking-route.repository.typeorm';
import { RouteCaseMessageHandler } from './route-case-message.handler';
import { RouteTrackingBatchHandler, TrackingRoutingOutcome } from './route-tracking-batch.handler';
import { TrackingAuthorityMetrics } from './tracking-authority.metrics';
import { throwawaySigner, sealAsSent } from '@postbridge/dev-infra';
import { testLog } from '../../../../test/harness/test-log';

// The tracking router against a real database, without Kafka: each batch runs in its own
// transaction like the transport's, with an enqueue that records entries and writes the real outbox.

const topics = new TopicNames('pbit');
const operator = (code: string, country: string, active = true, more: { trackingCountries?: string[]; transitFor?: string[] } = {}) => ({
  code,
  name: `${code} Post`,
  country,
  timeZone: 'UTC',
  languages: ['en'],
  active,
  networks: ['ALL'],
  calendar: { timeZone: 'UTC', weeklyHours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] } as const },
  ...more,
});
const everything = {
  code: 'ALL',
  name: 'Everything',
  productFamilies: PRODUCT_FAMILIES,
  inquiryTypes: INQUIRY_TYPES,
  responseTargets: Object.fromEntries(INQUIRY_TYPES.map((t) => [t, { value: 2, unit: 'WORKING_DAYS' as const }])),
  reminders: { leadHours: 4, intervalHours: 8, beforeEscalation: 2 },
};
// JP carries CH's and US's mail in transit; CH also scans in Liechtenstein.
const registry = new OperatorRegistry(
  [operator('CH', 'CH', true, { trackingCountries: ['LI'] }), operator('US', 'US'), operator('DE', 'DE'), operator('JP', 'JP', true, { transitFor: ['CH', 'US'] }), operator('US2', 'US')],
  [everything],
);
const BASE = Date.now() - 24 * 3600_000;

let db: TestDatabase;
let ds: DataSource;
let tracking: RouteTrackingBatchHandler;
let cases: RouteCaseMessageHandler;
let sent: OutboxEntry[];
let metrics: Registry;
let serial = 10_000_000;

/** A fresh valid S10 id issued in `country`. */
function newItem(country: string): string {
  const s = String(serial++);
  return `RR${s}${s10CheckDigit(s)}${country}`;
}

function ev(itemId: string, code: string, office: string, minute = 0, extra: Partial<Omit<TrackingEvent, '$typeName' | '$unknown'>> = {}): TrackingEvent {
  return create(TrackingEventSchema, { itemId, code, office, occurredAt: timestampFromDate(new Date(BASE + minute * 60_000)), utcOffsetMinutes: 60, ...extra });
}

async function inTransaction<T>(work: (scope: { manager: EntityManager; enqueue: (...e: OutboxEntry[]) => Promise<void> }) => Promise<T>): Promise<T> {
  const writer = new OutboxWriter(throwawaySigner('PBHUB'));
  return ds.transaction((manager) =>
    work({
      manager,
      enqueue: async (...entries) => {
        sent.push(...entries);
        await writer.enqueue(manager, ...entries);
      },
    }),
  );
}

/** The origin post's despatch scan naming the country the item is sent to. */
function despatch(itemId: string, destinationCountry: string, minute = -120): TrackingEvent {
  const office = { CH: 'CHZRHA', US: 'USJFKA', DE: 'DEFRAA', JP: 'JPNRTA' }[itemId.slice(-2)]!;
  return ev(itemId, 'EMC', office, minute, { destinationCountry });
}

/** Refusal copies on the broker's dead-letter topic: "reason sender: item code (source)" per event. */
function refusedOnDlq(): string[] {
  return sent
    .filter((e) => e.topic === topics.brokerDlq())
    .flatMap((e) => e.batch!.events.map((ev) => `${e.headers![Headers.dlqReason]} ${e.batch!.senderOperator}: ${ev.itemId} ${ev.code} (${ev.sourceOperator})`));
}

async function refusedCount(reason: string): Promise<number> {
  return (await metrics.getSingleMetric('postbridge_tracking_refused_total')!.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

function route(sender: string, events: TrackingEvent[]): Promise<TrackingRoutingOutcome> {
  return inTransaction((scope) => tracking.route(buildTrackingBatch({ sender, events }), scope));
}

/** Batches sent to one operator's tracking.in, in order. */
function batchesTo(code: string): TrackingBatch[] {
  return sent.filter((e) => e.topic === topics.trackingIn(code)).map((e) => e.batch!);
}

/** "item code (sender/source)" of every event sent to `code`, in order. */
function eventsTo(code: string): string[] {
  return batchesTo(code).flatMap((b) => b.events.map((e) => `${e.itemId} ${e.code} (${b.senderOperator}/${e.sourceOperator})`));
}

async function routeRow(itemId: string) {
  const [row] = await ds.query(`SELECT origin_operator, destination_operator FROM tracking_routes WHERE item_id = $1`, [itemId]);
  return row ?? null;
}

async function pendingOf(itemId: string): Promise<Array<{ sender_operator: string; delivered_to: string | null }>> {
  return ds.query(`SELECT sender_operator, delivered_to FROM pending_tracking_events WHERE item_id = $1 ORDER BY id`, [itemId]);
}

function opened(itemId: string, sender: string, recipient: string): Envelope {
  return buildEnvelope({
    type: 'case.opened',
    sender,
    recipient,
    caseId: randomUUID(),
    body: create(CaseOpenedSchema, { reasons: [InquiryReason.NOT_ARRIVED],
      itemId,
      inquiryType: InquiryType.FULL_INVESTIGATION,
      originOperator: sender,
      destinationOperator: recipient,
      customer: { name: 'Jane Doe' },
      description: { text: 'not arrived', language: 'en' },
    }),
  });
}

beforeAll(async () => {
  Logger.overrideLogger(false);
  db = await createTestDatabase('broker');
  ds = await new DataSource({ ...buildBrokerDataSourceOptions(db.url), extra: { max: 4 } }).initialize();
  const caseIndex = new TypeOrmCaseIndexRepository(ds);
  const deadlines = new DeadlineService(registry, new TypeOrmDeadlineRepository(ds), topics, new SystemClock(), new DeadlineMetrics(new Registry()));
  metrics = new Registry();
  tracking = new RouteTrackingBatchHandler(registry, new TypeOrmTrackingRouteRepository(ds), caseIndex, topics, deadlines, new TrackingAuthorityMetrics(metrics));
  cases = new RouteCaseMessageHandler(registry, caseIndex, topics, tracking, deadlines);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

beforeEach(() => {
  sent = [];
});

describe('origin and destination', () => {
  it('sends the destination’s scan to the origin (the operator of the S10 country), not back to the sender', async () => {
    const item = newItem('CH');
    await route('CH', [despatch(item, 'us')]);
    sent = [];
    const lower = `${item.slice(0, 2).toLowerCase()} ${item.slice(2)}`;
    const outcome = await route('US', [ev(lower, 'emd', 'usjfka')]);

    expect(outcome).toMatchObject({ received: 1, dropped: 0, delivered: { CH: 1 }, held: 0, released: 0, batches: 1, refused: {} });
    expect(sent).toHaveLength(1);
    const [entry] = sent;
    expect(entry.topic).toBe('pbit.op.CH.tracking.in');
    expect(entry.key).toBe(entry.batch!.batchId);
    expect(entry.batch).toMatchObject({ senderOperator: 'US', recipientOperator: 'CH', schemaVersion: 1 });
    // Normalised, stamped with its source, otherwise as sent.
    expect(entry.batch!.events[0]).toMatchObject({ itemId: item, code: 'EMD', office: 'USJFKA', sourceOperator: 'US', utcOffsetMinutes: 60 });
    expect(await routeRow(item)).toEqual({ origin_operator: 'CH', destination_operator: 'US' });
    expect(await pendingOf(item)).toEqual([]);
    const outbox = await ds.query(`SELECT topic, message_key FROM outbox_messages WHERE message_id = $1`, [entry.batch!.batchId]);
    expect(outbox).toEqual([{ topic: 'pbit.op.CH.tracking.in', message_key: entry.batch!.batchId }]);
  });

  it('takes the destination from the origin’s despatch and sends a transit post’s scans once to origin and destination', async () => {
    const item = newItem('CH');
    const outcome = await route('CH', [despatch(item, 'US', 0)]);
    expect(outcome).toMatchObject({ delivered: { US: 1 }, held: 0 });
    expect(await routeRow(item)).toEqual({ origin_operator: 'CH', destination_operator: 'US' });
    sent = [];

    // JP is declared a transit post of CH's mail (network file: transitFor).
    await expect(route('JP', [ev(item, 'EMJ', 'JPNRTA', 1), ev(item, 'EMK', 'JPNRTA', 2)])).resolves.toMatchObject({ delivered: { CH: 2, US: 2 }, held: 0, refused: {} });
    expect(eventsTo('CH')).toEqual([`${item} EMJ (JP/JP)`, `${item} EMK (JP/JP)`]);
    expect(eventsTo('US')).toEqual([`${item} EMJ (JP/JP)`, `${item} EMK (JP/JP)`]);
    expect(eventsTo('JP')).toEqual([]);
  });

  it('takes offices of a country delegated in the network file as the sender’s own', async () => {
    const item = newItem('US');
    await route('US', [despatch(item, 'LI')]);
    sent = [];
    await expect(route('CH', [ev(item, 'EMD', 'LIVADA'), ev(item, 'EMI', 'LIVADA', 5)])).resolves.toMatchObject({ delivered: { US: 2 }, refused: {} });
    expect(await routeRow(item)).toEqual({ origin_operator: 'US', destination_operator: 'CH' });
  });

  it('keeps a known route: a later destination-leg scan elsewhere does not move it, and is refused', async () => {
    const item = newItem('CH');
    await route('CH', [despatch(item, 'US')]);
    sent = [];
    await expect(route('DE', [ev(item, 'EMD', 'DEFRAA', 5)])).resolves.toMatchObject({ delivered: {}, refused: { TRACKING_ROUTE_CONFLICT: 1 } });
    expect(eventsTo('CH')).toEqual([]);
    expect(eventsTo('US')).toEqual([]);
    expect(refusedOnDlq()).toEqual([`TRACKING_ROUTE_CONFLICT DE: ${item} EMD (DE)`]);
    expect(await routeRow(item)).toEqual({ origin_operator: 'CH', destination_operator: 'US' });
  });

  it('never echoes an event to its sender, whichever party sends it', async () => {
    const item = newItem('CH');
    await route('CH', [despatch(item, 'US', -90)]);
    await route('US', [ev(item, 'EMD', 'USJFKA')]);
    sent = [];
    await route('CH', [ev(item, 'EMC', 'CHZRHA', -60)]);
    await route('US', [ev(item, 'EMI', 'USJFKA', 60)]);
    expect(eventsTo('US')).toEqual([`${item} EMC (CH/CH)`]);
    expect(eventsTo('CH')).toEqual([`${item} EMI (US/US)`]);
  });

  it('takes the first active operator of a country in network-file order', async () => {
    const item = newItem('US');
    await route('US', [despatch(item, 'CH')]);
    sent = [];
    await route('CH', [ev(item, 'EMD', 'CHZRHA')]);
    expect(eventsTo('US')).toHaveLength(1);
    expect(eventsTo('US2')).toEqual([]);
  });

  it('falls back to the parties of a case indexed for the item, read from either side', async () => {
    // Cases indexed before tracking routes existed: rows in case_index only.
    const fromSender = newItem('CH');
    const fromAddressee = newItem('US');
    const row = (itemId: string, origin: string, destination: string, status: CaseStatus = 'OPEN') => ({
      caseId: randomUUID(), itemId, inquiryType: 'GENERIC', originOperator: origin, destinationOperator: destination, status,
      openedAt: new Date(), lastMessageType: 'case.opened', lastMessageAt: new Date(), messageCount: 1, resolvedAt: null, resolutionCode: null, refusalReason: null,
    });
    const repo = new TypeOrmCaseIndexRepository(ds);
    await repo.insert(row(fromSender, 'CH', 'DE'));
    await repo.insert(row(fromSender, 'CH', 'JP', 'REFUSED'));
    // The addressee's post (DE) asks the issuing post (US): the item goes to DE.
    await repo.insert(row(fromAddressee, 'DE', 'US'));

    const outcome = await route('JP', [ev(fromSender, 'EMJ', 'JPNRTA'), ev(fromAddressee, 'EMJ', 'JPNRTA')]);
    expect(outcome.held).toBe(0);
    expect(eventsTo('CH')).toEqual([`${fromSender} EMJ (JP/JP)`]);
    expect(eventsTo('DE')).toEqual([`${fromSender} EMJ (JP/JP)`, `${fromAddressee} EMJ (JP/JP)`]);
    expect(eventsTo('US')).toEqual([`${fromAddressee} EMJ (JP/JP)`]);
    expect(await routeRow(fromSender)).toEqual({ origin_operator: 'CH', destination_operator: 'DE' });
    expect(await routeRow(fromAddressee)).toEqual({ origin_operator: 'US', destination_operator: 'DE' });
  });
});

describe('events whose destination is not known yet', () => {
  it('are held and, once the origin’s despatch names the destination, released to the parties or refused', async () => {
    const item = newItem('CH');
    const stranger = newItem('GB'); // no operator for GB: origin unknown too

    await expect(route('CH', [ev(item, 'EMA', 'CHBERA', 0), ev(stranger, 'EMC', 'CHZRHA', 10)])).resolves.toMatchObject({ held: 2, delivered: {}, batches: 0 });
    // US and DE might be the destination: held, delivered to nobody until it is known.
    await expect(route('US', [ev(item, 'EMD', 'USJFKA', 30)])).resolves.toMatchObject({ held: 1, delivered: {} });
    await expect(route('DE', [ev(item, 'EMJ', 'DEFRAA', 20)])).resolves.toMatchObject({ held: 1, delivered: {} });
    // JP, a transit post of CH's mail, is a party already: its scan goes to the origin at once.
    await expect(route('JP', [ev(item, 'EMK', 'JPNRTA', 25)])).resolves.toMatchObject({ held: 1, delivered: { CH: 1 } });
    expect(await pendingOf(item)).toEqual([
      { sender_operator: 'CH', delivered_to: null },
      { sender_operator: 'US', delivered_to: null },
      { sender_operator: 'DE', delivered_to: null },
      { sender_operator: 'JP', delivered_to: 'CH' },
    ]);
    expect(await pendingOf(stranger)).toEqual([{ sender_operator: 'CH', delivered_to: null }]);
    expect(await routeRow(item)).toEqual({ origin_operator: 'CH', destination_operator: null });
    sent = [];

    await expect(route('CH', [despatch(item, 'US', 10)])).resolves.toMatchObject({ held: 0, released: 3, refused: { TRACKING_NOT_A_PARTY: 1 }, delivered: { US: 3, CH: 1 } });
    // Released events keep their sender: one batch per original sender; CH does not get JP's twice.
    expect(batchesTo('US').map((b) => b.senderOperator)).toEqual(['CH', 'JP']);
    expect(eventsTo('US')).toEqual([`${item} EMA (CH/CH)`, `${item} EMC (CH/CH)`, `${item} EMK (JP/JP)`]);
    expect(eventsTo('CH')).toEqual([`${item} EMD (US/US)`]);
    expect(refusedOnDlq()).toEqual([`TRACKING_NOT_A_PARTY DE: ${item} EMJ (DE)`]);
    expect(await pendingOf(item)).toEqual([]);
    expect(await pendingOf(stranger)).toHaveLength(1);
    expect(await routeRow(item)).toEqual({ origin_operator: 'CH', destination_operator: 'US' });
  });

  it('are released when a case.opened for the item is routed, in the same transaction as the case', async () => {
    const item = newItem('CH');
    await route('CH', [ev(item, 'EMA', 'CHBERA'), ev(item, 'EMC', 'CHZRHA', 10)]);
    sent = [];

    const env = opened(item, 'CH', 'US');
    await expect(inTransaction(async (scope) => cases.route(await sealAsSent(env), scope))).resolves.toEqual({ routedTo: 'US', status: 'SUBMITTED' });
    expect(sent.filter((e) => e.envelope?.type === 'case.opened').map((e) => e.topic)).toEqual(['pbit.op.US.case.in']);
    expect(batchesTo('US')).toHaveLength(1);
    expect(batchesTo('US')[0]).toMatchObject({ senderOperator: 'CH', recipientOperator: 'US' });
    expect(eventsTo('US')).toEqual([`${item} EMA (CH/CH)`, `${item} EMC (CH/CH)`]);
    expect(await pendingOf(item)).toEqual([]);
    expect(await routeRow(item)).toEqual({ origin_operator: 'CH', destination_operator: 'US' });

    // From now on the route is known.
    sent = [];
    await expect(route('CH', [ev(item, 'EMC', 'CHZRHA', 20)])).resolves.toMatchObject({ held: 0, delivered: { US: 1 } });
  });

  it('are released to the addressee’s post when it opens the case towards the issuing post', async () => {
    const item = newItem('US');
    await route('US', [ev(item, 'EMA', 'USJFKA')]);
    sent = [];
    await inTransaction(async (scope) => cases.route(await sealAsSent(opened(item, 'CH', 'US')), scope));
    expect(eventsTo('CH')).toEqual([`${item} EMA (US/US)`]);
    expect(await routeRow(item)).toEqual({ origin_operator: 'US', destination_operator: 'CH' });
  });

  it('stay held when the case.opened is refused', async () => {
    const item = newItem('CH');
    await route('CH', [ev(item, 'EMA', 'CHBERA')]);
    sent = [];
    await expect(inTransaction(async (scope) => cases.route(await sealAsSent(opened(item, 'CH', 'FR')), scope))).resolves.toMatchObject({ refused: { reason: 'UNKNOWN_DESTINATION' } });
    expect(batchesTo('FR')).toEqual([]);
    expect(await pendingOf(item)).toHaveLength(1);
  });
});

describe('tracking authority: the review’s attacks', () => {
  it('a forged source_operator: the source is the verified sender, and a scan at another post’s office is refused', async () => {
    const item = newItem('CH');
    await route('CH', [despatch(item, 'US')]);
    sent = [];
    const before = await refusedCount('TRACKING_OFFICE_NOT_OWNED');

    // JP, over its own tracking.out, writes a delivery at a US office "reported by US", next to a transit scan of its own.
    const outcome = await route('JP', [
      ev(item, 'EMI', 'USNYCA', 60, { sourceOperator: 'US', location: '1 Main St' }),
      ev(item, 'EMJ', 'JPNRTA', 30, { sourceOperator: 'US' }),
    ]);
    expect(outcome).toMatchObject({ delivered: { CH: 1, US: 1 }, refused: { TRACKING_OFFICE_NOT_OWNED: 1 } });
    // The rest of the batch still flows, stamped with its real source.
    expect(eventsTo('CH')).toEqual([`${item} EMJ (JP/JP)`]);
    expect(eventsTo('US')).toEqual([`${item} EMJ (JP/JP)`]);
    expect(refusedOnDlq()).toEqual([`TRACKING_OFFICE_NOT_OWNED JP: ${item} EMI (JP)`]);
    const [dlq] = sent.filter((e) => e.topic === topics.brokerDlq());
    expect(dlq.headers).toMatchObject({
      [Headers.dlqReason]: 'TRACKING_OFFICE_NOT_OWNED',
      [Headers.dlqSourceTopic]: topics.trackingOut('JP'),
      [Headers.dlqConsumer]: 'broker',
      [Headers.dlqDetail]: expect.stringContaining(`${item} EMI at USNYCA: JP does not scan at offices in US`),
    });
    expect(await refusedCount('TRACKING_OFFICE_NOT_OWNED')).toBe(before + 1);
    // Written through the outbox in the routing transaction.
    const rows = await ds.query(`SELECT topic, headers->>'pb-dlq-reason' AS reason FROM outbox_messages WHERE message_id = $1`, [dlq.batch!.batchId]);
    expect(rows).toEqual([{ topic: topics.brokerDlq(), reason: 'TRACKING_OFFICE_NOT_OWNED' }]);
  });

  it('a route takeover: the first destination-leg scan of a third post takes nothing, and is refused once the destination is known', async () => {
    const item = newItem('CH');
    // JP (a transit post of CH's mail) scans "arrival" at its own inward office before anyone said where the item goes.
    await expect(route('JP', [ev(item, 'EMD', 'JPNRTA', 0)])).resolves.toMatchObject({ held: 1, delivered: {}, refused: {} });
    expect(await routeRow(item)).toEqual({ origin_operator: 'CH', destination_operator: null });
    sent = [];

    // The origin's case names the destination: US. JP's held claim is refused.
    await inTransaction(async (scope) => cases.route(await sealAsSent(opened(item, 'CH', 'US')), scope));
    expect(refusedOnDlq()).toEqual([`TRACKING_ROUTE_CONFLICT JP: ${item} EMD (JP)`]);
    expect(eventsTo('JP')).toEqual([]);
    sent = [];
    await route('CH', [ev(item, 'EMC', 'CHZRHA', -60, { location: 'Zürich' })]);
    await route('US', [ev(item, 'EMD', 'USJFKA', 120), ev(item, 'EMI', 'USNYCA', 180, { location: '1 Main St, New York' })]);
    await expect(route('JP', [ev(item, 'EMI', 'JPNRTA', 200)])).resolves.toMatchObject({ refused: { TRACKING_ROUTE_CONFLICT: 1 } });
    await expect(route('DE', [ev(item, 'EMJ', 'DEFRAA', 60)])).resolves.toMatchObject({ refused: { TRACKING_NOT_A_PARTY: 1 } });
    // US gets CH's scans and CH gets US's; neither JP nor DE gets anything.
    expect(eventsTo('US')).toEqual([`${item} EMC (CH/CH)`]);
    expect(eventsTo('CH')).toEqual([`${item} EMD (US/US)`, `${item} EMI (US/US)`]);
    expect(eventsTo('JP')).toEqual([]);
    expect(eventsTo('DE')).toEqual([]);
    expect(await routeRow(item)).toEqual({ origin_operator: 'CH', destination_operator: 'US' });
  });

  it('a despatch naming another destination than the known one is refused, even from the origin', async () => {
    const item = newItem('CH');
    await route('CH', [despatch(item, 'US')]);
    sent = [];
    await expect(route('CH', [ev(item, 'EMC', 'CHZRHA', 0, { destinationCountry: 'DE' })])).resolves.toMatchObject({ delivered: {}, refused: { TRACKING_ROUTE_CONFLICT: 1 } });
    expect(await routeRow(item)).toEqual({ origin_operator: 'CH', destination_operator: 'US' });
    // Another post's destination_country is no authority either.
    await expect(route('US', [ev(item, 'EMD', 'USJFKA', 0, { destinationCountry: 'JP' })])).resolves.toMatchObject({ refused: { TRACKING_ROUTE_CONFLICT: 1 } });
  });
});

describe('invalid events', () => {
  it('are dropped and logged with the batch id while the rest of the batch routes', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const item = newItem('CH');
      await route('CH', [despatch(item, 'US')]);
      sent = [];
      const good = [ev(item, 'EMD', 'USJFKA', 1), ev(item, 'EMG', 'USNYCA', 2)];
      const bad = [
        ev('RB123456786CH', 'EMD', 'USJFKA'), // check digit
        ev(item, 'XYZ', 'USJFKA'), // unknown code
        ev(item, 'EMD', 'nope'), // office
        ev(item, 'EMD', 'USJFKA', 0, { occurredAt: timestampFromDate(new Date(Date.now() + 86_400_000)) }), // future
        ev(item, 'EMD', 'USJFKA', 0, { occurredAt: undefined }), // no time
        ev(item, 'EMD', 'USJFKA', 0, { utcOffsetMinutes: 24 * 60 }), // absurd offset
        ev(item, 'EMD', 'USJFKA', 0, { nonDeliveryReason: '11' }), // reason on a non-EMH event
        ev(item, 'EMD', 'USJFKA', 0, { destinationCountry: 'USA' }), // not a country code
      ];
      const batch = buildTrackingBatch({ sender: 'US', events: [bad[0], good[0], ...bad.slice(1), good[1]] });
      const outcome = await inTransaction((scope) => tracking.route(batch, scope));

      expect(outcome).toMatchObject({ received: 10, dropped: 8, delivered: { CH: 2 } });
      expect(eventsTo('CH')).toEqual([`${item} EMD (US/US)`, `${item} EMG (US/US)`]);
      expect(warn).toHaveBeenCalledTimes(1);
      const line = String(warn.mock.calls[0][0]);
      expect(line).toContain(batch.batchId);
      expect(line).toMatch(/dropped 8 of 10/);
      for (const code of ['INVALID_ITEM_ID', 'UNKNOWN_EVENT_CODE', 'INVALID_OFFICE', 'FUTURE_TIMESTAMP', 'INVALID_TIMESTAMP', 'INVALID_NON_DELIVERY_FIELDS', 'INVALID_DESTINATION_COUNTRY']) expect(line).toContain(code);
    } finally {
      warn.mockRestore();
    }
  });

  it('a batch of only invalid events routes nothing and does not fail', async () => {
    await expect(route('US', [ev('garbage', 'EMD', 'USJFKA')])).resolves.toMatchObject({ received: 1, dropped: 1, batches: 0 });
    expect(sent).toEqual([]);
  });
});

describe('size', () => {
  it(`splits what goes to one recipient into batches of at most ${MAX_TRACKING_BATCH_EVENTS} events`, async () => {
    const item = newItem('CH');
    const scans = (n: number, from: number) => Array.from({ length: n }, (_, i) => ev(item, 'EMC', 'CHZRHA', -(from + i)));
    await route('CH', scans(MAX_TRACKING_BATCH_EVENTS, 0));
    await route('CH', scans(1000, MAX_TRACKING_BATCH_EVENTS));
    sent = [];
    await inTransaction(async (scope) => cases.route(await sealAsSent(opened(item, 'CH', 'US')), scope));
    const batches = batchesTo('US');
    expect(batches.map((b) => b.events.length)).toEqual([MAX_TRACKING_BATCH_EVENTS, 1000]);
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(2);
    expect(sent.filter((e) => e.batch).every((e) => e.key === e.batch!.batchId)).toBe(true);
  });

  it('routes a 5,000-event batch with a handful of statements (timing logged)', async () => {
    // The origin's scans of US-issued items despatched to CH, 5 per item.
    const codes = ['EMA', 'EMB', 'EXA', 'EMC', 'EMJ'];
    const make = () => {
      const items = Array.from({ length: MAX_TRACKING_BATCH_EVENTS / codes.length }, () => newItem('US'));
      return items.flatMap((item) => codes.map((code, i) => ev(item, code, 'USJFKA', i, { destinationCountry: 'CH' })));
    };
    // A fifth of the items of the second batch have CH's scans held first, so the timed batch also releases (and judges) events.
    const warmup = make();
    await route('US', warmup);
    const events = make();
    const heldFirst = events.filter((_, i) => i % 25 === 0).map((e) => ev(e.itemId, 'EMD', 'CHZRHA', 60));
    await route('CH', heldFirst);
    sent = [];

    const batch = buildTrackingBatch({ sender: 'US', events });
    let statements = 0;
    const started = performance.now();
    const outcome = await inTransaction((scope) => {
      const query = scope.manager.query.bind(scope.manager);
      scope.manager.query = ((sql: string, params?: unknown[]) => {
        statements++;
        return query(sql, params);
      }) as EntityManager['query'];
      return tracking.route(batch, scope);
    });
    const ms = performance.now() - started;
    // Timings are bench/'s; this line reaches the output only if the test fails (quiet tests).
    testLog(`routed one ${MAX_TRACKING_BATCH_EVENTS}-event tracking batch (${events.length / codes.length} items, ${outcome.released} released) in ${ms.toFixed(0)} ms, ${statements} SQL statements, ${sent.length} outgoing batches`);

    expect(outcome).toEqual({ received: 5000, dropped: 0, delivered: { US: heldFirst.length, CH: 5000 }, held: 0, released: heldFirst.length, batches: 2, refused: {}, deadlinesChanged: 0 });
    expect(statements).toBeLessThanOrEqual(6);
  });
});
