/**
 * One stage of signing.bench's raw two-hop path, in a worker thread of its own as it would be a
 * process of its own: the relay (the broker: decode, verify, forward) or the sink (the partner
 * node: decode, verify, measure). The mode travels in header `m`, the send time (process.hrtime,
 * one clock for all threads) in header `t`.
 */
import { createPrivateKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { Kafka, KafkaConfig, Partitioners } from 'kafkajs';
import { decodeEnvelope, keyRingFromNetworkFile, MessageSigner, openSigned, sealPayload } from '@postbridge/contracts';

export type Mode = 'plain' | 'case path' | 're-signed';

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

async function run(d: StageData): Promise<void> {
  const port = parentPort!;
  const ring = keyRingFromNetworkFile(d.network);
  const hub = d.hubKey ? new MessageSigner(d.hubKey.signer, d.hubKey.id, createPrivateKey(d.hubKey.pem)) : null;
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
  /** Decode (and verify) as a consumer does; returns what the relay forwards. */
  const accept = (mode: Mode, value: Buffer): Buffer => {
    if (mode === 'plain') {
      decodeEnvelope(value);
      return value;
    }
    const opened = openSigned('Envelope', value, ring, Date.now());
    decodeEnvelope(opened.payload);
    // The broker forwards a case message as the origin signed it; re-signed: as it does tracking.in.
    return mode === 're-signed' && d.role === 'relay' ? sealPayload('Envelope', opened.payload, hub!) : value;
  };
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const out = batch.messages.map((m) => ({ key: m.key, headers: m.headers, value: accept(String(m.headers?.m) as Mode, m.value!) }));
      if (producer) await producer.send({ topic: d.to!, acks: -1, messages: out });
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
