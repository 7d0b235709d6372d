/**
 * Topic retention from deploy/kafka/create-topics.sh, read back from the run's Apache Kafka: once
 * with the script run for real (kafka-topics.sh on the fetched jars, as an operator runs it), once
 * through the admin API from its dry run (how npm test's networks get their topics). Each run uses
 * a topic prefix of its own. The defaults must leave the inbox's dedupe window (RETENTION_INBOX_DAYS)
 * longer than Kafka can redeliver a message plus how long a dead letter can be replayed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { applyProvisionScripts, KafkaUser, provisionPlan, runDeployScript } from '@postbridge/dev-infra';
import { ServiceEnv, validateEnv } from '@postbridge/platform';
import { testInfraKind, testKafkaBrokers, testKafkaSasl } from '../harness/kafka';

// On the env path (someone else's cluster) the harness's user may not be allowed to create topics with kafka-topics.sh.
const describeWithAdmin = testInfraKind() === 'env' ? describe.skip : describe;

// Each kafka-topics.sh call starts a JVM: seconds each on a busy machine.
const JVM_CALLS_MS = 240_000;
const DAY_MS = 86_400_000;
const SUFFIXES = ['case.out', 'case.in', 'tracking.out', 'tracking.in', 'tracking.feed', 'dlq'];

describeWithAdmin('topic retention (deploy/kafka/create-topics.sh)', () => {
  let dir: string;
  let admin: KafkaUser;

  /** retention.ms of each topic under `prefix`, keyed by the part after the prefix. */
  async function retentionOf(prefix: string): Promise<Record<string, number>> {
    const kafka = new Kafka({ clientId: 'pb-retention-test', brokers: testKafkaBrokers(), sasl: testKafkaSasl(), logLevel: logLevel.NOTHING }).admin();
    await kafka.connect();
    try {
      const topics = (await kafka.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
      const { resources } = await kafka.describeConfigs({ includeSynonyms: false, resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })) });
      return Object.fromEntries(resources.map((r) => [r.resourceName.slice(prefix.length + 1), Number(r.configEntries.find((e) => e.configName === 'retention.ms')!.configValue)]));
    } finally {
      await kafka.disconnect();
    }
  }

  function networkFile(prefix: string, codes: string[]): string {
    const file = join(dir, `${prefix}.json`);
    writeFileSync(file, JSON.stringify({ topicPrefix: prefix, operators: codes.map((code) => ({ code })) }));
    return file;
  }

  const expected = (prefix: string, code: string, caseMs: number, trackingMs: number, dlqMs: number) => ({
    [`op.${code}.case.out`]: caseMs,
    [`op.${code}.case.in`]: caseMs,
    [`op.${code}.tracking.out`]: trackingMs,
    [`op.${code}.tracking.in`]: trackingMs,
    [`op.${code}.tracking.feed`]: trackingMs,
    [`op.${code}.dlq`]: dlqMs,
    'dlq.broker': dlqMs,
  });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pb-retention-'));
    const sasl = testKafkaSasl() as { username: string; password: string };
    admin = { name: sasl.username, password: sasl.password };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives case and tracking topics 7 days and dead-letter topics 14 days when run for real, and the cluster keeps them', async () => {
    const prefix = `ret${randomBytes(4).toString('hex')}`;
    await expect(runDeployScript('create-topics.sh', testKafkaBrokers()[0], admin, { networkFile: networkFile(prefix, ['RA']), topicPrefix: prefix, partitions: 1 })).resolves.toMatch(/^done: 7 topic\(s\) created/);
    expect(await retentionOf(prefix)).toEqual(expected(prefix, 'RA', 7 * DAY_MS, 7 * DAY_MS, 14 * DAY_MS));
  }, JVM_CALLS_MS);

  it('takes CASE_RETENTION_MS, TRACKING_RETENTION_MS and DLQ_RETENTION_MS from the environment, on the test networks\' path too', async () => {
    const prefix = `ret${randomBytes(4).toString('hex')}`;
    const saved = { ...process.env };
    Object.assign(process.env, { CASE_RETENTION_MS: '3600000', TRACKING_RETENTION_MS: '7200000', DLQ_RETENTION_MS: '86400000' });
    try {
      await applyProvisionScripts({ brokers: testKafkaBrokers(), sasl: testKafkaSasl() }, { networkFile: networkFile(prefix, ['RB']), topicPrefix: prefix, partitions: 1, replicationFactor: 1 });
      process.env.CASE_RETENTION_MS = '7d';
      expect(() => provisionPlan({ networkFile: networkFile(prefix, ['RB']), topicPrefix: prefix })).toThrow(/retention must be milliseconds/);
    } finally {
      process.env = saved;
    }
    expect(await retentionOf(prefix)).toEqual(expected(prefix, 'RB', 3_600_000, 7_200_000, 86_400_000));
  });

  it('keeps the inbox dedupe window above topic retention plus dead-letter retention by default', () => {
    const plan = provisionPlan({ networkFile: networkFile('retdefaults', ['RC']), topicPrefix: 'retdefaults' });
    const retention = (suffix: string) => Number(plan.topics.find((t) => t.topic.endsWith(suffix))!.configEntries!.find((c) => c.name === 'retention.ms')!.value);
    expect(plan.topics.map((t) => t.topic.slice('retdefaults.'.length)).sort()).toEqual([...SUFFIXES.map((s) => `op.RC.${s}`), 'dlq.broker'].sort());
    const inboxDays = validateEnv(ServiceEnv, { DATABASE_URL: 'postgres://x/y', KAFKA_BROKERS: 'localhost:9092', NETWORK_FILE: 'n.json', SIGNING_KEY_ID: 'k', OIDC_ISSUER: 'https://idp.example/realms/x', OIDC_AUDIENCE: 'x' }).RETENTION_INBOX_DAYS;
    const redeliverable = Math.max(retention('.case.in'), retention('.case.out'), retention('.tracking.in'), retention('.tracking.out'), retention('.tracking.feed')) + retention('.dlq');
    expect(inboxDays * DAY_MS).toBeGreaterThan(redeliverable);
  });
});
