import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import {
  buildEnvelope,
  buildTrackingBatch,
  CaseDeadline,
  CaseMessageAddedSchema,
  CaseOpenedSchema,
  InquiryReason,
  CaseResolvedSchema,
  create,
  DeadlineEventKind,
  DeadlineState,
  Envelope,
  InquiryType,
  MessageKind,
  PauseReason,
  ResolutionCode,
  timestampDate,
  timestampFromDate,
  TopicNames,
  TrackingEventSchema,
} from '@postbridge/contracts';
import { s10CheckDigit } from '@postbridge/domain';
import { OutboxEntry, OutboxRelay, OutboxWriter, UnitOfWork } from '@postbridge/messaging';
import { ManualClock } from '@postbridge/platform';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { BROKER_SENDER_CODE } from '../broker.constants';
import { TypeOrmCaseIndexRepository } from '../case-index/shared/case-index.repository.typeorm';
import { BrokerConfig } from '../config/broker.config';
import { buildBrokerDataSourceOptions } from '../database/broker-data-source';
import { loadOperatorRegistry } from '../registry/network-file.loader';
import { OperatorRegistry } from '../registry/operator-registry';
import { RouteCaseMessageHandler, RoutingOutcome } from '../routing/route-case-message.handler';
import { RouteTrackingBatchHandler } from '../routing/route-tracking-batch.handler';
import { TypeOrmTrackingRouteRepository } from '../tracking-routes/shared/tracking-route.repository.typeorm';
import { DeadlineMetrics } from './shared/deadline.metrics';
import { TrackingAuthorityMetrics } from '../routing/tracking-authority.metrics';
import { TypeOrmDeadlineRepository } from './shared/deadline.repository.typeorm';
import { DeadlineService } from './shared/deadline.service';
import { DeadlineWatcher } from './watch-deadlines/deadline.watcher';
import { throwawaySigner, sealAsSent } from '@postbridge/dev-infra';

// The deadline clock through the real routing handlers and a real database, without Kafka: time is
// a ManualClock, the watcher runs only when a test calls tick(). What the broker announces is read
// from the entries written to the real outbox.
//
// The responder is CH (Europe/Zurich, UTC+1 in early March 2026): Mon-Fri 08:00-12:00 and
// 13:00-17:00, i.e. 8 working hours a day. EMS GENERIC: target 8 working hours; reminders 2 h
// before, then every 4 h, escalation after 3 reminders. Milestones in working time from the start:
// DUE_SOON 6 h, OVERDUE 8 h, REMINDER 2 at 12 h, REMINDER 3 at 16 h, ESCALATED at 20 h.

const HOUR = 3_600_000;
const topics = new TopicNames('pbdl');
const registry = loadOperatorRegistry(join(__dirname, 'testing/network.fixture.json'));
/** Zurich wall-clock time → epoch ms, e.g. at('mon 08:00') (week of Monday 2 March 2026). */
function at(when: string): number {
  const [day, time] = when.split(' ');
  const date = { mon: '2026-03-02', tue: '2026-03-03', wed: '2026-03-04', thu: '2026-03-05', fri: '2026-03-06', nextmon: '2026-03-09' }[day]!;
  return DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/Zurich' }).toMillis();
}
const clock = new ManualClock(at('mon 08:00'));

let db: TestDatabase;
let ds: DataSource;
let handler: RouteCaseMessageHandler;
let tracking: RouteTrackingBatchHandler;
let watcher: DeadlineWatcher;
let deadlines: DeadlineService;
let uow: UnitOfWork;
let metrics: Registry;
let sent: OutboxEntry[] = [];
let serial = 52_000_000;

/** Records what goes to the outbox, and writes it there. */
class RecordingOutboxWriter extends OutboxWriter {
  override async enqueue(manager: EntityManager, ...entries: OutboxEntry[]): Promise<void> {
    sent.push(...entries);
    await super.enqueue(manager, ...entries);
  }
}
const writer = new RecordingOutboxWriter(throwawaySigner('PBHUB'));

function inTransaction<T>(work: (scope: { manager: EntityManager; enqueue: (...e: OutboxEntry[]) => Promise<void> }) => Promise<T>): Promise<T> {
  return ds.transaction((manager) => work({ manager, enqueue: (...entries) => writer.enqueue(manager, ...entries) }));
}

const route = async (envelope: Envelope): Promise<RoutingOutcome> => inTransaction(async (scope) => handler.route(await sealAsSent(envelope), scope));

function newItem(prefix = 'EE', country = 'US'): string {
  const s = String(serial++);
  return `${prefix}${s}${s10CheckDigit(s)}${country}`;
}

function opened(itemId: string, inquiryType = InquiryType.GENERIC, origin = 'US', destination = 'CH'): Envelope {
  return buildEnvelope({
    type: 'case.opened',
    sender: origin,
    recipient: destination,
    caseId: randomUUID(),
    body: create(CaseOpenedSchema, { reasons: [InquiryReason.NOT_ARRIVED], itemId, inquiryType, originOperator: origin, destinationOperator: destination, customer: { name: 'Jane Doe' }, description: { text: 'not arrived', language: 'en' } }),
  });
}

/** A message of the responder (CH) or, for INFO, of the origin (US). */
function message(caseId: string, kind: MessageKind): Envelope {
  const [sender, recipient] = kind === MessageKind.INFO ? ['US', 'CH'] : ['CH', 'US'];
  return buildEnvelope({ type: 'case.message_added', sender, recipient, caseId, body: create(CaseMessageAddedSchema, { messageRef: randomUUID(), kind, body: { text: 'hello', language: 'en' } }) });
}

const resolved = (caseId: string) =>
  buildEnvelope({ type: 'case.resolved', sender: 'US', recipient: 'CH', caseId, body: create(CaseResolvedSchema, { resolutionCode: ResolutionCode.DELIVERED }) });

/** A tracking batch from CH (the destination post) with customs scans at Zurich times. */
function customs(itemId: string, ...scans: Array<[code: string, when: string]>) {
  const events = scans.map(([code, when]) => create(TrackingEventSchema, { itemId, code, office: 'CHZRHA', occurredAt: timestampFromDate(new Date(at(when))), utcOffsetMinutes: 60 }));
  return inTransaction((scope) => tracking.route(buildTrackingBatch({ sender: 'CH', events }), scope));
}

interface Snapshot {
  kind: string;
  sequence: number;
  round: number;
  state: string;
  dueAt: number | null;
  remainingMs: number;
  elapsedMs: number;
  pausedFor: string[];
  remindersSent: number;
  nextMilestoneAt: number | null;
  firstResponseAt: number | null;
  met: boolean;
}

const ms = (t: { seconds: bigint; nanos: number } | undefined) => (t ? timestampDate(t as Parameters<typeof timestampDate>[0]).getTime() : null);

function toSnapshot(d: CaseDeadline): Snapshot {
  return {
    kind: DeadlineEventKind[d.kind],
    sequence: Number(d.sequence),
    round: d.round,
    state: DeadlineState[d.state],
    dueAt: ms(d.dueAt),
    remainingMs: Number(d.remainingWorkingMs),
    elapsedMs: Number(d.elapsedWorkingMs),
    pausedFor: d.pauseReasons.map((r) => PauseReason[r]),
    remindersSent: d.remindersSent,
    nextMilestoneAt: ms(d.nextMilestoneAt),
    firstResponseAt: ms(d.firstResponseAt),
    met: d.met,
  };
}

/**
 * The case.deadline snapshots of a case, as the responder (CH) got them, after checking that the
 * origin (US) got exactly the same ones: from the broker, keyed by case, sequence 1, 2, 3, ...
 */
function snapshots(caseId: string): Snapshot[] {
  const entries = sent.filter((e) => e.envelope?.type === 'case.deadline' && e.envelope.caseId === caseId);
  const of = (party: string) => entries.filter((e) => e.envelope!.recipientOperator === party);
  const ch = of('CH');
  const us = of('US');
  expect(entries).toHaveLength(ch.length + us.length);
  for (const e of entries) {
    expect(e).toMatchObject({ topic: topics.caseIn(e.envelope!.recipientOperator), key: caseId });
    expect(e.envelope!.senderOperator).toBe(BROKER_SENDER_CODE);
  }
  expect(us.map((e) => toSnapshot(e.envelope!.body.value as CaseDeadline))).toEqual(ch.map((e) => toSnapshot(e.envelope!.body.value as CaseDeadline)));
  const list = ch.map((e) => toSnapshot(e.envelope!.body.value as CaseDeadline));
  expect(list.map((s) => s.sequence)).toEqual(list.map((_, i) => i + 1));
  return list;
}

const kinds = (caseId: string) => snapshots(caseId).map((s) => s.kind);
const last = (caseId: string) => snapshots(caseId).at(-1)!;

async function row(caseId: string) {
  const [r] = await ds.query(`SELECT state, round, milestones_done, pauses, next_check_at, due_at, sequence::int AS sequence, closed_at, met FROM case_deadlines WHERE case_id = $1`, [caseId]);
  return r;
}

async function open(itemId = newItem(), inquiryType = InquiryType.GENERIC): Promise<string> {
  const env = opened(itemId, inquiryType);
  await expect(route(env)).resolves.toEqual({ routedTo: 'CH', status: 'SUBMITTED' });
  return env.caseId;
}

beforeAll(async () => {
  Logger.overrideLogger(false);
  db = await createTestDatabase('broker');
  ds = await new DataSource({ ...buildBrokerDataSourceOptions(db.url), extra: { max: 4 } }).initialize();
  uow = new UnitOfWork(ds, writer, { wake: () => undefined } as unknown as OutboxRelay);
  metrics = new Registry();
  const deadlineMetrics = new DeadlineMetrics(metrics);
  const repo = new TypeOrmDeadlineRepository(ds);
  deadlines = new DeadlineService(registry, repo, topics, clock, deadlineMetrics);
  const cases = new TypeOrmCaseIndexRepository(ds);
  tracking = new RouteTrackingBatchHandler(registry, new TypeOrmTrackingRouteRepository(ds), cases, topics, deadlines, new TrackingAuthorityMetrics(new Registry()));
  handler = new RouteCaseMessageHandler(registry, cases, topics, tracking, deadlines);
  // Not started: only the tests' tick() calls run it.
  watcher = new DeadlineWatcher(uow, deadlines, repo, deadlineMetrics, { DEADLINE_SCAN_INTERVAL_MS: 1000, DEADLINE_SCAN_BATCH: 500 } as BrokerConfig);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  sent = [];
  clock.set(at('mon 08:00'));
  // Each test watches only its own cases.
  await ds.query(`TRUNCATE case_deadlines, response_facts`);
});

describe('start', () => {
  it('starts round 1 when the case is routed, in the responder’s calendar, and tells both parties', async () => {
    clock.set(at('mon 08:00'));
    const caseId = await open();
    expect(snapshots(caseId)).toEqual([
      {
        kind: 'STARTED',
        sequence: 1,
        round: 1,
        state: 'RUNNING',
        dueAt: at('mon 17:00'),
        remainingMs: 8 * HOUR,
        elapsedMs: 0,
        pausedFor: [],
        remindersSent: 0,
        nextMilestoneAt: at('mon 15:00'),
        firstResponseAt: null,
        met: false,
      },
    ]);
    const [s] = sent.filter((e) => e.envelope?.type === 'case.deadline').map((e) => e.envelope!.body.value as CaseDeadline);
    expect(s).toMatchObject({ network: 'EMS', responderOperator: 'CH', responderTimeZone: 'Europe/Zurich', targetValue: 8, targetWorkingMs: BigInt(8 * HOUR), remindersBeforeEscalation: 3 });
    expect(ms(s.roundStartedAt)).toBe(at('mon 08:00'));
    expect(await row(caseId)).toMatchObject({ state: 'RUNNING', round: 1, milestones_done: 0, sequence: 1, next_check_at: new Date(at('mon 15:00')), due_at: new Date(at('mon 17:00')) });
    // The snapshots are in the real outbox, keyed by case, after the opening itself.
    const outbox = await ds.query(`SELECT topic FROM outbox_messages WHERE message_key = $1 ORDER BY id`, [caseId]);
    expect(outbox.map((r: { topic: string }) => r.topic)).toEqual([topics.caseIn('CH'), topics.caseIn('US'), topics.caseIn('CH')]);
  });

  it('counts working days from the moment the case arrives (FULL_INVESTIGATION: 2 working days)', async () => {
    clock.set(at('mon 10:00'));
    const caseId = await open(newItem(), InquiryType.FULL_INVESTIGATION);
    // Monday at a quarter of its working time → Wednesday at a quarter of its working time.
    // DUE_SOON 2 h before: at the end of Tuesday (end-inclusive: the same working instant as Wednesday 08:00).
    expect(last(caseId)).toMatchObject({ kind: 'STARTED', dueAt: at('wed 10:00'), remainingMs: 16 * HOUR, nextMilestoneAt: at('tue 17:00') });
  });
});

describe('watcher', () => {
  it('sends due soon, overdue, reminders and escalation once each, in order', async () => {
    const caseId = await open();

    clock.set(at('mon 14:59'));
    await expect(watcher.tick()).resolves.toBe(0);
    clock.set(at('mon 15:00'));
    await expect(watcher.tick()).resolves.toBe(1);
    await expect(watcher.tick()).resolves.toBe(0);
    expect(last(caseId)).toMatchObject({ kind: 'DUE_SOON', state: 'DUE_SOON', remindersSent: 1, remainingMs: 2 * HOUR, nextMilestoneAt: at('mon 17:00'), dueAt: at('mon 17:00') });

    clock.set(at('mon 17:00'));
    await expect(watcher.tick()).resolves.toBe(1);
    expect(last(caseId)).toMatchObject({ kind: 'OVERDUE', state: 'OVERDUE', remindersSent: 1, remainingMs: 0, nextMilestoneAt: at('tue 12:00') });

    // The watcher was away: everything due since then goes out in one run, in order.
    clock.set(at('wed 12:30'));
    await expect(watcher.tick()).resolves.toBe(3);
    await expect(watcher.tick()).resolves.toBe(0);
    expect(kinds(caseId)).toEqual(['STARTED', 'DUE_SOON', 'OVERDUE', 'REMINDER', 'REMINDER', 'ESCALATED']);
    expect(snapshots(caseId).slice(3)).toEqual([
      expect.objectContaining({ kind: 'REMINDER', state: 'OVERDUE', remindersSent: 2, remainingMs: -12 * HOUR }),
      expect.objectContaining({ kind: 'REMINDER', state: 'OVERDUE', remindersSent: 3 }),
      expect.objectContaining({ kind: 'ESCALATED', state: 'ESCALATED', remindersSent: 3, nextMilestoneAt: null }),
    ]);
    expect(await row(caseId)).toMatchObject({ state: 'ESCALATED', milestones_done: 5, next_check_at: null, sequence: 6 });

    // Nothing left to send, however long it stays unanswered.
    clock.set(at('nextmon 12:00'));
    await expect(watcher.tick()).resolves.toBe(0);
    expect(snapshots(caseId)).toHaveLength(6);

    const text = await metrics.getSingleMetricAsString('postbridge_deadline_milestones_total');
    expect(text).toMatch(/kind="DUE_SOON"} 1$/m);
    expect(text).toMatch(/kind="REMINDER"} 2$/m);
    expect(text).toMatch(/kind="ESCALATED"} 1$/m);
  });

  it('reports how far behind it is (lag gauge) until it catches up', async () => {
    await open();
    clock.set(at('mon 15:30'));
    const lag = async () => (await metrics.getSingleMetric('postbridge_deadline_watcher_lag_seconds')!.get()).values[0].value;
    await expect(lag()).resolves.toBe(1800);
    await watcher.tick();
    await expect(lag()).resolves.toBe(0);
  });

  it('takes at most DEADLINE_SCAN_BATCH deadlines per run', async () => {
    const small = new DeadlineWatcher(uow, deadlines, new TypeOrmDeadlineRepository(ds), new DeadlineMetrics(new Registry()), {
      DEADLINE_SCAN_INTERVAL_MS: 1000,
      DEADLINE_SCAN_BATCH: 2,
    } as BrokerConfig);
    const ids = [await open(), await open(), await open()];
    clock.set(at('mon 15:00'));
    await expect(small.tick()).resolves.toBe(2);
    await expect(small.tick()).resolves.toBe(1);
    await expect(small.tick()).resolves.toBe(0);
    for (const id of ids) expect(kinds(id)).toEqual(['STARTED', 'DUE_SOON']);
  });
});

describe('pauses', () => {
  it('stops while the responder waits for information and keeps the remaining time exactly', async () => {
    const caseId = await open();
    clock.set(at('mon 10:00'));
    await route(message(caseId, MessageKind.INFO_REQUEST));
    expect(last(caseId)).toMatchObject({ kind: 'PAUSED', state: 'PAUSED', pausedFor: ['AWAITING_INFO'], elapsedMs: 2 * HOUR, remainingMs: 6 * HOUR, dueAt: null, nextMilestoneAt: null, firstResponseAt: at('mon 10:00') });
    expect(await row(caseId)).toMatchObject({ next_check_at: null });

    // Two days pass; nothing is due while the clock stands still.
    clock.set(at('wed 09:30'));
    await expect(watcher.tick()).resolves.toBe(0);

    await route(message(caseId, MessageKind.INFO));
    // 6 h left from Wednesday 09:30: 2.5 h until lunch, 3.5 h after.
    expect(last(caseId)).toMatchObject({ kind: 'RESUMED', state: 'RUNNING', pausedFor: [], elapsedMs: 2 * HOUR, remainingMs: 6 * HOUR, dueAt: at('wed 16:30'), nextMilestoneAt: at('wed 14:30') });
    expect((await row(caseId)).pauses).toEqual([{ reason: 'AWAITING_INFO', from: at('mon 10:00'), to: at('wed 09:30') }]);

    // Paused again and resumed again: still exact.
    clock.set(at('wed 11:00'));
    await route(message(caseId, MessageKind.INFO_REQUEST));
    clock.set(at('thu 08:15'));
    await route(message(caseId, MessageKind.INFO));
    expect(last(caseId)).toMatchObject({ kind: 'RESUMED', elapsedMs: 3.5 * HOUR, remainingMs: 4.5 * HOUR, dueAt: at('thu 13:45') });
    // The first response stays the first one.
    expect(last(caseId).firstResponseAt).toBe(at('mon 10:00'));

    clock.set(at('thu 11:15'));
    await expect(watcher.tick()).resolves.toBe(1);
    expect(last(caseId)).toMatchObject({ kind: 'DUE_SOON', remainingMs: 1.5 * HOUR });
    expect(kinds(caseId)).toEqual(['STARTED', 'PAUSED', 'RESUMED', 'PAUSED', 'RESUMED', 'DUE_SOON']);
  });

  it('stops while the item is held by customs (EME) and restarts on EMF', async () => {
    const itemId = newItem();
    const caseId = await open(itemId);
    clock.set(at('mon 09:00'));
    await expect(customs(itemId, ['EME', 'mon 09:00'])).resolves.toMatchObject({ deadlinesChanged: 1 });
    expect(last(caseId)).toMatchObject({ kind: 'PAUSED', state: 'PAUSED', pausedFor: ['CUSTOMS_HOLD'], elapsedMs: HOUR, remainingMs: 7 * HOUR, dueAt: null });

    clock.set(at('tue 10:00'));
    await expect(watcher.tick()).resolves.toBe(0);
    await customs(itemId, ['EMF', 'tue 10:00']);
    // 7 h left from Tuesday 10:00: 2 h, 4 h, then 1 h on Wednesday.
    expect(last(caseId)).toMatchObject({ kind: 'RESUMED', state: 'RUNNING', pausedFor: [], elapsedMs: HOUR, remainingMs: 7 * HOUR, dueAt: at('wed 09:00') });
    expect((await row(caseId)).pauses).toEqual([{ reason: 'CUSTOMS_HOLD', from: at('mon 09:00'), to: at('tue 10:00') }]);

    // The same scans again (at-least-once tracking): nothing changes, nothing is announced.
    const before = snapshots(caseId).length;
    await expect(customs(itemId, ['EME', 'mon 09:00'], ['EMF', 'tue 10:00'])).resolves.toMatchObject({ deadlinesChanged: 0 });
    expect(snapshots(caseId)).toHaveLength(before);
  });

  it('recalculates when a customs scan arrives late', async () => {
    const itemId = newItem();
    const caseId = await open(itemId);
    clock.set(at('mon 11:00'));
    // A hold that already began and ended while the clock ran: 1 h less used, due 1 h later.
    await customs(itemId, ['EME', 'mon 09:00'], ['EDC', 'mon 10:00']);
    expect(last(caseId)).toMatchObject({ kind: 'RECALCULATED', state: 'RUNNING', elapsedMs: 2 * HOUR, remainingMs: 6 * HOUR, dueAt: at('tue 09:00') });

    // A late EME with no release yet: stopped since the scan, not since it arrived.
    clock.set(at('mon 14:00'));
    await customs(itemId, ['EME', 'mon 11:30']);
    expect(last(caseId)).toMatchObject({ kind: 'PAUSED', pausedFor: ['CUSTOMS_HOLD'], elapsedMs: 2.5 * HOUR, remainingMs: 5.5 * HOUR });
    clock.set(at('mon 15:00'));
    await customs(itemId, ['EDC', 'mon 15:00']);
    expect(last(caseId)).toMatchObject({ kind: 'RESUMED', elapsedMs: 2.5 * HOUR, dueAt: at('tue 11:30') });
    expect(kinds(caseId)).toEqual(['STARTED', 'RECALCULATED', 'PAUSED', 'RESUMED']);
  });

  it('withdraws milestones that a late customs scan shows were premature', async () => {
    const itemId = newItem();
    const caseId = await open(itemId);
    clock.set(at('tue 09:00'));
    await expect(watcher.tick()).resolves.toBe(2);
    expect(last(caseId)).toMatchObject({ kind: 'OVERDUE', state: 'OVERDUE' });
    // The item was in customs Monday 09:00-13:00 (3 working hours): only 6 h were used, not 9.
    await customs(itemId, ['EME', 'mon 09:00'], ['EMF', 'mon 13:00']);
    expect(last(caseId)).toMatchObject({ kind: 'RECALCULATED', state: 'DUE_SOON', elapsedMs: 6 * HOUR, remainingMs: 2 * HOUR, dueAt: at('tue 11:00'), nextMilestoneAt: at('tue 11:00') });
    clock.set(at('tue 11:00'));
    await expect(watcher.tick()).resolves.toBe(1);
    expect(last(caseId)).toMatchObject({ kind: 'OVERDUE', state: 'OVERDUE' });
    expect(kinds(caseId)).toEqual(['STARTED', 'DUE_SOON', 'OVERDUE', 'RECALCULATED', 'OVERDUE']);
  });

  it('starts paused when the item is already held by customs', async () => {
    const itemId = newItem();
    clock.set(at('mon 07:00'));
    await customs(itemId, ['EME', 'mon 07:00']);
    clock.set(at('mon 09:00'));
    const caseId = await open(itemId);
    expect(snapshots(caseId)).toEqual([expect.objectContaining({ kind: 'STARTED', state: 'PAUSED', pausedFor: ['CUSTOMS_HOLD'], elapsedMs: 0, remainingMs: 8 * HOUR, dueAt: null })]);
    clock.set(at('tue 08:00'));
    await customs(itemId, ['EMF', 'tue 08:00']);
    expect(last(caseId)).toMatchObject({ kind: 'RESUMED', dueAt: at('tue 17:00') });
  });

  it('counts overlapping pauses once', async () => {
    const itemId = newItem();
    const caseId = await open(itemId);
    clock.set(at('mon 09:00'));
    await route(message(caseId, MessageKind.INFO_REQUEST));
    clock.set(at('mon 10:00'));
    await customs(itemId, ['EME', 'mon 10:00']);
    expect(last(caseId)).toMatchObject({ kind: 'PAUSED', pausedFor: ['AWAITING_INFO', 'CUSTOMS_HOLD'] });
    clock.set(at('mon 11:00'));
    await route(message(caseId, MessageKind.INFO));
    // Information arrived, but the item is still held: the clock still stands.
    expect(last(caseId)).toMatchObject({ kind: 'RESUMED', state: 'PAUSED', pausedFor: ['CUSTOMS_HOLD'], elapsedMs: HOUR });
    clock.set(at('mon 14:00'));
    await customs(itemId, ['EMF', 'mon 14:00']);
    expect(last(caseId)).toMatchObject({ kind: 'RESUMED', state: 'RUNNING', elapsedMs: HOUR, remainingMs: 7 * HOUR });
  });
});

describe('customs authority', () => {
  /** A tracking batch from any post, with scans at the given offices at Zurich times. */
  function scans(sender: string, itemId: string, ...list: Array<[code: string, office: string, when: string]>) {
    const events = list.map(([code, office, when]) => create(TrackingEventSchema, { itemId, code, office, occurredAt: timestampFromDate(new Date(at(when))), utcOffsetMinutes: 60 }));
    return inTransaction((scope) => tracking.route(buildTrackingBatch({ sender, events }), scope));
  }

  it('a customs hold moves the clock only when the destination post scanned it', async () => {
    const itemId = newItem();
    const caseId = await open(itemId);
    clock.set(at('mon 09:00'));
    // DE is no party of this US→CH item: at a CH office it does not own, and at its own.
    await expect(scans('DE', itemId, ['EME', 'CHZRHA', 'mon 09:00'])).resolves.toMatchObject({ refused: { TRACKING_OFFICE_NOT_OWNED: 1 }, deadlinesChanged: 0 });
    await expect(scans('DE', itemId, ['EME', 'DEFRAA', 'mon 09:00'])).resolves.toMatchObject({ refused: { TRACKING_ROUTE_CONFLICT: 1 }, deadlinesChanged: 0 });
    // The origin is a party, routed, but its customs scan is not the destination's.
    await expect(scans('US', itemId, ['EME', 'USJFKA', 'mon 09:00'])).resolves.toMatchObject({ delivered: { CH: 1 }, deadlinesChanged: 0 });
    expect(kinds(caseId)).toEqual(['STARTED']);
    expect((await row(caseId)).pauses).toEqual([]);
    await expect(ds.query(`SELECT count(*)::int AS n FROM item_customs_events WHERE item_id = $1`, [itemId])).resolves.toEqual([{ n: 0 }]);

    await expect(scans('CH', itemId, ['EME', 'CHZRHA', 'mon 09:00'])).resolves.toMatchObject({ deadlinesChanged: 1 });
    expect(last(caseId)).toMatchObject({ kind: 'PAUSED', pausedFor: ['CUSTOMS_HOLD'] });
  });

  it('a hold the destination scanned before the case existed counts once the case names it the destination', async () => {
    const itemId = newItem();
    clock.set(at('mon 07:00'));
    // No despatch, no case: CH might be the destination, so its scan waits (nobody gets it).
    await expect(scans('CH', itemId, ['EME', 'CHZRHA', 'mon 07:00'])).resolves.toMatchObject({ held: 1, delivered: {}, deadlinesChanged: 0 });
    clock.set(at('mon 09:00'));
    const caseId = await open(itemId);
    expect(snapshots(caseId)).toEqual([expect.objectContaining({ kind: 'STARTED', state: 'PAUSED', pausedFor: ['CUSTOMS_HOLD'] })]);
  });

  it('a back-dated hold withdraws announced milestones only within the network file’s window (72 h here)', async () => {
    const itemId = newItem();
    const caseId = await open(itemId);
    // 36 working hours later every milestone is out: DUE_SOON, OVERDUE, REMINDER 2 and 3, ESCALATED (20 h).
    clock.set(at('fri 12:00'));
    await expect(watcher.tick()).resolves.toBe(5);
    expect((await row(caseId)).milestones_done).toBe(5);

    // CH now says the item was held from Monday 08:30 to Wednesday 17:00 (23.5 working hours).
    // Only the part after Tuesday 12:00 (72 h ago) counts: 12 working hours, so 24 h were used.
    await scans('CH', itemId, ['EME', 'CHZRHA', 'mon 08:30'], ['EMF', 'CHZRHA', 'wed 17:00']);
    expect(last(caseId)).toMatchObject({ kind: 'RECALCULATED', elapsedMs: 24 * HOUR });
    expect((await row(caseId)).milestones_done).toBe(5);
    expect((await row(caseId)).pauses).toEqual([{ reason: 'CUSTOMS_HOLD', from: at('tue 12:00'), to: at('wed 17:00') }]);
  });
});

describe('answers and rounds', () => {
  it('records a met answer as a response fact, then times a follow-up as round 2', async () => {
    const caseId = await open();
    clock.set(at('mon 10:00'));
    await route(message(caseId, MessageKind.INFO_REQUEST));
    clock.set(at('wed 09:30'));
    await route(message(caseId, MessageKind.INFO));
    clock.set(at('wed 15:00'));
    await route(message(caseId, MessageKind.REPLY));
    expect(last(caseId)).toMatchObject({ kind: 'ANSWERED', state: 'MET', met: true, elapsedMs: 6.5 * HOUR, remainingMs: 1.5 * HOUR, dueAt: null, nextMilestoneAt: null, pausedFor: [] });
    expect(await row(caseId)).toMatchObject({ state: 'MET', met: true, closed_at: new Date(at('wed 15:00')), next_check_at: null });

    // Nothing is watched after the answer (round 1 would be overdue by now).
    clock.set(at('thu 08:30'));
    await expect(watcher.tick()).resolves.toBe(0);

    // The origin follows up: a new round with the full target and fresh reminders.
    clock.set(at('thu 09:00'));
    await route(message(caseId, MessageKind.INFO));
    expect(last(caseId)).toMatchObject({ kind: 'STARTED', round: 2, state: 'RUNNING', remindersSent: 0, elapsedMs: 0, remainingMs: 8 * HOUR, dueAt: at('fri 09:00'), met: false });
    clock.set(at('fri 10:00'));
    await expect(watcher.tick()).resolves.toBe(2);
    await route(message(caseId, MessageKind.REPLY));
    expect(last(caseId)).toMatchObject({ kind: 'ANSWERED', round: 2, state: 'MISSED', met: false, elapsedMs: 9 * HOUR, remainingMs: -1 * HOUR });
    expect(kinds(caseId)).toEqual(['STARTED', 'PAUSED', 'RESUMED', 'ANSWERED', 'STARTED', 'DUE_SOON', 'OVERDUE', 'ANSWERED']);

    const facts = await ds.query(
      `SELECT round, network, origin_operator, responder_operator, inquiry_type, product_family, requested_at, answered_at,
              working_ms::int, paused_working_ms::int, target_ms::int, met, first_response_at, first_response_working_ms::int
       FROM response_facts WHERE case_id = $1 ORDER BY round`,
      [caseId],
    );
    expect(facts).toEqual([
      {
        round: 1,
        network: 'EMS',
        origin_operator: 'US',
        responder_operator: 'CH',
        inquiry_type: 'GENERIC',
        product_family: 'EMS',
        requested_at: new Date(at('mon 08:00')),
        answered_at: new Date(at('wed 15:00')),
        working_ms: 6.5 * HOUR,
        // Monday 10:00 to Wednesday 09:30 waiting for information: 6 + 8 + 1.5 working hours.
        paused_working_ms: 15.5 * HOUR,
        target_ms: 8 * HOUR,
        met: true,
        first_response_at: new Date(at('mon 10:00')),
        first_response_working_ms: 2 * HOUR,
      },
      expect.objectContaining({ round: 2, requested_at: new Date(at('thu 09:00')), answered_at: new Date(at('fri 10:00')), working_ms: 9 * HOUR, paused_working_ms: 0, met: false }),
    ]);
  });

  it('resolving stops a running clock; nothing is sent after', async () => {
    const caseId = await open();
    clock.set(at('mon 16:00'));
    await expect(watcher.tick()).resolves.toBe(1);
    await route(resolved(caseId));
    expect(last(caseId)).toMatchObject({ kind: 'STOPPED', state: 'STOPPED', elapsedMs: 7 * HOUR, dueAt: null, nextMilestoneAt: null });
    expect(await row(caseId)).toMatchObject({ state: 'STOPPED', next_check_at: null });
    clock.set(at('wed 17:00'));
    await expect(watcher.tick()).resolves.toBe(0);
    expect(kinds(caseId)).toEqual(['STARTED', 'DUE_SOON', 'STOPPED']);
    expect(await ds.query(`SELECT 1 FROM response_facts WHERE case_id = $1`, [caseId])).toEqual([]);
  });

  it('resolving after an answer changes nothing', async () => {
    const caseId = await open();
    clock.set(at('mon 09:00'));
    await route(message(caseId, MessageKind.REPLY));
    await route(resolved(caseId));
    expect(kinds(caseId)).toEqual(['STARTED', 'ANSWERED']);
  });

  it('leaves the clock of a responder removed from the network file alone, without blocking routing or the watcher', async () => {
    const caseId = await open();
    const gone = new OperatorRegistry(
      registry.all().filter((o) => o.code !== 'CH'),
      registry.agreements(),
    );
    const service = new DeadlineService(gone, new TypeOrmDeadlineRepository(ds), topics, clock, new DeadlineMetrics(new Registry()));
    clock.set(at('mon 16:00'));
    await inTransaction((scope) => service.messageRouted(caseId, 'INFO_REQUEST', 'DESTINATION', scope));
    await inTransaction((scope) => service.caseResolved(caseId, scope));
    const w = new DeadlineWatcher(uow, service, new TypeOrmDeadlineRepository(ds), new DeadlineMetrics(new Registry()), { DEADLINE_SCAN_INTERVAL_MS: 1000, DEADLINE_SCAN_BATCH: 10 } as BrokerConfig);
    await expect(w.tick()).resolves.toBe(0);
    expect(kinds(caseId)).toEqual(['STARTED']);
    expect(await row(caseId)).toMatchObject({ state: 'RUNNING', sequence: 1, next_check_at: new Date(at('mon 17:00')) });
  });

  it('a refused message moves no clock', async () => {
    const caseId = await open();
    clock.set(at('mon 09:00'));
    // The origin may not reply to its own case: refused, and the deadline does not notice.
    const wrong = buildEnvelope({ type: 'case.message_added', sender: 'US', recipient: 'CH', caseId, body: create(CaseMessageAddedSchema, { messageRef: randomUUID(), kind: MessageKind.REPLY, body: { text: 'x', language: 'en' } }) });
    await expect(route(wrong)).resolves.toMatchObject({ refused: { reason: 'INVALID_MESSAGE' } });
    expect(kinds(caseId)).toEqual(['STARTED']);
  });
});
