/**
 * The raw two-hop path of signing.bench and sealing.bench: a source in the main thread → relay (the
 * broker: decode, verify, forward) → sink (the partner node: decode, verify, measure), relay and
 * sink in a worker thread each, as they would be processes of their own. runTwoHop drives it from
 * the main thread; run() is a stage, when this file is loaded as a worker. The mode travels in
 * header `m`, the send time (process.hrtime, one clock for all threads) in header `t`.
 */
import { createPrivateKey, randomUUID } from 'node:crypto';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { Kafka, KafkaConfig, Partitioners } from 'kafkajs';
import {
  bodyProblem,
  buildEnvelope,
  CaseOpenedSchema,
  create,
  decodeEnvelope,
  Envelope,
  EnvelopeOpener,
  InquiryReason,
  InquiryType,
  keyRingFromNetworkFile,
  MessageSigner,
  openSigned,
  sealPayload,
} from '@postbridge/contracts';

/**
 * 'case path': signed by the origin, verified at the relay, forwarded as is, verified at the end;
 * 're-signed': signed at every send, verified at every receive (the tracking.in path);
 * 'sealed case path': the case path with customer data sealed by the origin (issue 15), the relay
 * checking the sealed form (bodyProblem) as the broker does, the sink opening it as the partner does.
 */
export type Mode = 'plain' | 'case path' | 're-signed' | 'sealed case path';

export interface StageData {
  role: 'relay' | 'sink';
  kafka: KafkaConfig;
  from: string;
  to?: string;
  groupId: string;
  /** Network file JSON with every party's public key. */
  network: unknown;
  /** The relay's own key, for re-signing. */
  hubKey?: { signer: string; id: string; pem: string };
  /** The sink's X25519 private keys (PEM), for opening sealed content. */
  opener?: { operator: string; keys: Array<{ id: string; pem: string }> };
}

/** What the main thread asks; every request is answered with one message. */
export type StageRequest = { type: 'count' } | { type: 'report' } | { type: 'stop' };
export interface StageReport {
  received: number;
  /** process.hrtime of the last message, as a string (bigint). */
  lastAt: string;
  /** Latencies in ms since the previous report. */
  latencies: number[];
}

/** A case.opened as a node sends it, in clear: about 700 bytes encoded. */
export function caseOpened(i: number): Envelope {
  return buildEnvelope({
    type: 'case.opened',
    sender: 'CH',
    recipient: 'US',
    caseId: randomUUID(),
    body: create(CaseOpenedSchema, {
      itemId: 'RB123456785GB',
      inquiryType: InquiryType.GENERIC,
      originOperator: 'CH',
      destinationOperator: 'US',
      customer: { name: `Customer ${i}`, email: 'kundin@example.ch', phone: '+41 79 123 45 67', preferredLanguage: 'de' },
      description: { text: 'Das Paket wurde am 2. Dezember in Zürich aufgegeben und ist laut Sendungsverfolgung seit dem 4. Dezember unterwegs. '.repeat(4), language: 'de' },
      openedBy: { agentId: 'agent-0042', displayName: 'Anna Muster', operatorCode: 'CH' },
      reasons: [InquiryReason.NOT_ARRIVED],
    }),
  });
}

export interface TwoHopOptions {
  /** Names the topics, consumer groups and clients of this run. */
  name: string;
  modes: Mode[];
  /** What the source sends in `mode`, as the origin makes it: its cost counts, the send time is taken first. */
  value: (mode: Mode, i: number) => Buffer | Promise<Buffer>;
  /** Messages per second on the latency runs, and messages per mode and round. */
  rate: number;
  latN: number;
  tputN: number;
  /** Modes interleaved within each round, so drift hits all alike. */
  rounds: number;
  stage: Pick<StageData, 'network' | 'hubKey' | 'opener'>;
}

export interface TwoHopFigures {
  /** ms, all rounds, unsorted. */
  latency: Map<Mode, number[]>;
  /** Messages per second from the first send until the sink had the last, per round. */
  tput: Map<Mode, number[]>;
  /** The source's own send rate on the throughput runs, per round. */
  produced: Map<Mode, number[]>;
}

type Infra = { kafkaConfig: (clientId: string) => KafkaConfig; createTopics: (names: string[], partitions?: number) => Promise<void> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Latency at a fixed rate, then the most messages per second, of each mode, rounds interleaved. */
export async function runTwoHop(infra: Infra, o: TwoHopOptions): Promise<TwoHopFigures> {
  const prefix = `${o.name}${Date.now() % 100000}`;
  const [hopA, hopB] = [`${prefix}.a`, `${prefix}.b`];
  await infra.createTopics([hopA, hopB], 3);
  const kafka = new Kafka(infra.kafkaConfig(o.name));
  const source = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await source.connect();
  const stage = (data: StageData) => {
    const w = new Worker(__filename, { workerData: data });
    w.on('error', (e) => {
      console.error(`two-hop ${data.role}:`, e);
      process.exit(1);
    });
    return w;
  };
  const ask = <T>(w: Worker, req: StageRequest | null) =>
    new Promise<T>((resolve) => {
      w.once('message', resolve);
      if (req) w.postMessage(req);
    });
  const relay = stage({ role: 'relay', kafka: infra.kafkaConfig(`${o.name}-relay`), from: hopA, to: hopB, groupId: `${prefix}-relay`, ...o.stage });
  const sink = stage({ role: 'sink', kafka: infra.kafkaConfig(`${o.name}-sink`), from: hopB, groupId: `${prefix}-sink`, ...o.stage });
  try {
    await Promise.all([ask(relay, null), ask(sink, null)]); // 'ready': both joined their groups
    await sleep(500);
    let received = 0;
    const until = async (target: number, ms: number) => {
      const deadline = Date.now() + ms;
      while (received < target && Date.now() < deadline) {
        await sleep(10);
        received = await ask<number>(sink, { type: 'count' });
      }
      if (received < target) throw new Error(`two-hop path: ${received} of ${target} messages arrived`);
    };
    const send = async (mode: Mode, i: number) => {
      const t = String(process.hrtime.bigint());
      return { key: String(i), headers: { m: mode, t }, value: await o.value(mode, i) };
    };
    // Warm-up: every mode's code path through JIT in all three threads.
    for (const mode of o.modes) for (let i = 0; i < 50; i++) await source.send({ topic: hopA, acks: -1, messages: [await send(mode, i)] });
    await until(o.modes.length * 50, 30_000);
    await ask<StageReport>(sink, { type: 'report' });

    const figures: TwoHopFigures = { latency: new Map(), tput: new Map(), produced: new Map() };
    for (const m of Object.values(figures) as Array<Map<Mode, number[]>>) for (const mode of o.modes) m.set(mode, []);
    for (let r = 0; r < o.rounds; r++) {
      for (const mode of o.modes) {
        // A fixed schedule, so every mode meets the same load.
        const target = received + o.latN;
        const start = performance.now();
        for (let i = 0; i < o.latN; i++) {
          const wait = start + (i * 1000) / o.rate - performance.now();
          if (wait > 0) await sleep(wait);
          await source.send({ topic: hopA, acks: -1, messages: [await send(mode, i)] });
        }
        await until(target, 20_000);
        figures.latency.get(mode)!.push(...(await ask<StageReport>(sink, { type: 'report' })).latencies);
      }
      for (const mode of o.modes) {
        // As fast as it goes: batches of 100 from the source, whole batches at the relay.
        const target = received + o.tputN;
        const start = process.hrtime.bigint();
        for (let i = 0; i < o.tputN; i += 100) {
          const messages = await Promise.all(Array.from({ length: Math.min(100, o.tputN - i) }, (_, j) => send(mode, i + j)));
          await source.send({ topic: hopA, acks: -1, messages });
        }
        figures.produced.get(mode)!.push(o.tputN / (Number(process.hrtime.bigint() - start) / 1e9));
        await until(target, 120_000);
        const report = await ask<StageReport>(sink, { type: 'report' });
        figures.tput.get(mode)!.push(o.tputN / (Number(BigInt(report.lastAt) - start) / 1e9));
      }
    }
    await Promise.all([ask(relay, { type: 'stop' }), ask(sink, { type: 'stop' })]);
    return figures;
  } finally {
    await Promise.all([relay.terminate(), sink.terminate()]);
    await source.disconnect();
  }
}

async function run(d: StageData): Promise<void> {
  const port = parentPort!;
  const ring = keyRingFromNetworkFile(d.network);
  const hub = d.hubKey ? new MessageSigner(d.hubKey.signer, d.hubKey.id, createPrivateKey(d.hubKey.pem)) : null;
  const opener = d.opener ? new EnvelopeOpener(d.opener.operator, new Map(d.opener.keys.map((k) => [k.id, createPrivateKey(k.pem)]))) : null;
  const kafka = new Kafka(d.kafka);
  const producer = d.to ? kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner }) : null;
  await producer?.connect();
  const consumer = kafka.consumer({ groupId: d.groupId, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: d.from, fromBeginning: false });
  const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));

  let received = 0;
  let lastAt = 0n;
  let latencies: number[] = [];
  /** A message this path must pass but does not: the bench stops (an uncaught error in the thread) rather than retry it. */
  const fail = (message: string): never => {
    const e = new Error(`two-hop ${d.role}: ${message}`);
    setImmediate(() => {
      throw e;
    });
    throw e;
  };
  /** The sealed form as the broker checks it, or (at the sink) opened as the partner node does. */
  const sealed = async (envelope: Envelope, value: Buffer): Promise<Buffer> => {
    if (d.role === 'relay') {
      const problem = bodyProblem(envelope);
      if (problem) fail(problem);
    } else {
      if (!opener) fail('no decryption keys');
      await opener!.open(envelope).catch((e: Error) => fail(e.message));
    }
    return value;
  };
  /** Decode (and verify) as a consumer does; returns what the relay forwards. */
  const accept = (mode: Mode, value: Buffer): Buffer | Promise<Buffer> => {
    if (mode === 'plain') {
      decodeEnvelope(value);
      return value;
    }
    const opened = openSigned('Envelope', value, ring, Date.now());
    const envelope = decodeEnvelope(opened.payload);
    if (mode === 'sealed case path') return sealed(envelope, value);
    // The broker forwards a case message as the origin signed it; re-signed: as it does tracking.in.
    return mode === 're-signed' && d.role === 'relay' ? sealPayload('Envelope', opened.payload, hub!) : value;
  };
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const values = batch.messages.map((m) => accept(String(m.headers?.m) as Mode, m.value!));
      const ready = values.some((v) => v instanceof Promise) ? await Promise.all(values) : (values as Buffer[]);
      if (producer) await producer.send({ topic: d.to!, acks: -1, messages: batch.messages.map((m, i) => ({ key: m.key, headers: m.headers, value: ready[i] })) });
      else {
        const now = process.hrtime.bigint();
        for (const m of batch.messages) latencies.push(Number(now - BigInt(String(m.headers!.t))) / 1e6);
      }
      received += batch.messages.length;
      lastAt = process.hrtime.bigint();
    },
  });
  await joined;
  port.on('message', async (req: StageRequest) => {
    if (req.type === 'count') port.postMessage(received);
    else if (req.type === 'report') {
      port.postMessage({ received, lastAt: String(lastAt), latencies } satisfies StageReport);
      latencies = [];
    } else {
      await consumer.disconnect();
      await producer?.disconnect();
      port.postMessage('stopped');
    }
  });
  port.postMessage('ready');
}

if (parentPort && workerData) {
  run(workerData as StageData).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
