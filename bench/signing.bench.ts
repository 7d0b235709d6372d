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
import { KeyObject, sign, verify } from 'node:crypto';
import { BROKER_SENDER_CODE, decodeEnvelope, encodeEnvelope, openSigned, sealPayload, signingInput } from '@postbridge/contracts';
import { DevSigningKeys } from '@postbridge/dev-infra';
import { benchInfra, fmt, microseconds, percentile } from './bench-infra';
import { startBenchNetwork, timedCaseDelivery } from './bench-network';
import { caseOpened, Mode, runTwoHop } from './two-hop-stage';

const RATE = Number(process.env.BENCH_RATE ?? 100); // messages per second on the latency runs
const LAT_N = Number(process.env.BENCH_LAT_N ?? 150); // per mode and round
const TPUT_N = Number(process.env.BENCH_TPUT_N ?? 5_000); // per mode and round
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3); // modes interleaved, so drift hits all alike
const CASES = Number(process.env.BENCH_N ?? 200);
const CASE_RATE = 50;
const MICRO_N = 1_000;

const MODES: Mode[] = ['plain', 'case path', 're-signed'];

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
    const hubKey = keys.current(BROKER_SENDER_CODE);
    const { latency, tput, produced } = await runTwoHop(infra, {
      name: 'bench_sig',
      modes: MODES,
      value: (mode, i) => (mode === 'plain' ? encodeEnvelope(caseOpened(i)) : sealPayload('Envelope', encodeEnvelope(caseOpened(i)), ch)),
      rate: RATE,
      latN: LAT_N,
      tputN: TPUT_N,
      rounds: ROUNDS,
      stage: { network: keys.applyTo({ operators: [{ code: 'CH' }, { code: 'US' }] }), hubKey: { signer: BROKER_SENDER_CODE, id: hubKey.id, pem: keys.pem(BROKER_SENDER_CODE) } },
    });

    // (b) the real apps: case delivery CH → broker → US, every Ed25519 operation counted.
    const net = await startBenchNetwork(infra, 'bench_sig');
    let apps: { delivery: number[]; cases: number; signs: number; verifies: number; cryptoMs: number; cpuMs: number };
    try {
      // Metered from the first timed case on (not earlier: the figures above call the same functions unwrapped).
      let meter: ReturnType<typeof ed25519Meter>;
      let before: ReturnType<ReturnType<typeof ed25519Meter>['snapshot']>;
      let after: typeof before;
      const { delivery, cpuMs } = await timedCaseDelivery(net, CASES, CASE_RATE, {
        begin: () => {
          meter = ed25519Meter();
          before = meter.snapshot();
        },
        end: () => {
          after = meter.snapshot();
        },
      });
      apps = { delivery, cases: CASES, signs: after!.signs - before!.signs, verifies: after!.verifies - before!.verifies, cryptoMs: Number(after!.ns - before!.ns) / 1e6, cpuMs };
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
