import { randomUUID } from 'node:crypto';
import { DevSigningKeys, KafkaPrincipals, sealAsSent } from '@postbridge/dev-infra';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Consumer, Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import { DateTime } from 'luxon';
import {
  buildEnvelope,
  CaseDeadline,
  CaseMessageAddedSchema,
  CaseOpenedSchema,
  InquiryReason,
  create,
  decodeEnvelope,
  openSigned,
  sealPayload,
  DeadlineEventKind,
  encodeEnvelope,
  Envelope,
  InquiryType,
  MessageKind,
  TopicNames,
} from '@postbridge/contracts';
import { label } from '@postbridge/catalogue';
import { s10CheckDigit } from '@postbridge/domain';
import { UnitOfWork } from '@postbridge/messaging';
import { ManualClock } from '@postbridge/platform';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { TestRealms } from '../../../../test/harness/identity';
import { provisionTestTopics, testKafkaConfig, testKafkaEnv, uniqueTopicPrefix } from '../../../../test/harness/kafka';
import { BROKER_SENDER_CODE } from '../broker.constants';
import { bootstrapBroker, RunningBroker } from '../broker.bootstrap';
import { NetworkFileError } from '../registry/network-file.loader';
import { RouteCaseMessageHandler, RoutingOutcome } from '../routing/route-case-message.handler';

// The deadline REST API of an assembled broker (HTTP, database, Kafka) on a ManualClock. The
// response facts behind the report are made by the real flow: messages routed by the app's own
// handler in the app's own transactions, answers timed by its clock. The last test goes through
// Kafka end to end and lets the watcher's own timer send a reminder.
jest.setTimeout(60_000);

const HOUR = 3_600_000;
const prefix = uniqueTopicPrefix();
const topics = new TopicNames(prefix);
const fixture = join(__dirname, 'testing/network.fixture.json');
const keys = DevSigningKeys.generate(['CH', 'US', 'DE']);
const fixtureJson = JSON.parse(readFileSync(fixture, 'utf8'));
const ring = keys.ring(fixtureJson);
/** A value as it arrived on a topic, its signature checked. */
const received$ = (value: Buffer | null) => decodeEnvelope(openSigned('Envelope', value, ring, Date.now()).payload);
const clock = new ManualClock(0);
let dir: string;
let realms: TestRealms;
let db: TestDatabase;
let broker: RunningBroker;
let kafka: Kafka;
let producer: Producer;
let consumer: Consumer;
const received: Array<{ topic: string; message: KafkaMessage }> = [];
let serial = 61_000_000;

/** Wall-clock time in a zone → epoch ms; days of the week of Monday 2 March 2026. */
function at(when: string, zone = 'Europe/Zurich'): number {
  const [day, time] = when.split(' ');
  const date = { mon: '2026-03-02', tue: '2026-03-03', wed: '2026-03-04', thu: '2026-03-05', fri: '2026-03-06' }[day]!;
  return DateTime.fromISO(`${date}T${time}`, { zone }).toMillis();
}
const ny = (when: string) => at(when, 'America/New_York');

function item(prefix2: string, country: string): string {
  const s = String(serial++);
  return `${prefix2}${s}${s10CheckDigit(s)}${country}`;
}

function opened(origin: string, destination: string, itemId: string, inquiryType = InquiryType.GENERIC): Envelope {
  return buildEnvelope({
    type: 'case.opened',
    sender: origin,
    recipient: destination,
    caseId: randomUUID(),
    body: create(CaseOpenedSchema, { reasons: [InquiryReason.NOT_ARRIVED], itemId, inquiryType, originOperator: origin, destinationOperator: destination, customer: { name: 'Jane Doe' }, description: { text: 'not arrived', language: 'en' } }),
  });
}

function message(c: Envelope, kind: MessageKind): Envelope {
  // INFO comes from the origin, the rest from the responder.
  const [sender, recipient] = kind === MessageKind.INFO ? [c.senderOperator, c.recipientOperator] : [c.recipientOperator, c.senderOperator];
  return buildEnvelope({ type: 'case.message_added', sender, recipient, caseId: c.caseId, body: create(CaseMessageAddedSchema, { messageRef: randomUUID(), kind, body: { text: 'hello', language: 'en' } }) });
}

/** Routed by the running broker's own handler, in its own transaction (outbox, relay and all). */
async function route(envelope: Envelope): Promise<RoutingOutcome> {
  const handler = broker.app.get(RouteCaseMessageHandler);
  await sealAsSent(envelope, keys.sealer());
  return broker.app.get(UnitOfWork).run((scope) => handler.route(envelope, scope));
}

/** As hub operations, with a real token of the hub realm. */
async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; body: any; text: string; headers: Headers }> {
  const res = await fetch(`${broker.url}${path}`, { headers: { authorization: `Bearer ${await realms.token('hub', 'hub-ops')}`, ...headers } });
  const text = await res.text();
  const type = res.headers.get('content-type');
  return { status: res.status, type, text, body: type?.startsWith('application/json') ? JSON.parse(text) : null, headers: res.headers };
}

/** Hour and minute of an instant on a zone's wall clock as `locale` writes them, by Intl alone (not the catalogue). */
function hourMinute(at: number | string, timeZone: string, locale = 'en-GB'): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(at));
  return ['hour', 'literal', 'minute'].map((t) => parts.find((p) => p.type === t)!.value).join('');
}

async function waitFor<T>(find: () => T | undefined, what: string, ms = 40_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = find();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  realms = await TestRealms.create(prefix, ['CH', 'US', 'DE']);
  dir = mkdtempSync(join(tmpdir(), 'pb-deadlines-it-'));
  writeFileSync(join(dir, 'network.json'), JSON.stringify(keys.applyTo(fixtureJson)));
  db = await createTestDatabase('broker');
  await provisionTestTopics(prefix, ['CH', 'US', 'DE'], 1);
  kafka = new Kafka(testKafkaConfig('deadlines-it'));
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  consumer = kafka.consumer({ groupId: `${prefix}.observer`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.caseIn('CH'), topics.caseIn('US')], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ topic, message }) => void received.push({ topic, message }) });
  clock.set(at('mon 08:00'));
  broker = await bootstrapBroker(
    {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      DATABASE_URL: db.url,
      ...testKafkaEnv(KafkaPrincipals.broker),
      TOPIC_PREFIX: prefix,
      NETWORK_FILE: join(dir, 'network.json'),
      ...keys.env(BROKER_SENDER_CODE),
      KAFKA_MAX_WAIT_MS: '20',
      LOG_LEVEL: 'fatal',
      PB_DEFAULT_METRICS: 'off',
      DEADLINE_SCAN_INTERVAL_MS: '50',
      ...realms.brokerEnv(),
    },
    { clock },
  );
});

afterAll(async () => {
  await broker?.app.close();
  await consumer?.disconnect().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
  await realms?.delete();
});

it('refuses to boot on a network file with problems, listing them all', async () => {
  const bad = JSON.parse(readFileSync(fixture, 'utf8'));
  bad.operators[0].networks = ['EMS', 'PRIME'];
  bad.operators[1].calendar = { weeklyHours: { mon: [['17:00', '09:00']] } };
  delete bad.networks[1].responseTargets.GENERIC;
  const path = join(dir, 'bad.json');
  writeFileSync(path, JSON.stringify(bad));
  const err = await bootstrapBroker({ DATABASE_URL: db.url, ...testKafkaEnv(KafkaPrincipals.broker), ...realms.brokerEnv(), NETWORK_FILE: path, ...keys.env(BROKER_SENDER_CODE) }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NetworkFileError);
  expect((err as NetworkFileError).problems).toEqual([
    'networks.1.responseTargets: no target for GENERIC, which the network allows',
    'operators.0.networks: PRIME is not declared in networks (declared: EMS, PARCELS)',
    expect.stringMatching(/^operators\.1\.calendar: weeklyHours\.mon/),
    'operators.1.calendar: weeklyHours: no working period on any weekday',
  ]);
});

it('uses the injected clock', () => {
  expect(broker.clock).toBe(clock);
});

describe('response facts, deadlines and the report', () => {
  // CH answers EMS GENERIC cases (target 8 working hours; Zurich, 08-12 and 13-17).
  const a = opened('US', 'CH', item('EE', 'US'));
  const b = opened('US', 'CH', item('EE', 'US'));
  const c = opened('US', 'CH', item('EE', 'US'));
  const d = opened('US', 'CH', item('EE', 'US'));
  // US answers a PARCELS GENERIC case (target 2 working days; New York, 09-12 and 13-17).
  const e = opened('CH', 'US', item('CP', 'CH'));
  // Still open at the end: F running, G waiting for information.
  const f = opened('US', 'CH', item('EE', 'US'));
  const g = opened('US', 'CH', item('EE', 'US'), InquiryType.FULL_INVESTIGATION);

  const step = async (when: number, ...envelopes: Envelope[]) => {
    clock.set(when);
    for (const env of envelopes) await expect(route(env)).resolves.toMatchObject({ routedTo: env.recipientOperator });
  };

  beforeAll(async () => {
    await step(at('mon 08:00'), a, b, c, d);
    await step(at('mon 09:00'), message(b, MessageKind.INFO_REQUEST)); // B: first response after 1 h, clock stops
    await step(at('mon 10:00'), message(a, MessageKind.REPLY)); // A: 2 h, met
    await step(at('mon 12:00'), message(d, MessageKind.REPLY)); // D round 1: 4 h, met
    await step(at('mon 13:00'), message(d, MessageKind.INFO)); // D round 2 starts
    await step(at('tue 08:00'), message(b, MessageKind.INFO)); // B runs again (1 h used)
    await step(at('tue 10:00'), message(c, MessageKind.REPLY)); // C: 10 h, missed
    await step(at('tue 14:00'), message(b, MessageKind.REPLY), message(d, MessageKind.REPLY)); // B: 6 h, met; D round 2: 9 h, missed
    await step(ny('wed 09:00'), e);
    await step(at('wed 16:00'), f, g, message(g, MessageKind.INFO_REQUEST)); // 10:00 in New York
    await step(ny('wed 12:00'), message(e, MessageKind.REPLY)); // E: 3 h, met; 18:00 in Zurich
  });

  it('reports per responder and network: counts, on-time rate, median and p90, median first response', async () => {
    const res = await get('/reports/response-times');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: null,
      to: null,
      generatedAt: new Date(ny('wed 12:00')).toISOString(),
      rows: [
        // Working hours [2, 6, 10, 4, 9]; first responses (round 1 only) [2, 1, 10, 4].
        { responder: 'CH', network: 'EMS', answered: 5, met: 3, missed: 2, onTimeRate: 0.6, medianWorkingHours: 6, p90WorkingHours: 9.6, medianFirstResponseWorkingHours: 3 },
        { responder: 'US', network: 'PARCELS', answered: 1, met: 1, missed: 0, onTimeRate: 1, medianWorkingHours: 3, p90WorkingHours: 3, medianFirstResponseWorkingHours: 3 },
      ],
      // No Accept-Language, no tz: English, UTC.
      display: { language: 'en', locale: 'en', timeZone: 'UTC', direction: 'ltr', from: null, to: null, generatedAt: expect.stringContaining(hourMinute(ny('wed 12:00'), 'UTC', 'en')) },
    });
    expect(res.headers.get('content-language')).toBe('en');
    expect(res.headers.get('vary')).toBe('Accept-Language');
  });

  it('filters by answer time, responder and network', async () => {
    // Answered on Tuesday (UTC): C 10 h missed, B 6 h met, D round 2 9 h missed.
    const tuesday = await get(`/reports/response-times?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z`);
    expect(tuesday.body).toMatchObject({
      from: '2026-03-03T00:00:00.000Z',
      to: '2026-03-04T00:00:00.000Z',
      rows: [{ responder: 'CH', network: 'EMS', answered: 3, met: 1, missed: 2, onTimeRate: 0.3333, medianWorkingHours: 9, p90WorkingHours: 9.8, medianFirstResponseWorkingHours: 5.5 }],
    });
    expect((await get('/reports/response-times?responder=US')).body.rows).toEqual([expect.objectContaining({ responder: 'US', network: 'PARCELS' })]);
    expect((await get('/reports/response-times?network=EMS')).body.rows).toEqual([expect.objectContaining({ responder: 'CH', network: 'EMS', answered: 5 })]);
    expect((await get('/reports/response-times?responder=DE')).body.rows).toEqual([]);
  });

  it('gives the same report as CSV', async () => {
    const res = await get('/reports/response-times?format=csv');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expect(res.text).toBe(
      'responder,network,answered,met,missed,onTimeRate,medianWorkingHours,p90WorkingHours,medianFirstResponseWorkingHours\r\n' +
        'CH,EMS,5,3,2,0.6,6,9.6,3\r\n' +
        'US,PARCELS,1,1,0,1,3,3,3\r\n',
    );
    const empty = await get('/reports/response-times?format=csv&responder=DE');
    expect(empty.text.split('\r\n')).toEqual(['responder,network,answered,met,missed,onTimeRate,medianWorkingHours,p90WorkingHours,medianFirstResponseWorkingHours', '']);
  });

  it('rejects bad report queries with a code', async () => {
    expect(await get('/reports/response-times?format=xml')).toMatchObject({ status: 400, body: { code: 'INVALID_FORMAT' } });
    expect(await get('/reports/response-times?from=yesterday')).toMatchObject({ status: 400, body: { code: 'INVALID_DATE' } });
    expect(await get('/reports/response-times?from=2026-03-04T00:00:00Z&to=2026-03-03T00:00:00Z')).toMatchObject({ status: 400, body: { code: 'INVALID_RANGE' } });
    expect(await get('/reports/response-times?responder=ch')).toMatchObject({ status: 400, body: { code: 'INVALID_OPERATOR_CODE' } });
  });

  it('lists deadlines soonest due first, with the clock’s view of each', async () => {
    const all = await get('/deadlines?responder=CH&pageSize=200');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(6);
    const items = all.body.items as Array<{ caseId: string; dueAt: string | null }>;
    // Due times ascending, the paused one (no due time) last.
    const dues = items.map((i) => i.dueAt);
    expect(dues.slice(0, -1).every((x, i, xs) => x !== null && (i === 0 || xs[i - 1]! <= x))).toBe(true);
    expect(items.at(-1)!.caseId).toBe(g.caseId);

    const running = await get('/deadlines?state=RUNNING');
    expect(running.body).toEqual({
      page: 1,
      pageSize: 50,
      total: 1,
      items: [
        {
          caseId: f.caseId,
          itemId: (f.body.value as { itemId: string }).itemId,
          network: 'EMS',
          originOperator: 'US',
          responderOperator: 'CH',
          responderTimeZone: 'Europe/Zurich',
          inquiryType: 'GENERIC',
          productFamily: 'EMS',
          round: 1,
          target: { value: 8, unit: 'WORKING_HOURS', workingMs: 8 * HOUR },
          state: 'RUNNING',
          lastEvent: 'STARTED',
          sequence: 1,
          roundStartedAt: new Date(at('wed 16:00')).toISOString(),
          // 1 h on Wednesday, 7 h on Thursday.
          dueAt: new Date(at('thu 16:00')).toISOString(),
          dueAtResponderLocal: '2026-03-05T16:00:00.000+01:00',
          nextMilestoneAt: new Date(at('thu 14:00')).toISOString(),
          // Now (18:00 in Zurich): one working hour used.
          elapsedWorkingMs: HOUR,
          remainingWorkingMs: 7 * HOUR,
          pausedFor: [],
          remindersSent: 0,
          remindersBeforeEscalation: 3,
          firstResponseAt: null,
          met: null,
          closedAt: null,
          display: {
            language: 'en',
            locale: 'en',
            timeZone: 'UTC',
            direction: 'ltr',
            inquiryType: label('inquiryType', 'GENERIC', 'en'),
            productFamily: label('productFamily', 'EMS', 'en'),
            state: label('deadlineState', 'RUNNING', 'en'),
            lastEvent: label('deadlineEventKind', 'STARTED', 'en'),
            targetUnit: label('targetUnit', 'WORKING_HOURS', 'en'),
            pausedFor: [],
            roundStartedAt: expect.stringContaining(hourMinute(at('wed 16:00'), 'UTC', 'en')),
            dueAt: expect.stringContaining(hourMinute(at('thu 16:00'), 'UTC', 'en')),
            dueAtResponder: expect.stringContaining(hourMinute(at('thu 16:00'), 'Europe/Zurich', 'en')),
            nextMilestoneAt: expect.stringContaining(hourMinute(at('thu 14:00'), 'UTC', 'en')),
            firstResponseAt: null,
            closedAt: null,
          },
        },
      ],
    });

    const paused = await get('/deadlines?state=PAUSED');
    expect(paused.body.items).toEqual([expect.objectContaining({ caseId: g.caseId, dueAt: null, dueAtResponderLocal: null, pausedFor: ['AWAITING_INFO'], lastEvent: 'PAUSED', sequence: 2 })]);
    expect(paused.body.items[0].display).toMatchObject({ dueAt: null, dueAtResponder: null, pausedFor: [label('pauseReason', 'AWAITING_INFO', 'en')], inquiryType: label('inquiryType', 'FULL_INVESTIGATION', 'en') });

    const missed = await get('/deadlines?state=MISSED');
    expect(missed.body.items.map((i: { caseId: string }) => i.caseId).sort()).toEqual([c.caseId, d.caseId].sort());
    expect(missed.body.items.find((i: { caseId: string }) => i.caseId === d.caseId)).toMatchObject({ round: 2, met: false, closedAt: new Date(at('tue 14:00')).toISOString(), elapsedWorkingMs: 9 * HOUR, remainingWorkingMs: -1 * HOUR });

    const parcels = await get('/deadlines?network=PARCELS');
    expect(parcels.body.items).toEqual([expect.objectContaining({ caseId: e.caseId, responderOperator: 'US', responderTimeZone: 'America/New_York', state: 'MET', target: { value: 2, unit: 'WORKING_DAYS', workingMs: 14 * HOUR } })]);

    const page2 = await get('/deadlines?responder=CH&pageSize=4&page=2');
    expect(page2.body).toMatchObject({ page: 2, pageSize: 4, total: 6 });
    expect(page2.body.items.map((i: { caseId: string }) => i.caseId)).toEqual(items.slice(4).map((i) => i.caseId));

    expect(await get('/deadlines?state=LATE')).toMatchObject({ status: 400, body: { code: 'INVALID_DEADLINE_STATE' } });
    expect(await get('/deadlines?network=e%20m%20s')).toMatchObject({ status: 400, body: { code: 'INVALID_NETWORK_CODE' } });
  });

  it("renders labels and wall times for the reader: Accept-Language, ?tz=, else English and UTC", async () => {
    const ja = { 'accept-language': 'ja-JP, ja;q=0.9, en;q=0.5' };
    const running = await get('/deadlines?state=RUNNING&tz=Asia/Tokyo', ja);
    expect(running.status).toBe(200);
    expect(running.headers.get('content-language')).toBe('ja-JP');
    expect(running.headers.get('vary')).toBe('Accept-Language');
    const f = running.body.items[0];
    // The codes do not change with the reader.
    expect(f).toMatchObject({ inquiryType: 'GENERIC', state: 'RUNNING', lastEvent: 'STARTED', target: { unit: 'WORKING_HOURS' }, dueAt: new Date(at('thu 16:00')).toISOString() });
    expect(f.display).toMatchObject({
      language: 'ja',
      locale: 'ja-JP',
      timeZone: 'Asia/Tokyo',
      direction: 'ltr',
      inquiryType: label('inquiryType', 'GENERIC', 'ja'),
      productFamily: label('productFamily', 'EMS', 'ja'),
      state: label('deadlineState', 'RUNNING', 'ja'),
      lastEvent: label('deadlineEventKind', 'STARTED', 'ja'),
      targetUnit: label('targetUnit', 'WORKING_HOURS', 'ja'),
    });
    // Thursday 16:00 in Zurich is 15:00 UTC and midnight in Tokyo (the 6th); the responder's clock stays Zurich's.
    expect(f.display.dueAt).toContain(hourMinute(at('thu 16:00'), 'Asia/Tokyo'));
    expect(f.display.dueAt).not.toContain(hourMinute(at('thu 16:00'), 'UTC'));
    expect(f.display.dueAt).toMatch(/2026.3.6/);
    expect(f.display.dueAtResponder).toContain(hourMinute(at('thu 16:00'), 'Europe/Zurich'));
    expect(f.display.dueAtResponder).toMatch(/2026.3.5/);

    // Swiss German, New York wall times; a zone in any case is named canonically.
    const de = await get('/reports/response-times?tz=america/new_york', { 'accept-language': 'de-CH' });
    expect(de.headers.get('content-language')).toBe('de-CH');
    expect(de.body.display).toEqual({ language: 'de', locale: 'de-CH', timeZone: 'America/New_York', direction: 'ltr', from: null, to: null, generatedAt: expect.stringContaining(hourMinute(ny('wed 12:00'), 'America/New_York')) });
    expect(de.body.rows).toEqual((await get('/reports/response-times')).body.rows);
    const tuesday = await get('/reports/response-times?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z&tz=Asia/Tokyo', { 'accept-language': 'de' });
    expect(tuesday.body.display.from).toContain(hourMinute('2026-03-03T00:00:00Z', 'Asia/Tokyo'));
    expect(tuesday.body.display.to).toMatch(/4\.\s?März 2026/);

    // The CSV has codes and figures only: the same bytes for every reader, in no language.
    const csv = await get('/reports/response-times?format=csv&tz=Asia/Tokyo', ja);
    expect(csv.text).toBe((await get('/reports/response-times?format=csv')).text);
    expect(csv.text.split('\r\n')[0]).toBe('responder,network,answered,met,missed,onTimeRate,medianWorkingHours,p90WorkingHours,medianFirstResponseWorkingHours');
    expect(csv.headers.get('content-language')).toBeNull();

    // The case index: status, inquiry type and the instants, in Arabic.
    const list = await get(`/cases?operator=CH&status=AWAITING_INFO&tz=Europe/Zurich`, { 'accept-language': 'ar' });
    expect(list.headers.get('content-language')).toBe('ar');
    expect(list.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([g.caseId]);
    expect(list.body.items[0]).toMatchObject({ status: 'AWAITING_INFO', inquiryType: 'FULL_INVESTIGATION', lastMessageType: 'case.message_added' });
    expect(list.body.items[0].display).toMatchObject({
      language: 'ar',
      direction: 'rtl',
      timeZone: 'Europe/Zurich',
      status: label('caseStatus', 'AWAITING_INFO', 'ar'),
      inquiryType: label('inquiryType', 'FULL_INVESTIGATION', 'ar'),
      resolution: null,
      refusal: null,
      resolvedAt: null,
    });
    const one = await get(`/cases/${a.caseId}?tz=Asia/Tokyo`, { 'accept-language': 'fr-CA, fr;q=0.8' });
    expect(one.headers.get('content-language')).toBe('fr-CA');
    expect(one.body).toMatchObject({ inquiryType: 'GENERIC', display: { language: 'fr', locale: 'fr-CA', timeZone: 'Asia/Tokyo', status: label('caseStatus', one.body.status, 'fr'), inquiryType: label('inquiryType', 'GENERIC', 'fr') } });
    // The index keeps the envelopes' own times (when the test built them); shown on Tokyo's clock, the Canadian way (01 h 52).
    expect(one.body.display.openedAt).toContain(hourMinute(one.body.openedAt, 'Asia/Tokyo', 'fr-CA'));
    expect(one.body.display.lastMessageAt).toContain(hourMinute(one.body.lastMessageAt, 'Asia/Tokyo', 'fr-CA'));

    // The registry carries no catalogue codes: not rendered, no Content-Language.
    expect((await get('/operators', ja)).headers.get('content-language')).toBeNull();
  });

  it('refuses a time zone that is not an IANA zone with INVALID_TIME_ZONE, in English', async () => {
    for (const path of ['/deadlines?tz=Mars/Olympus', '/reports/response-times?format=csv&tz=CEST', `/cases?tz=`, `/cases/${a.caseId}?tz=Europe/Atlantis`, '/deadlines?tz=UTC&tz=Asia/Tokyo']) {
      const res = await get(path, { 'accept-language': 'ja' });
      expect({ path, status: res.status, code: res.body?.code }).toEqual({ path, status: 400, code: 'INVALID_TIME_ZONE' });
      expect(res.headers.get('content-language')).toBe('en');
    }
  });

  it('documents both endpoints with stable operation ids', async () => {
    const doc = (await get('/docs-json')).body as { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, unknown> }> }>> };
    expect(doc.paths['/deadlines'].get.operationId).toBe('listDeadlines');
    expect(doc.paths['/reports/response-times'].get.operationId).toBe('getResponseTimeReport');
    expect(Object.keys(doc.paths['/reports/response-times'].get.responses['200'].content ?? {})).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
    // Every rendered route documents its reader inputs once.
    const params = doc.paths as unknown as Record<string, { get: { parameters: Array<{ name: string; in: string }> } }>;
    for (const path of ['/deadlines', '/reports/response-times', '/cases', '/cases/{caseId}']) {
      const names = params[path].get.parameters.map((p) => `${p.in}:${p.name}`);
      expect(names.filter((n) => n === 'query:tz' || n === 'header:Accept-Language').sort()).toEqual(['header:Accept-Language', 'query:tz']);
    }
  });
});

it('over Kafka: the deadline goes to both parties, and the watcher’s timer sends the reminder', async () => {
  clock.set(at('thu 08:00'));
  const env = await sealAsSent(opened('US', 'CH', item('EE', 'US')), keys.sealer());
  await producer.send({ topic: topics.caseOut('US'), messages: [{ key: env.caseId, value: sealPayload('Envelope', encodeEnvelope(env), keys.signer(env.senderOperator)) }] });

  const deadlinesTo = (party: string) =>
    received
      .filter((r) => r.topic === topics.caseIn(party) && r.message.key?.toString() === env.caseId)
      .map((r) => received$(r.message.value))
      .filter((x) => x.type === 'case.deadline');
  const kindsTo = (party: string) => deadlinesTo(party).map((x) => DeadlineEventKind[(x.body.value as CaseDeadline).kind]);

  await waitFor(() => (kindsTo('US').length > 0 && kindsTo('CH').length > 0 ? true : undefined), 'STARTED at both parties');
  expect(kindsTo('US')).toEqual(['STARTED']);
  expect(kindsTo('CH')).toEqual(['STARTED']);
  expect(deadlinesTo('CH')[0]).toMatchObject({ senderOperator: BROKER_SENDER_CODE, recipientOperator: 'CH', caseId: env.caseId });
  // The opening reached CH before its deadline (same key, same partition, outbox order).
  const toCh = received.filter((r) => r.topic === topics.caseIn('CH') && r.message.key?.toString() === env.caseId).map((r) => received$(r.message.value).type);
  expect(toCh).toEqual(['case.opened', 'case.deadline']);

  // Six working hours later the watcher (running on its own timer, not tick()) sends DUE_SOON.
  clock.set(at('thu 15:00'));
  await waitFor(() => (kindsTo('US').includes('DUE_SOON') && kindsTo('CH').includes('DUE_SOON') ? true : undefined), 'DUE_SOON at both parties');
  const dueSoon = deadlinesTo('US').find((x) => (x.body.value as CaseDeadline).kind === DeadlineEventKind.DUE_SOON)!.body.value as CaseDeadline;
  expect(Number(dueSoon.sequence)).toBe(2);
  expect(Number(dueSoon.remainingWorkingMs)).toBe(2 * HOUR);
  expect(kindsTo('US')).toEqual(['STARTED', 'DUE_SOON']);

  const metrics = (await get('/metrics')).text;
  expect(metrics).toMatch(/^postbridge_deadline_milestones_total\{kind="DUE_SOON"\} [1-9]\d*$/m);
  expect(metrics).toMatch(/^postbridge_deadline_events_total\{kind="STARTED"\} [1-9]\d*$/m);
  expect(metrics).toMatch(/^postbridge_deadline_watcher_lag_seconds \d/m);
  expect(metrics).toMatch(/^postbridge_deadline_milestone_delay_seconds_count [1-9]/m);
});
