import { randomUUID } from 'node:crypto';
import { DevSigningKeys, KafkaPrincipals, throwawaySigner, sealAsSent } from '@postbridge/dev-infra';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Consumer, IHeaders, Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import {
  BROKER_SENDER_CODE,
  buildEnvelope,
  buildTrackingBatch,
  CaseOpenedSchema,
  InquiryReason,
  create,
  decodeEnvelope,
  decodeTrackingBatch,
  encodeEnvelope,
  encodeTrackingBatch,
  Envelope,
  Headers,
  InquiryType,
  KeyRing,
  MessageSigner,
  openSigned,
  sealPayload,
  timestampFromDate,
  TopicNames,
  TrackingBatch,
  TrackingEventSchema,
} from '@postbridge/contracts';
import { s10CheckDigit } from '@postbridge/domain';
import { ConfigValidationError } from '@postbridge/platform';
import { createTestDatabase, TestDatabase } from '../../../test/harness/database';
import { authorization, Caller, registerEndpoint, TestRealms } from '../../../test/harness/identity';
import { provisionTestTopics, testKafkaConfig, testKafkaEnv, uniqueTopicPrefix } from '../../../test/harness/kafka';
import { bootstrapBroker, RunningBroker } from './broker.bootstrap';

// The assembled broker in-process: env, network file, migrations at boot, HTTP on a free port,
// and one message routed over Kafka end to end (the full matrix lives in the handler spec and e2e).
jest.setTimeout(60_000);

const prefix = uniqueTopicPrefix();
const topics = new TopicNames(prefix);
let dir: string;
let db: TestDatabase;
let broker: RunningBroker;
let kafka: Kafka;
let producer: Producer;
let consumer: Consumer;
const received: Array<{ topic: string; message: KafkaMessage }> = [];
let realms: TestRealms;
const keys = DevSigningKeys.generate(['CH', 'US']);
/** What a post writes to its topic: the encoded message, signed with its key (or `signer`'s). */
const signedEnvelope = (e: Envelope, signer = e.senderOperator) => sealPayload('Envelope', encodeEnvelope(e), keys.signer(signer));
const signedBatch = (b: TrackingBatch) => sealPayload('TrackingBatch', encodeTrackingBatch(b), keys.signer(b.senderOperator));
/** A received value, verified against the network's keys. */
const verified = (value: Buffer | null) => openSigned('Envelope', value, ring, Date.now());
let ring: KeyRing;

/** GET as hub operations (the whole network) unless `as` names another caller, with a real token. */
async function get(path: string, as: Caller = 'hub-ops'): Promise<Response> {
  return fetch(`${broker.url}${path}`, { headers: await authorization(broker.url, as) });
}

function env(): Record<string, string> {
  return {
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    DATABASE_URL: db.url,
    ...testKafkaEnv(KafkaPrincipals.broker),
    TOPIC_PREFIX: prefix,
    NETWORK_FILE: join(dir, 'network.json'),
    ...keys.env(BROKER_SENDER_CODE),
    KAFKA_MAX_WAIT_MS: '20',
    // Quiet tests: the dead-letter warnings this file provokes on purpose are asserted, not printed.
    LOG_LEVEL: 'fatal',
    ...realms.brokerEnv(),
  };
}

async function waitFor<T>(find: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = find();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const header = (h: IHeaders | undefined, k: string) => h?.[k]?.toString();

/** As the origin's outbox sends it: customer data sealed (for a key the broker does not need). */
function opened(sender: string, recipient: string, description = 'not arrived'): Promise<Envelope> {
  return sealAsSent(buildEnvelope({
    type: 'case.opened',
    sender,
    recipient,
    caseId: randomUUID(),
    body: create(CaseOpenedSchema, { reasons: [InquiryReason.NOT_ARRIVED], itemId: 'RB123456785GB', inquiryType: InquiryType.GENERIC, originOperator: sender, destinationOperator: recipient, customer: { name: 'Jane Doe' }, description: { text: description, language: 'en' } }),
  }), keys.sealer());
}

beforeAll(async () => {
  // JP has a hub client but is no party to anything here.
  realms = await TestRealms.create(prefix, ['CH', 'US', 'JP']);
  dir = mkdtempSync(join(tmpdir(), 'pb-broker-it-'));
  const file = {
      networks: [
        {
          code: 'ALL',
          name: 'Everything',
          productFamilies: ['REGISTERED', 'EMS'],
          inquiryTypes: ['GENERIC'],
          responseTargets: { GENERIC: { value: 8, unit: 'WORKING_HOURS' } },
          reminders: { leadHours: 2, intervalHours: 4, beforeEscalation: 1 },
        },
      ],
      operators: [
        { code: 'CH', name: 'Swiss Post', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'fr'], active: true, networks: ['ALL'], calendar: { weeklyHours: { mon: [['08:00', '17:00']] } } },
        { code: 'US', name: 'USPS', country: 'US', timeZone: 'America/New_York', languages: ['en'], active: true, networks: ['ALL'], calendar: { weeklyHours: { mon: [['09:00', '17:00']] } } },
      ],
  };
  writeFileSync(join(dir, 'network.json'), JSON.stringify(keys.applyTo(file)));
  ring = keys.ring(file);
  db = await createTestDatabase('broker');
  await provisionTestTopics(prefix, ['CH', 'US'], 1);
  kafka = new Kafka(testKafkaConfig('broker-it'));
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  consumer = kafka.consumer({ groupId: `${prefix}.observer`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.caseIn('CH'), topics.caseIn('US'), topics.trackingIn('CH'), topics.trackingIn('US'), topics.brokerDlq()], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ topic, message }) => void received.push({ topic, message }) });
  broker = await bootstrapBroker(env());
  registerEndpoint(broker.url, realms, 'hub', 'hub-ops');
});

afterAll(async () => {
  await broker?.app.close();
  await consumer?.disconnect().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
  await realms?.delete();
});

it('rejects bad env with every problem listed', async () => {
  const err = await bootstrapBroker({ ...env(), HTTP_PORT: 'x', KAFKA_BROKERS: '', DATABASE_URL: 'nope' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigValidationError);
  expect((err as ConfigValidationError).problems.join('\n')).toMatch(/HTTP_PORT[\s\S]*DATABASE_URL[\s\S]*KAFKA_BROKERS/);
});

it('listens on the port actually bound and serves the registry, the index and health', async () => {
  expect(broker.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(broker.url).not.toMatch(/:0$/);

  const ops = await get(`/operators`);
  expect(ops.status).toBe(200);
  expect(await ops.json()).toEqual([
    { code: 'CH', name: 'Swiss Post', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'fr'], active: true, networks: ['ALL'] },
    { code: 'US', name: 'USPS', country: 'US', timeZone: 'America/New_York', languages: ['en'], active: true, networks: ['ALL'] },
  ]);

  const empty = await get(`/cases`);
  expect(await empty.json()).toEqual({ items: [], page: 1, pageSize: 50, total: 0 });
  const tooBig = await get(`/cases?pageSize=201`);
  expect(tooBig.status).toBe(400);
  // The same codes as the node's listings.
  expect(await tooBig.json()).toMatchObject({ code: 'INVALID_PAGE_SIZE' });
  const badStatus = await get(`/cases?status=LOST`);
  expect(await badStatus.json()).toMatchObject({ statusCode: 400, code: 'INVALID_STATUS' });

  const missing = await get(`/cases/${randomUUID()}`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toMatchObject({ code: 'CASE_NOT_FOUND' });
  expect((await get(`/cases/not-a-uuid`)).status).toBe(400);

  const health = await get('/health/details');
  expect(await health.json()).toMatchObject({ role: 'broker', operatorCode: null });
  expect(await (await get('/health', null)).json()).toEqual({ status: 'ok' });

  const doc = (await (await fetch(`${broker.url}/docs-json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
  expect(doc.paths['/operators'].get.operationId).toBe('listOperators');
  expect(doc.paths['/cases'].get.operationId).toBe('listIndexedCases');
  expect(doc.paths['/cases/{caseId}'].get.operationId).toBe('getIndexedCase');
});

it('routes a case over Kafka, indexes it, and dead-letters a spoofed sender', async () => {
  const env = await opened('CH', 'US');
  const sent = signedEnvelope(env);
  await producer.send({ topic: topics.caseOut('CH'), messages: [{ key: env.caseId, value: sent }] });
  const forwarded = await waitFor(() => received.find((r) => r.topic === topics.caseIn('US')), 'the case on US case.in');
  // Forwarded byte for byte: US verifies CH's own signature, not the hub's.
  expect(forwarded.message.value!.equals(sent)).toBe(true);
  expect(verified(forwarded.message.value)).toMatchObject({ signer: 'CH' });
  expect(decodeEnvelope(verified(forwarded.message.value).payload)).toMatchObject({ messageId: env.messageId, senderOperator: 'CH', caseId: env.caseId });
  expect(forwarded.message.key?.toString()).toBe(env.caseId);

  const res = await get(`/cases/${env.caseId}`);
  expect(await res.json()).toMatchObject({ caseId: env.caseId, status: 'SUBMITTED', originOperator: 'CH', destinationOperator: 'US', inquiryType: 'GENERIC', messageCount: 1 });
  const list = await (await get(`/cases?operator=US&itemId=rb%20123456785gb`)).json();
  expect(list).toMatchObject({ total: 1, items: [{ caseId: env.caseId }] });
  // A post's client sees the cases it is a party to, and nothing of other pairs.
  const asUs = { client: 'operator-us' };
  const asJp = { client: 'operator-jp' };
  expect(await (await get(`/cases?itemId=RB123456785GB`, asUs)).json()).toMatchObject({ total: 1, items: [{ caseId: env.caseId }] });
  expect(await (await get(`/cases?itemId=RB123456785GB`, asJp)).json()).toMatchObject({ total: 0, items: [] });
  expect((await get(`/cases/${env.caseId}`, asUs)).status).toBe(200);
  expect(await (await get(`/cases/${env.caseId}`, asJp)).json()).toMatchObject({ code: 'CASE_NOT_FOUND' });
  expect(((await (await get('/deadlines', asJp)).json()) as any).total).toBe(0);
  expect(((await (await get('/reports/response-times', asJp)).json()) as any).rows).toEqual([]);
  expect((await get('/cases', null)).status).toBe(401);

  const spoofed = await opened('US', 'CH');
  await producer.send({ topic: topics.caseOut('CH'), messages: [{ key: spoofed.caseId, value: signedEnvelope(spoofed) }] });
  const dead = await waitFor(() => received.find((r) => r.topic === topics.brokerDlq()), 'the spoofed message on the broker DLQ');
  expect(header(dead.message.headers, Headers.dlqReason)).toBe('SPOOFED_SENDER');
  expect(header(dead.message.headers, Headers.dlqDetail)).toMatch(/claims US but was read from CH's topic/);
  // CH got only the broker's deadline for its own case, never the spoofed opening.
  await waitFor(() => received.find((r) => r.topic === topics.caseIn('CH')), 'the deadline on CH case.in');
  const toCh = received.filter((r) => r.topic === topics.caseIn('CH')).map((r) => verified(r.message.value));
  expect(toCh.map((m) => [m.signer, decodeEnvelope(m.payload).type])).toEqual([['PBHUB', 'case.deadline']]);
});

it('dead-letters a forged signature, a key of another post, unknown fields and an oversized value, and keeps routing', async () => {
  const dlq = () => received.filter((r) => r.topic === topics.brokerDlq()).map((r) => [header(r.message.headers, Headers.dlqReason), header(r.message.headers, Headers.dlqDetail)]);
  const before = dlq().length;
  const forged = await opened('CH', 'US');
  // Right topic and claim, but signed with US's key under CH's name, then by an outsider's key.
  const usKeyAsCh = sealPayload('Envelope', encodeEnvelope(forged), new MessageSigner('CH', 'dev-1', keys.keysOf('US')[0].privateKey));
  const outsider = sealPayload('Envelope', encodeEnvelope(forged), throwawaySigner('CH'));
  const smuggled = await opened('CH', 'US');
  const withUnknown = Buffer.concat([encodeEnvelope(smuggled), Buffer.from([0x9a, 0x06, 0x05]), Buffer.from('hello')]);
  const big = await opened('CH', 'US', 'x'.repeat(70_000));
  const next = await opened('CH', 'US');
  await producer.send({
    topic: topics.caseOut('CH'),
    messages: [
      { key: forged.caseId, value: usKeyAsCh },
      { key: forged.caseId, value: outsider },
      { key: smuggled.caseId, value: sealPayload('Envelope', withUnknown, keys.signer('CH')) },
      { key: big.caseId, value: signedEnvelope(big) },
      { key: next.caseId, value: signedEnvelope(next) },
    ],
  });
  await waitFor(() => received.find((r) => r.topic === topics.caseIn('US') && r.message.key?.toString() === next.caseId), 'the next good case on US case.in');
  await waitFor(() => (dlq().length >= before + 4 ? true : undefined), 'four dead letters');
  expect(dlq().slice(before)).toEqual([
    ['BAD_SIGNATURE', expect.stringContaining('does not verify with key CH/dev-1')],
    ['BAD_SIGNATURE', expect.stringContaining('does not verify with key CH/dev-1')],
    ['UNKNOWN_FIELD', expect.stringContaining('field number 99')],
    ['TOO_LARGE', expect.stringMatching(/at most 65536/)],
  ]);
  // None of them reached US or the case index.
  expect(received.some((r) => r.topic === topics.caseIn('US') && [forged.caseId, smuggled.caseId, big.caseId].includes(r.message.key?.toString() ?? ''))).toBe(false);
  expect((await get(`/cases/${forged.caseId}`)).status).toBe(404);
});

it('routes a tracking batch from tracking.out to the origin post on its tracking.in', async () => {
  const serial = '47312482';
  const itemId = `RR${serial}${s10CheckDigit(serial)}CH`;
  // CH, the origin, despatches it to the US: that makes US the item's destination.
  const despatch = buildTrackingBatch({
    sender: 'CH',
    events: [create(TrackingEventSchema, { itemId, code: 'EMC', office: 'CHZRHA', destinationCountry: 'US', occurredAt: timestampFromDate(new Date(Date.now() - 7_200_000)), utcOffsetMinutes: 60 })],
  });
  await producer.send({ topic: topics.trackingOut('CH'), messages: [{ key: despatch.batchId, value: signedBatch(despatch) }] });
  await waitFor(() => received.find((r) => r.topic === topics.trackingIn('US')), 'the despatch on US tracking.in');
  const batch = buildTrackingBatch({
    sender: 'US',
    events: [create(TrackingEventSchema, { itemId, code: 'EMD', office: 'USJFKA', occurredAt: timestampFromDate(new Date(Date.now() - 3_600_000)), utcOffsetMinutes: -300 })],
  });
  await producer.send({ topic: topics.trackingOut('US'), messages: [{ key: batch.batchId, value: signedBatch(batch) }] });
  const forwarded = await waitFor(() => received.find((r) => r.topic === topics.trackingIn('CH')), 'the batch on CH tracking.in');
  // Regrouped per recipient by the broker, so signed by the broker.
  const opened = openSigned('TrackingBatch', forwarded.message.value, ring, Date.now());
  expect(opened.signer).toBe(BROKER_SENDER_CODE);
  const out = decodeTrackingBatch(opened.payload);
  expect(out).toMatchObject({ senderOperator: 'US', recipientOperator: 'CH' });
  expect(out.batchId).not.toBe(batch.batchId);
  expect(forwarded.message.key?.toString()).toBe(out.batchId);
  expect(out.events).toEqual([expect.objectContaining({ itemId, code: 'EMD', office: 'USJFKA', sourceOperator: 'US', utcOffsetMinutes: -300 })]);
  // US never gets its own scan back: only CH's despatch.
  const toUs = received.filter((r) => r.topic === topics.trackingIn('US')).map((r) => decodeTrackingBatch(openSigned('TrackingBatch', r.message.value, ring, Date.now()).payload));
  expect(toUs.flatMap((b) => b.events.map((e) => e.code))).toEqual(['EMC']);
});
