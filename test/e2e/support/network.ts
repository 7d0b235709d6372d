import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, Producer, SASLOptions } from 'kafkajs';
import { BROKER_SENDER_CODE, encodeEnvelope, encodeTrackingBatch, Envelope, sealPayload, TopicNames, TrackingBatch } from '@postbridge/contracts';
import type { Clock } from '@postbridge/platform';
import { bootstrapBroker } from '../../../apps/broker/src/broker.bootstrap';
import { bootstrapOperatorNode } from '../../../apps/operator-node/src/operator-node.bootstrap';
import { applyProvisionScripts, DevSigningKeys, freePort, kafkaClientEnv, KafkaPrincipals, sealAsSent } from '@postbridge/dev-infra';
import { createTestDatabase, TestDatabase } from '../../harness/database';
import { authorization, Caller, registerEndpoint, TestRealms, unregisterEndpoint } from '../../harness/identity';
import { testKafkaBrokers, testKafkaSasl, uniqueTopicPrefix } from '../../harness/kafka';

/** A Kafka cluster and its SCRAM users: the run's shared one, or one a test started for itself. */
export interface KafkaTarget {
  brokers: string[];
  /** Credentials of `user`, default the cluster's admin. */
  sasl(user?: string): SASLOptions;
}

export interface OperatorSpec {
  code: string;
  country: string;
  timeZone: string;
  languages: string[];
  active?: boolean;
  /** In the registry only: no node is started for it. */
  noNode?: boolean;
  /** Networks (agreements) it belongs to; default all of DEFAULT_AGREEMENTS. */
  networks?: string[];
  /** Working calendar (its time zone is `timeZone`); default Mon-Fri 09:00-12:00 and 13:00-17:00 with the country's public holidays. */
  calendar?: Record<string, unknown>;
  /** Extra node env, e.g. TRANSLATION_URL. */
  env?: Record<string, string>;
}

/** The networks of deploy/network.json, so tests run under the agreements a newcomer sees. */
export const DEFAULT_AGREEMENTS: Record<string, unknown>[] = (JSON.parse(readFileSync(join(__dirname, '../../../deploy/network.json'), 'utf8')) as { networks: Record<string, unknown>[] }).networks;

export function defaultCalendar(country: string): Record<string, unknown> {
  const day = [['09:00', '12:00'], ['13:00', '17:00']];
  return { weeklyHours: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays: { country } };
}

export interface TestNetworkOptions {
  /** A cluster of the test's own, for faults that must not disturb other test files. */
  kafka?: KafkaTarget;
  /** Agreements of the network file; default DEFAULT_AGREEMENTS. */
  agreements?: Record<string, unknown>[];
  /** The broker's clock (deadlines); default the system clock. */
  clock?: Clock;
  /** Extra broker env, e.g. DEADLINE_SCAN_INTERVAL_MS. */
  brokerEnv?: Record<string, string>;
  /** The retention jobs' clock at every app; default the system clock. */
  retentionClock?: Clock;
  /**
   * Every app logs at info (or PB_TEST_LOG_LEVEL when that is debug or trace) into `logs` instead
   * of stdout, so a test can read what an operator's log collector would get.
   */
  captureLogs?: boolean;
}

export interface NodeHandle {
  code: string;
  /** Kept across restarts: the IdP knows the console's callback at it. */
  port: number;
  url: string;
  db: TestDatabase;
  app: INestApplication | null;
}

/**
 * A whole PostBridge network in this process: one broker and a node per operator, each with its
 * own database copied from the migrated templates, on the run's Kafka-protocol broker under a
 * topic prefix of its own, so test files never see each other's traffic.
 */
export class TestNetwork {
  readonly topics: TopicNames;
  readonly nodes = new Map<string, NodeHandle>();
  broker: { url: string; app: INestApplication; db: TestDatabase } | null = null;
  private producer: Producer | null = null;
  /** The JSON log lines of every app of the network, with `captureLogs`. */
  readonly logs: string[] = [];
  private options: TestNetworkOptions = {};

  readonly kafka: KafkaTarget;

  private constructor(readonly prefix: string, readonly operators: OperatorSpec[], private readonly networkFile: string, readonly realms: TestRealms, readonly keys: DevSigningKeys, kafka?: KafkaTarget) {
    this.topics = new TopicNames(prefix);
    this.kafka = kafka ?? { brokers: testKafkaBrokers(), sasl: (user) => testKafkaSasl(user) };
  }

  static async start(operators: OperatorSpec[], opts: TestNetworkOptions = {}): Promise<TestNetwork> {
    const prefix = uniqueTopicPrefix();
    const dir = mkdtempSync(join(tmpdir(), 'pb-e2e-'));
    const networkFile = join(dir, 'network.json');
    // Every party's signing key; the network file lists the public halves.
    const keys = DevSigningKeys.generate(operators.map((o) => o.code));
    writeFileSync(
      networkFile,
      JSON.stringify(keys.applyTo({
        network: `e2e-${prefix}`,
        topicPrefix: prefix,
        networks: opts.agreements ?? DEFAULT_AGREEMENTS,
        operators: operators.map((o) => ({
          code: o.code,
          name: `Post ${o.code}`,
          country: o.country,
          timeZone: o.timeZone,
          languages: o.languages,
          active: o.active ?? true,
          networks: o.networks ?? (opts.agreements ?? DEFAULT_AGREEMENTS).map((a) => a.code),
          calendar: o.calendar ?? defaultCalendar(o.country),
        })),
      })),
    );
    // Ports chosen up front: the IdP must know each console's callback URL before the node starts.
    const ports = new Map<string, number>();
    for (const o of operators.filter((x) => !x.noNode)) ports.set(o.code, await freePort());
    // A realm per node and a hub realm of this network's own, in the run's Keycloak.
    const realms = await TestRealms.create(prefix, operators.map((o) => o.code), { nodeUrls: Object.fromEntries([...ports].map(([c, p]) => [c, [`http://127.0.0.1:${p}`]])) });
    const net = new TestNetwork(prefix, operators, networkFile, realms, keys, opts.kafka);
    net.options = opts;
    // Topics and ACLs as deploy/kafka/create-topics.sh and acls.sh make them for this network file.
    await applyProvisionScripts({ brokers: net.kafka.brokers, sasl: net.kafka.sasl() }, { networkFile, topicPrefix: prefix, partitions: 3, replicationFactor: Math.min(3, net.kafka.brokers.length) });
    const brokerDb = await createTestDatabase('broker');
    const broker = await bootstrapBroker({ ...net.commonEnv(KafkaPrincipals.broker), ...realms.brokerEnv(), DATABASE_URL: brokerDb.url, NETWORK_FILE: networkFile, ...keys.env(BROKER_SENDER_CODE), ...opts.brokerEnv }, { clock: opts.clock, logDestination: net.logDestination(), retentionClock: opts.retentionClock });
    net.broker = { url: broker.url, app: broker.app, db: brokerDb };
    registerEndpoint(broker.url, realms, 'hub', 'hub-ops');
    await Promise.all(
      operators.filter((o) => !o.noNode).map(async (o) => {
        const db = await createTestDatabase('operator_node');
        net.nodes.set(o.code, { code: o.code, url: '', db, app: null, port: ports.get(o.code)! });
        await net.startNode(o.code);
      }),
    );
    return net;
  }

  /** What every app gets, connecting to Kafka as `principal`. */
  private commonEnv(principal: string): Record<string, string> {
    return {
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      ...kafkaClientEnv(this.kafka.brokers, this.kafka.sasl(principal)),
      TOPIC_PREFIX: this.prefix,
      KAFKA_MAX_WAIT_MS: '20',
      LOG_LEVEL: this.options.captureLogs ? (/^(debug|trace)$/.test(process.env.PB_TEST_LOG_LEVEL ?? '') ? process.env.PB_TEST_LOG_LEVEL! : 'info') : (process.env.PB_TEST_LOG_LEVEL ?? 'fatal'),
      PB_DEFAULT_METRICS: 'off',
    };
  }

  /** With `captureLogs`: a pino destination appending to `logs`, shared by every app. */
  private logDestination(): { write(line: string): void } | undefined {
    return this.options.captureLogs ? { write: (line: string) => void this.logs.push(line) } : undefined;
  }

  node(code: string): NodeHandle {
    const n = this.nodes.get(code);
    if (!n) throw new Error(`no node ${code}`);
    return n;
  }

  /** (Re)starts a node on its existing database and port. */
  async startNode(code: string): Promise<void> {
    const n = this.node(code);
    const o = this.operators.find((x) => x.code === code)!;
    const running = await bootstrapOperatorNode({
      ...this.commonEnv(KafkaPrincipals.node(o.code)),
      OPERATOR_CODE: o.code,
      OPERATOR_NAME: `Post ${o.code}`,
      OPERATOR_COUNTRY: o.country,
      OPERATOR_TIME_ZONE: o.timeZone,
      OPERATOR_LANGUAGES: o.languages.join(','),
      DATABASE_URL: n.db.url,
      NETWORK_FILE: this.networkFile,
      ...this.keys.env(o.code),
      ...this.realms.nodeEnv(o.code, `http://127.0.0.1:${n.port}`),
      HTTP_PORT: String(n.port),
      // The fuzzer and load-shaped tests send more than a person would; the limit has its own test.
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...o.env,
    }, { retentionClock: this.options.retentionClock, logDestination: this.logDestination() });
    n.app = running.app;
    n.url = running.url;
    registerEndpoint(n.url, this.realms, o.code, 'agent.test');
  }

  async stopNode(code: string): Promise<void> {
    const n = this.node(code);
    await n.app?.close();
    n.app = null;
  }

  /** A raw producer as the cluster admin, for what a misbehaving or replaying party would put on a topic past the ACLs. */
  async rawProducer(): Promise<Producer> {
    if (!this.producer) {
      this.producer = new Kafka({ clientId: `e2e-${this.prefix}`, brokers: this.kafka.brokers, sasl: this.kafka.sasl(), logLevel: logLevel.NOTHING }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    return this.producer;
  }

  /** The envelope with its customer data sealed for its recipient, as the sender's outbox seals it (in place). */
  seal(envelope: Envelope): Promise<Envelope> {
    return sealAsSent(envelope, this.keys.sealer());
  }

  /** A Kafka message value as `signer` would write it (default: the message's own sender). */
  signed(message: { envelope: Envelope } | { batch: TrackingBatch }, signer?: string): Buffer {
    if ('envelope' in message) return sealPayload('Envelope', encodeEnvelope(message.envelope), this.keys.signer(signer ?? message.envelope.senderOperator));
    return sealPayload('TrackingBatch', encodeTrackingBatch(message.batch), this.keys.signer(signer ?? message.batch.senderOperator));
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    for (const n of this.nodes.values()) {
      await n.app?.close().catch(() => undefined);
      await n.db.drop().catch(() => undefined);
      if (n.url) unregisterEndpoint(n.url);
    }
    await this.broker?.app.close().catch(() => undefined);
    await this.broker?.db.drop().catch(() => undefined);
    if (this.broker) unregisterEndpoint(this.broker.url);
    await this.realms.delete();
  }
}

/** The post's tracking system (client credentials, role tracking-system). */
export const TRACKING: Caller = { client: 'tracking-system' };
export { authorization };
export type { Caller };

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A request as `as` with a real token from the network's IdP: a user name (default roles), a user
 * with given roles, a service client, or null for no credentials. Default: the endpoint's usual
 * caller (agent.test at a node, hub-ops at the broker).
 */
export async function api<T = any>(baseUrl: string, method: string, path: string, body?: unknown, as?: Caller, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(await authorization(baseUrl, as)), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Polls until `check` returns a value (not undefined/false) or the time is up; the last error is reported. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function openCaseBody(destinationOperator: string, overrides: Record<string, unknown> = {}) {
  return {
    itemId: 'RB123456785GB',
    destinationOperator,
    inquiryType: 'FULL_INVESTIGATION',
    reasons: ['NOT_ARRIVED'],
    customer: { name: 'Jane Doe', email: 'jane@example.org', preferredLanguage: 'de' },
    description: { text: 'Das Paket ist nicht angekommen.', language: 'de' },
    ...overrides,
  };
}
