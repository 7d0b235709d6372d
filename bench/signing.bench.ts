/**
 * What signed messages cost (issue 13), each figure next to its unsigned baseline from the same run,
 * as a ratio where 1.0 is no cost and the issue aims at 0.9 or better: with ÷ without for
 * throughput, without ÷ with for latency.
 *  (a) raw kafkajs over two hops, as case-delivery.bench measures its baseline (producer → relay
 *      consumer that re-produces, as the broker does → final consumer; relay and final consumer in a
 *      worker thread each, bench/two-hop-stage.ts, as they are processes of their own), with plain encoded envelopes
 *      and with SignedMessages: "case path" is what a case message gets (sealed by the origin,
 *      verified at the relay, forwarded as is, verified at the end), "re-signed" seals at every send
 *      and verifies at every receive (the tracking.in path). Latency p50/p99 at a fixed rate, and the
 *      most messages per second.
 *  (b) per message: Ed25519 sign and verify (node:crypto), sealPayload and openSigned, against the
 *      real apps' case delivery CH → broker → US (bench-network), where every Ed25519 operation of
 *      the three apps is counted and timed.
 * Env: BENCH_RATE, BENCH_LAT_N, BENCH_TPUT_N, BENCH_ROUNDS, BENCH_N (cases).
 */
import 'reflect-metadata';
import { KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Kafka, Partitioners } from 'kafkajs';
import {
  BROKER_SENDER_CODE,
  buildEnvelope,
  CaseOpenedSchema,
  create,
  decodeEnvelope,
  encodeEnvelope,
  Envelope,
  InquiryReason,
  InquiryType,
  openSigned,
  sealPayload,
  signingInput,
} from '@postbridge/contracts';
import { DevSigningKeys } from '@postbridge/dev-infra';
import { benchInfra, fmt, percentile } from './bench-infra';
import { startBenchNetwork } from './bench-network';
import type { Mode, StageData, StageReport, StageRequest } from './two-hop-stage';

const RATE = Number(process.env.BENCH_RATE ?? 100); // messages per second on the latency runs
const LAT_N = Number(process.env.BENCH_LAT_N ?? 150); // per mode and round
const TPUT_N = Number(process.env.BENCH_TPUT_N ?? 5_000); // per mode and round
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3); // modes interleaved, so drift hits all alike
const CASES = Number(process.env.BENCH_N ?? 200);
const CASE_RATE = 50;
const MICRO_N = 1_000;

const MODES: Mode[] = ['plain', 'case path', 're-signed'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A case.opened as a node sends it: about 700 bytes encoded. */
function caseOpened(i: number): Envelope {
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

/** µs per call of `f`: the fastest of 7 runs of `n` after a warm-up (the least disturbed, on a shared machine). */
function microseconds(n: number, f: (i: number) => unknown): number {
  for (let i = 0; i < 300; i++) f(i);
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(i);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e3 / n);
  }
  return best;
}

/**
 * Counts and times every Ed25519 sign and verify of this process (the apps call node:crypto's
 * sign/verify through the module object, so wrapping its exports reaches them). Other keys
 * (the JWTs' RSA) are not counted.
 */
function ed25519Meter() {
  // The module object itself (not an import's copy), as the compiled libraries reach it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const c = require('node:crypto') as Record<'sign' | 'verify', (...a: unknown[]) => unknown>;
  const stats = { signs: 0, verifies: 0, ns: 0n };
  const isEd = (k: unknown) => k instanceof KeyObject && k.asymmetricKeyType === 'ed25519';
  for (const name of ['sign', 'verify'] as const) {
    const original = c[name];
    c[name] = function (this: unknown, ...args: unknown[]) {
      if (!isEd(args[2]) || typeof args[args.length - 1] === 'function') return original.apply(this, args);
      const t = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        stats.ns += process.hrtime.bigint() - t;
        if (name === 'sign') stats.signs++;
        else stats.verifies++;
      }
    };
  }
  return {
    snapshot: () => ({ ...stats }),
  };
}

async function main() {
  const began = Date.now();
  const keys = DevSigningKeys.generate(['CH', 'US']);
  const ring = keys.ring({ operators: [{ code: 'CH' }, { code: 'US' }] });
  const ch = keys.signer('CH');

  // (b) first, on a quiet machine: the per-message figures.
  const envelope = caseOpened(0);
  const sample = encodeEnvelope(envelope);
  const input = signingInput('Envelope', sample);
  const privateKey = keys.current('CH').privateKey;
  const signature = sign(null, input, privateKey);
  const sealed = sealPayload('Envelope', sample, ch);
  const now = Date.now();
  const micro = {
    encode: microseconds(MICRO_N, () => encodeEnvelope(envelope)),
    decode: microseconds(MICRO_N, () => decodeEnvelope(sample)),
    sign: microseconds(MICRO_N, () => sign(null, input, privateKey)),
    verify: microseconds(MICRO_N, () => verify(null, input, ch.publicKey, signature)),
    seal: microseconds(MICRO_N, () => sealPayload('Envelope', sample, ch)),
    open: microseconds(MICRO_N, () => openSigned('Envelope', sealed, ring, now)),
  };

  const infra = await benchInfra();
  try {
    // (a) raw kafkajs, two hops.
    const prefix = `bench_sig${Date.now() % 100000}`;
    const [hopA, hopB] = [`${prefix}.sig.a`, `${prefix}.sig.b`];
    await infra.createTopics([hopA, hopB], 3);
    const kafka = new Kafka(infra.kafkaConfig('bench-sig'));
    const source = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await source.connect();
    const sourceValue = (mode: Mode, i: number) => (mode === 'plain' ? encodeEnvelope(caseOpened(i)) : sealPayload('Envelope', encodeEnvelope(caseOpened(i)), ch));
    // The broker and the partner node: a thread each, as they are processes of their own.
    const network = keys.applyTo({ operators: [{ code: 'CH' }, { code: 'US' }] });
    const stage = (data: StageData) => {
      const w = new Worker(join(__dirname, 'two-hop-stage.js'), { workerData: data });
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
    const hubKey = keys.current(BROKER_SENDER_CODE);
    const relay = stage({ role: 'relay', kafka: infra.kafkaConfig('bench-sig-relay'), from: hopA, to: hopB, groupId: `${prefix}-relay`, network, hubKey: { signer: BROKER_SENDER_CODE, id: hubKey.id, pem: keys.pem(BROKER_SENDER_CODE) } });
    const sink = stage({ role: 'sink', kafka: infra.kafkaConfig('bench-sig-sink'), from: hopB, groupId: `${prefix}-sink`, network });
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
    const send = (mode: Mode, i: number) => ({ key: String(i), headers: { m: mode, t: String(process.hrtime.bigint()) }, value: sourceValue(mode, i) });
    // Warm-up: every mode's code path through JIT in all three threads.
    for (const mode of MODES) for (let i = 0; i < 50; i++) await source.send({ topic: hopA, acks: -1, messages: [send(mode, i)] });
    await until(MODES.length * 50, 30_000);
    await ask<StageReport>(sink, { type: 'report' });

    const latency = new Map<Mode, number[]>(MODES.map((m) => [m, []]));
    const tput = new Map<Mode, number[]>(MODES.map((m) => [m, []]));
    const produced = new Map<Mode, number[]>(MODES.map((m) => [m, []])); // the producer's own rate
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of MODES) {
        // A fixed schedule, so every mode meets the same load.
        const target = received + LAT_N;
        const start = performance.now();
        for (let i = 0; i < LAT_N; i++) {
          const wait = start + (i * 1000) / RATE - performance.now();
          if (wait > 0) await sleep(wait);
          await source.send({ topic: hopA, acks: -1, messages: [send(mode, i)] });
        }
        await until(target, 20_000);
        latency.get(mode)!.push(...(await ask<StageReport>(sink, { type: 'report' })).latencies);
      }
      for (const mode of MODES) {
        // As fast as it goes: batches of 100 from the source, whole batches at the relay.
        const target = received + TPUT_N;
        const start = process.hrtime.bigint();
        for (let i = 0; i < TPUT_N; i += 100) {
          await source.send({ topic: hopA, acks: -1, messages: Array.from({ length: Math.min(100, TPUT_N - i) }, (_, j) => send(mode, i + j)) });
        }
        produced.get(mode)!.push(TPUT_N / (Number(process.hrtime.bigint() - start) / 1e9));
        await until(target, 120_000);
        const report = await ask<StageReport>(sink, { type: 'report' });
        tput.get(mode)!.push(TPUT_N / (Number(BigInt(report.lastAt) - start) / 1e9));
      }
    }
    await Promise.all([ask(relay, { type: 'stop' }), ask(sink, { type: 'stop' })]);
    await Promise.all([relay.terminate(), sink.terminate()]);
    await source.disconnect();

    // (b) the real apps: case delivery CH → broker → US, every Ed25519 operation counted.
    const net = await startBenchNetwork(infra, 'bench_sig');
    let apps: { delivery: number[]; cases: number; signs: number; verifies: number; cryptoMs: number; cpuMs: number };
    try {
      const agent = await net.agent('CH');
      const open = (i: number) =>
        fetch(`${net.ch.url}/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...agent },
          body: JSON.stringify({ itemId: 'RB123456785GB', destinationOperator: 'US', inquiryType: 'GENERIC', reasons: ['NOT_ARRIVED'], customer: { name: `Customer ${i}` }, description: { text: 'bench', language: 'en' } }),
        }).then((r) => (r.status === 201 ? r.json() : Promise.reject(new Error(`openCase ${r.status}`))));
      const countAt = async (db: typeof net.us.db, sql: string) => Number((await db.query(sql)).rows[0].n);
      // Everything a case causes (accepted at US, the acceptance and deadlines back at CH) settled.
      const settled = async (n: number, ms: number) => {
        const deadline = Date.now() + ms;
        while (Date.now() < deadline) {
          if ((await countAt(net.ch.db, `SELECT count(*) AS n FROM cases WHERE accepted_at IS NOT NULL`)) >= n) return;
          await sleep(50);
        }
        throw new Error(`case delivery: fewer than ${n} cases accepted within ${ms} ms`);
      };
      await open(-1);
      await settled(1, 30_000);
      await sleep(1000);
      // From here on (not earlier: the figures above call the same functions unwrapped).
      const meter = ed25519Meter();
      const before = meter.snapshot();
      const cpu = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < CASES; i++) {
        const wait = start + (i * 1000) / CASE_RATE - performance.now();
        if (wait > 0) await sleep(wait);
        await open(i);
      }
      await settled(CASES + 1, 60_000);
      await sleep(1000); // deadlines and the like that trail the acceptance
      const used = process.cpuUsage(cpu);
      const after = meter.snapshot();
      const opened = new Map<string, number>((await net.ch.db.query(`SELECT id, opened_at FROM cases`)).rows.map((r) => [r.id, r.opened_at.getTime()]));
      const applied = (await net.us.db.query(`SELECT id, accepted_at FROM cases`)).rows;
      const delivery = applied.filter((r) => opened.has(r.id)).map((r) => r.accepted_at.getTime() - opened.get(r.id)!).sort((a, b) => a - b).slice(1);
      apps = { delivery, cases: CASES, signs: after.signs - before.signs, verifies: after.verifies - before.verifies, cryptoMs: Number(after.ns - before.ns) / 1e6, cpuMs: (used.user + used.system) / 1000 };
    } finally {
      await net.stop();
    }

    const ratio = (x: number) => `${x.toFixed(2)}x`;
    console.log(`signed messages (Ed25519, ${sample.length}-byte case.opened; SignedMessage ${sealed.length} bytes), ${infra.label}; ratio 1.0 = no cost, aim ≥ 0.9`);
    console.log(`(a) raw kafkajs, 2 hops (producer → relay → consumer, a thread each), consumer wait 20 ms, ${ROUNDS} rounds interleaved; max = best round of ${TPUT_N.toLocaleString('en-US')}`);
    const [pl, pt] = [latency.get('plain')!.sort((a, b) => a - b), Math.max(...tput.get('plain')!)];
    for (const mode of MODES) {
      const l = latency.get(mode)!.sort((a, b) => a - b);
      const best = Math.max(...tput.get(mode)!);
      const what = mode === 'plain' ? 'plain envelopes (baseline)   ' : mode === 'case path' ? 'signed, case path (1 sign, 2 verify)' : 'signed, re-signed (2 sign, 2 verify)';
      const vs = (x: number, base: number, lower: boolean) => (mode === 'plain' ? '' : ` (${ratio(lower ? base / x : x / base)})`);
      console.log(
        `  ${what.padEnd(37)}: ${LAT_N * ROUNDS} at ${RATE}/s p50 ${fmt(percentile(l, 50), 1)} ms${vs(percentile(l, 50), percentile(pl, 50), true)}, p99 ${fmt(percentile(l, 99), 1)} ms${vs(percentile(l, 99), percentile(pl, 99), true)} | max ${fmt(best, 0)} msg/s${vs(best, pt, false)} (producer alone ${fmt(Math.max(...produced.get(mode)!), 0)}/s)`,
      );
    }
    console.log(`(b) per message, node:crypto, best of 7 runs of ${MICRO_N}`);
    console.log(`  Ed25519 sign ${fmt(micro.sign, 1)} µs, verify ${fmt(micro.verify, 1)} µs | sealPayload ${fmt(micro.seal, 1)} µs, openSigned ${fmt(micro.open, 1)} µs | baseline: encodeEnvelope ${fmt(micro.encode, 1)} µs, decodeEnvelope ${fmt(micro.decode, 1)} µs`);
    const d50 = percentile(apps.delivery, 50);
    const d99 = percentile(apps.delivery, 99);
    const pathMs = (micro.seal + 2 * micro.open) / 1000; // CH seals; the broker and US verify; the broker forwards the bytes
    const perCase = apps.cryptoMs / apps.cases;
    const cpuPerCase = apps.cpuMs / apps.cases;
    console.log(`  real apps, ${apps.cases} cases at ${CASE_RATE}/s CH → broker → US: delivered ${apps.delivery.length}, p50 ${fmt(d50, 0)} ms, p99 ${fmt(d99, 0)} ms`);
    console.log(`    one sign = ${fmt((micro.sign / 1000 / d50) * 100, 3)}% of delivery p50, one verify = ${fmt((micro.verify / 1000 / d50) * 100, 3)}%`);
    console.log(`    on a case's delivery path (1 seal + 2 opens) ${fmt(pathMs, 3)} ms of p50 ${fmt(d50, 0)} ms: without ÷ with ≈ ${ratio((d50 - pathMs) / d50)}`);
    console.log(
      `    all Ed25519 in the 3 apps per case (open, accept, deadlines): ${fmt(apps.signs / apps.cases, 1)} signs + ${fmt(apps.verifies / apps.cases, 1)} verifies = ${fmt(perCase, 3)} ms of ${fmt(cpuPerCase, 2)} ms CPU per case (this process: broker, CH, US and the HTTP client): throughput bound ≈ ${ratio((cpuPerCase - perCase) / cpuPerCase)}`,
    );
    console.log(`  (${fmt((Date.now() - began) / 1000, 0)} s in all)`);
    if (apps.delivery.length < apps.cases) process.exitCode = 1;
  } finally {
    await infra.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
