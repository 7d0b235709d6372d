import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Consumer, Kafka, KafkaMessage, Partitioners, Producer } from 'kafkajs';
import { BROKER_SENDER_CODE, buildEnvelope, CaseOpenedSchema, create, encodeEnvelope, Headers, InquiryReason, InquiryType, sealPayload, TopicNames } from '@postbridge/contracts';
import { DevSigningKeys, KafkaPrincipals, sealAsSent } from '@postbridge/dev-infra';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { TestRealms } from '../../../../test/harness/identity';
import { provisionTestTopics, testKafkaConfig, testKafkaEnv, uniqueTopicPrefix } from '../../../../test/harness/kafka';
import { bootstrapBroker, RunningBroker } from '../broker.bootstrap';

// A post rotates its signing key on the real broker: the new key is listed beside the old one,
// messages signed with the old one while both are listed still verify (also those already in
// flight), and once the old key is retired it verifies nothing more.
jest.setTimeout(120_000);

const prefix = uniqueTopicPrefix();
const topics = new TopicNames(prefix);
const keys = DevSigningKeys.generate(['CH', 'US'], 'ch-2026');
const operators = [
  { code: 'CH', name: 'Swiss Post', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de'], active: true, networks: ['ALL'], calendar: { weeklyHours: { mon: [['08:00', '17:00']] } } },
  { code: 'US', name: 'USPS', country: 'US', timeZone: 'America/New_York', languages: ['en'], active: true, networks: ['ALL'], calendar: { weeklyHours: { mon: [['09:00', '17:00']] } } },
];
const networks = [
  { code: 'ALL', name: 'Everything', productFamilies: ['REGISTERED'], inquiryTypes: ['GENERIC'], responseTargets: { GENERIC: { value: 8, unit: 'WORKING_HOURS' } }, reminders: { leadHours: 2, intervalHours: 4, beforeEscalation: 1 } },
];
let dir: string;
let db: TestDatabase;
let realms: TestRealms;
let broker: RunningBroker | null = null;
let producer: Producer;
let consumer: Consumer;
const received: Array<{ topic: string; message: KafkaMessage }> = [];

/** (Re)starts the broker on the network file as it is now: keys are read at start. */
async function startBroker(): Promise<void> {
  await broker?.app.close();
  const file = join(dir, 'network.json');
  writeFileSync(file, JSON.stringify(keys.applyTo({ networks, operators })));
  broker = await bootstrapBroker({
    HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', DATABASE_URL: db.url, ...testKafkaEnv(KafkaPrincipals.broker), TOPIC_PREFIX: prefix, NETWORK_FILE: file,
    ...keys.env(BROKER_SENDER_CODE), KAFKA_MAX_WAIT_MS: '20', LOG_LEVEL: 'fatal', PB_DEFAULT_METRICS: 'off', ...realms.brokerEnv(),
  });
}

/** CH opens a case towards US, signed with CH's key `keyId`; returns the case id. */
async function openSignedWith(keyId: string): Promise<string> {
  const e = await sealAsSent(buildEnvelope({
    type: 'case.opened', sender: 'CH', recipient: 'US', caseId: randomUUID(),
    body: create(CaseOpenedSchema, { reasons: [InquiryReason.NOT_ARRIVED], itemId: 'RB123456785GB', inquiryType: InquiryType.GENERIC, originOperator: 'CH', destinationOperator: 'US', customer: { name: 'Jane Doe' }, description: { text: 'not arrived', language: 'en' } }),
  }), keys.sealer());
  await producer.send({ topic: topics.caseOut('CH'), messages: [{ key: e.caseId, value: sealPayload('Envelope', encodeEnvelope(e), keys.signer('CH', keyId)) }] });
  return e.caseId;
}

async function outcomeOf(caseId: string): Promise<string> {
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    const hit = received.find((r) => r.message.key?.toString() === caseId && (r.topic === topics.caseIn('US') || r.topic === topics.brokerDlq()));
    if (hit) return hit.topic === topics.caseIn('US') ? 'routed' : `dead-lettered ${hit.message.headers?.[Headers.dlqReason]?.toString()}: ${hit.message.headers?.[Headers.dlqDetail]?.toString()}`;
  }
  throw new Error(`case ${caseId}: neither routed nor dead-lettered`);
}

beforeAll(async () => {
  realms = await TestRealms.create(prefix, ['CH', 'US']);
  dir = mkdtempSync(join(tmpdir(), 'pb-rotation-it-'));
  db = await createTestDatabase('broker');
  await provisionTestTopics(prefix, ['CH', 'US'], 1);
  const kafka = new Kafka(testKafkaConfig('rotation-it'));
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  consumer = kafka.consumer({ groupId: `${prefix}.observer`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.caseIn('US'), topics.brokerDlq()], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ topic, message }) => void received.push({ topic, message }) });
});

afterAll(async () => {
  await broker?.app.close();
  await consumer?.disconnect().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  await db?.drop();
  await realms?.delete();
  rmSync(dir, { recursive: true, force: true });
});

it('overlaps the old and new key, keeps messages in flight under the old one, then retires it', async () => {
  await startBroker();
  expect(await outcomeOf(await openSignedWith('ch-2026'))).toBe('routed');

  // Rotation, step 1: the new key is listed beside the old one. A message CH signed with the old
  // key just before it switched is still in the topic while the broker restarts on the new file.
  keys.add('CH', 'ch-2027');
  await broker!.app.close();
  broker = null;
  const inFlight = await openSignedWith('ch-2026');
  await startBroker();
  expect(await outcomeOf(inFlight)).toBe('routed');
  expect(await outcomeOf(await openSignedWith('ch-2027'))).toBe('routed');

  // Step 2: the old key is retired (its notAfter has passed); it verifies nothing any more.
  keys.setValidity('CH', 'ch-2026', { notAfter: new Date(Date.now() - 60_000).toISOString() });
  await startBroker();
  expect(await outcomeOf(await openSignedWith('ch-2026'))).toMatch(/^dead-lettered BAD_SIGNATURE: key CH\/ch-2026 was retired at /);
  expect(await outcomeOf(await openSignedWith('ch-2027'))).toBe('routed');
});
