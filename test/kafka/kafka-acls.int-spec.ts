/**
 * Operator isolation on Kafka rests on ACLs. These run deploy/kafka/create-topics.sh and acls.sh
 * for real, on the fetched Kafka jars, against the run's Apache Kafka cluster (SCRAM,
 * StandardAuthorizer, no ACL means deny), then act as each principal.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from '@bufbuild/protobuf';
import { Logger } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { buildEnvelope, CaseOpenedSchema, CustomerContactSchema, encodeEnvelope, LocalizedTextSchema, TopicNames } from '@postbridge/contracts';
import { DevSigningKeys, KafkaPrincipals, provisionPlan, runProvisionScripts } from '@postbridge/dev-infra';
import { bootstrapOperatorNode } from '../../apps/operator-node/src/operator-node.bootstrap';
import { createTestDatabase } from '../harness/database';
import { TestRealms } from '../harness/identity';
import { testKafkaBrokers, testKafkaConfig, testKafkaEnv, testKafkaSasl, testInfraKind, uniqueTopicPrefix } from '../harness/kafka';

const prefix = uniqueTopicPrefix();
const topics = new TopicNames(prefix);
const codes = ['CH', 'US', 'JP'];
let networkFile: string;

// On the env path (KAFKA_BROKERS of someone else's cluster) the harness has only an admin, which
// stands in for every principal: there is nothing to deny, so these run where the harness made the
// cluster and its users (local and testcontainers paths, CI included).
const describeWithPrincipals = testInfraKind() === 'env' ? describe.skip : describe;

const client = (principal: string) => new Kafka({ ...testKafkaConfig(`acl-${principal}`, principal), retry: { retries: 0 } });

async function produceAs(principal: string, topic: string): Promise<string> {
  const p = client(principal).producer();
  await p.connect();
  try {
    await p.send({ topic, messages: [{ key: 'k', value: 'v' }] });
    return 'OK';
  } catch (e) {
    return denial(e);
  } finally {
    await p.disconnect();
  }
}

/** The Kafka error type behind a kafkajs failure (TOPIC_AUTHORIZATION_FAILED, ...). */
function denial(e: unknown): string {
  for (let cur = e as { type?: string; cause?: unknown; name?: string; message?: string } | undefined; cur; cur = cur.cause as typeof cur) {
    if (cur.type) return cur.type;
    if (/Not authorized to access topics/.test(cur.message ?? '')) return 'TOPIC_AUTHORIZATION_FAILED';
  }
  return `${(e as Error).name}: ${(e as Error).message}`;
}

async function consumeAs(principal: string, topic: string, groupId: string): Promise<string> {
  // Default retries: the first group on a fresh cluster waits for its coordinator to load.
  const c = new Kafka(testKafkaConfig(`acl-${principal}`, principal)).consumer({ groupId });
  await c.connect();
  try {
    const crashed = new Promise<string>((resolve) => c.on(c.events.CRASH, (e) => resolve(denial(e.payload.error))));
    const joined = new Promise<string>((resolve) => c.on(c.events.GROUP_JOIN, () => resolve('OK')));
    try {
      await c.subscribe({ topics: [topic], fromBeginning: true });
    } catch (e) {
      return denial(e);
    }
    await c.run({ eachMessage: async () => undefined });
    return await Promise.race([crashed, joined, new Promise<string>((r) => setTimeout(() => r('no answer in 15 s'), 15_000))]);
  } finally {
    await c.disconnect();
  }
}

beforeAll(async () => {
  if (testInfraKind() === 'env') return;
  const dir = mkdtempSync(join(tmpdir(), 'pb-acls-'));
  networkFile = join(dir, 'network.json');
  writeFileSync(networkFile, JSON.stringify({ topicPrefix: prefix, operators: codes.map((code) => ({ code })) }));
  const admin = testKafkaSasl() as { username: string; password: string };
  await runProvisionScripts(testKafkaBrokers()[0], { name: admin.username, password: admin.password }, { networkFile, topicPrefix: prefix, partitions: 1 });
}, 180_000);

describeWithPrincipals('deploy/kafka scripts on Apache Kafka', () => {
  it('create every topic and exactly the ACLs that test networks get from the same scripts', async () => {
    const plan = provisionPlan({ networkFile, topicPrefix: prefix, partitions: 1 });
    const admin = new Kafka(testKafkaConfig('acl-check')).admin();
    await admin.connect();
    try {
      const all = await admin.listTopics();
      expect(all.filter((t) => t.startsWith(`${prefix}.`)).sort()).toEqual(plan.topics.map((t) => t.topic).sort());
      expect(plan.topics).toHaveLength(codes.length * 6 + 1);
      const described = await admin.describeAcls({ resourceType: 1 /* ANY */, resourcePatternType: 1 /* ANY */, operation: 1 /* ANY */, permissionType: 1 /* ANY */ });
      const ops: Record<number, string> = { 3: 'Read', 4: 'Write' };
      const granted = described.resources
        .filter((r) => r.resourceName.startsWith(`${prefix}.`))
        .flatMap((r) => r.acls.map((a) => `${a.principal} ${ops[a.operation] ?? a.operation} ${r.resourceType === 2 ? 'topic' : 'group'} ${r.resourceName}`));
      expect(granted.sort()).toEqual(plan.acls.map((a) => `${a.principal} ${a.operation} ${a.resourceType} ${a.name}`).sort());
    } finally {
      await admin.disconnect();
    }
  });
});

describeWithPrincipals('a node can act only for its own post', () => {
  const ch = KafkaPrincipals.node('CH');

  it('writes its own outgoing topics', async () => {
    expect(await produceAs(ch, topics.caseOut('CH'))).toBe('OK');
    expect(await produceAs(ch, topics.trackingOut('CH'))).toBe('OK');
  });

  it.each([
    ['US.case.in', () => topics.caseIn('US')],
    ['US.case.out', () => topics.caseOut('US')],
    ['its own case.in (only the broker writes there)', () => topics.caseIn('CH')],
    ['US.tracking.feed', () => topics.trackingFeed('US')],
  ])('cannot write %s', async (_, topic) => {
    expect(await produceAs(ch, topic())).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it('cannot read US.case.in, even in a group it may use', async () => {
    expect(await consumeAs(ch, topics.caseIn('US'), `${prefix}.node.CH.case`)).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it('reads its own case.in in its own group', async () => {
    expect(await consumeAs(ch, topics.caseIn('CH'), `${prefix}.node.CH.case`)).toBe('OK');
  });
});

describeWithPrincipals("a post's tracking systems", () => {
  it('write their own feed and nothing else', async () => {
    const feed = KafkaPrincipals.feed('CH');
    expect(await produceAs(feed, topics.trackingFeed('CH'))).toBe('OK');
    expect(await produceAs(feed, topics.trackingFeed('US'))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await produceAs(feed, topics.caseOut('CH'))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await produceAs(feed, topics.trackingOut('CH'))).toBe('TOPIC_AUTHORIZATION_FAILED');
    // The node may read its feed in that group; the feed principal may not (kafkajs reports the
    // group refusal, GROUP_AUTHORIZATION_FAILED, as a coordinator it cannot find).
    expect(await consumeAs(KafkaPrincipals.node('CH'), topics.trackingFeed('CH'), `${prefix}.node.CH.tracking`)).toBe('OK');
    expect(await consumeAs(feed, topics.trackingFeed('CH'), `${prefix}.node.CH.tracking`)).toMatch(/AUTHORIZATION_FAILED|KafkaJSGroupCoordinatorNotFound/);
  });
});

describeWithPrincipals('the forged case from the security review', () => {
  it('is refused: JP cannot put an URGENT case straight onto US.case.in, and nothing lands there', async () => {
    const forged = buildEnvelope({
      type: 'case.opened',
      sender: 'CH',
      recipient: 'US',
      caseId: '00000000-0000-4000-8000-00000000f0f0',
      body: create(CaseOpenedSchema, {
        itemId: 'RB123456785GB',
        customer: create(CustomerContactSchema, { name: 'Forged' }),
        description: create(LocalizedTextSchema, { text: 'forged by another post', language: 'en' }),
      }),
    });
    const p = client(KafkaPrincipals.node('JP')).producer();
    await p.connect();
    let refusal = 'OK';
    try {
      await p.send({ topic: topics.caseIn('US'), messages: [{ key: forged.caseId, value: encodeEnvelope(forged) }] });
    } catch (e) {
      refusal = denial(e);
    } finally {
      await p.disconnect();
    }
    expect(refusal).toBe('TOPIC_AUTHORIZATION_FAILED');
    const admin = new Kafka(testKafkaConfig('acl-offsets')).admin();
    await admin.connect();
    try {
      expect((await admin.fetchTopicOffsets(topics.caseIn('US'))).map((o) => o.high)).toEqual(['0']);
    } finally {
      await admin.disconnect();
    }
  });
});

describeWithPrincipals('an app with wrong Kafka credentials', () => {
  it('starts, logs KAFKA_AUTHENTICATION_FAILED with its principal, and reports itself unhealthy', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation(function (this: Logger, message: unknown) {
      errors.push(String(message));
    });
    const db = await createTestDatabase('operator_node');
    const realms = await TestRealms.create(prefix, ['CH']);
    const keys = DevSigningKeys.generate(['CH']);
    const networkFile = join(mkdtempSync(join(tmpdir(), 'pb-acl-')), 'network.json');
    writeFileSync(networkFile, JSON.stringify(keys.applyTo({ operators: [{ code: 'CH' }] })));
    const node = await bootstrapOperatorNode({
      ...realms.nodeEnv('CH'),
      NETWORK_FILE: networkFile,
      ...keys.env('CH'),
      HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', DATABASE_URL: db.url, ...testKafkaEnv(KafkaPrincipals.node('CH')), KAFKA_SASL_PASSWORD: 'not-the-password', TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'fatal', PB_DEFAULT_METRICS: 'off', OPERATOR_CODE: 'CH', OPERATOR_COUNTRY: 'CH', OPERATOR_TIME_ZONE: 'Europe/Zurich',
    });
    try {
      let health: { status: number; body: any } = { status: 0, body: null };
      for (let i = 0; i < 100; i++) {
        const r = await fetch(`${node.url}/health/details`, { headers: { authorization: `Bearer ${await realms.token('CH', { user: 'ops', roles: ['node-admin'] })}` } });
        health = { status: r.status, body: await r.json() };
        if (health.status === 503 && health.body?.error?.kafka?.code) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ code: 'UNHEALTHY', error: { kafka: { status: 'down', code: 'KAFKA_AUTHENTICATION_FAILED' } } });
      expect(errors.join('\n')).toMatch(/^KAFKA_AUTHENTICATION_FAILED: consumer .* as User:postbridge-ch: .*SASL/m);
    } finally {
      spy.mockRestore();
      await node.app.close();
      await db.drop();
      await realms.delete();
    }
  });
});

