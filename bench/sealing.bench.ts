/**
 * What sealing customer data costs case delivery (issue 15: the origin's outbox encrypts a case
 * message's customer block and free text for the recipient post, JWE ECDH-ES X25519 + A256GCM),
 * each figure next to the signed-only baseline from the same run, as a ratio where 1.0 is no cost
 * and the issue aims at 0.9 or better: with ÷ without for throughput, without ÷ with for latency.
 *  (a) raw kafkajs over two hops as signing.bench's (a) (bench/two-hop-stage.ts: producer → relay
 *      thread → sink thread): "case path" is a case message as signed before issue 15 (signed at the
 *      source, verified at the relay and forwarded as is, verified at the sink); "sealed case path"
 *      seals, then signs at the source as a node's outbox does, the relay verifies and checks the
 *      sealed form (bodyProblem) as the broker does, the sink verifies and opens it (EnvelopeOpener)
 *      as the partner node does. Latency p50/p99 at a fixed rate, and the most messages per second.
 *  (b) per case.opened: EnvelopeSealer.seal and EnvelopeOpener.open next to sealPayload (sign) and
 *      openSigned (verify), in this thread.
 *  (c) the real apps' case delivery CH → broker → US (bench-network), every EnvelopeSealer.seal
 *      and EnvelopeOpener.open of the three apps timed (their prototypes wrapped), as a share of
 *      delivery latency and of the CPU per case.
 * Env: BENCH_RATE, BENCH_LAT_N, BENCH_TPUT_N, BENCH_ROUNDS, BENCH_N (cases).
 */
import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import {
  bodyProblem,
  encodeEnvelope,
  Envelope,
  EnvelopeOpener,
  EnvelopeSealer,
  openSigned,
  privateContentOf,
  readEncryptionKeys,
  sealedOf,
  sealPayload,
} from '@postbridge/contracts';
import { DevSigningKeys } from '@postbridge/dev-infra';
import { benchInfra, fmt, microseconds, microsecondsAsync, percentile } from './bench-infra';
import { startBenchNetwork, timedCaseDelivery } from './bench-network';
import { caseOpened, Mode, runTwoHop } from './two-hop-stage';

const RATE = Number(process.env.BENCH_RATE ?? 100); // messages per second on the latency runs
const LAT_N = Number(process.env.BENCH_LAT_N ?? 150); // per mode and round
const TPUT_N = Number(process.env.BENCH_TPUT_N ?? 5_000); // per mode and round
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3); // modes interleaved, so drift hits all alike
const CASES = Number(process.env.BENCH_N ?? 200);
const CASE_RATE = 50;
const MICRO_N = 1_000;

const MODES: Mode[] = ['case path', 'sealed case path'];

/** The wall time of each call from its start until its promise settles, in ms. */
interface Calls {
  /** Calls that encrypted (seal) or decrypted (open) customer data. */
  real: number[];
  /** Calls on messages without sealed content: they return at once (seal) or only check the body (open). */
  through: number[];
}

/**
 * Times every EnvelopeSealer.seal and EnvelopeOpener.open of this process by wrapping their
 * prototypes (the apps' instances are of the same classes). Wall time: it includes the ephemeral key
 * pair jose makes on libuv's thread pool, and whatever else ran between a call's awaits.
 */
function sealingMeter() {
  const seal: Calls = { real: [], through: [] };
  const open: Calls = { real: [], through: [] };
  const sealer = EnvelopeSealer.prototype;
  const opener = EnvelopeOpener.prototype;
  const originals = { seal: sealer.seal, open: opener.open };
  const timed = <T>(calls: Calls, real: boolean, call: () => Promise<T>): Promise<T> => {
    const t = process.hrtime.bigint();
    return call().finally(() => (real ? calls.real : calls.through).push(Number(process.hrtime.bigint() - t) / 1e6));
  };
  sealer.seal = function (this: EnvelopeSealer, e: Envelope) {
    return timed(seal, !sealedOf(e)?.jwe && privateContentOf(e) !== null, () => originals.seal.call(this, e));
  };
  opener.open = function (this: EnvelopeOpener, e: Envelope) {
    return timed(open, !!sealedOf(e)?.jwe && e.recipientOperator === this.operator, () => originals.open.call(this, e));
  };
  return {
    seal,
    open,
    stop() {
      sealer.seal = originals.seal;
      opener.open = originals.open;
    },
  };
}

const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function main() {
  const began = Date.now();
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average at start ${load()}`;
  const keys = DevSigningKeys.generate(['CH', 'US']);
  const network = keys.applyTo({ operators: [{ code: 'CH' }, { code: 'US' }] });
  const ring = keys.ring(network);
  const ch = keys.signer('CH');
  // As the apps make them: the sealer from the network file's public keys, the opener from US's private keys.
  const problems: string[] = [];
  const sealer = new EnvelopeSealer(readEncryptionKeys(network, problems));
  if (problems.length > 0) throw new Error(problems.join('; '));
  const opener = keys.opener('US');

  // (b) first, on a quiet machine: the per-message figures.
  const envelope = caseOpened(0);
  const sealedEnvelope = await sealer.seal(envelope);
  const clear = encodeEnvelope(envelope);
  const sealedBytes = encodeEnvelope(sealedEnvelope);
  const signed = sealPayload('Envelope', clear, ch);
  const signedSealed = sealPayload('Envelope', sealedBytes, ch);
  const now = Date.now();
  const micro = {
    sign: microseconds(MICRO_N, () => sealPayload('Envelope', clear, ch)),
    verify: microseconds(MICRO_N, () => openSigned('Envelope', signed, ring, now)),
    signSealed: microseconds(MICRO_N, () => sealPayload('Envelope', sealedBytes, ch)),
    verifySealed: microseconds(MICRO_N, () => openSigned('Envelope', signedSealed, ring, now)),
    bodyProblem: microseconds(MICRO_N, () => bodyProblem(sealedEnvelope)),
    seal: await microsecondsAsync(MICRO_N, () => sealer.seal(envelope)),
    open: await microsecondsAsync(MICRO_N, () => opener.open(sealedEnvelope)),
  };

  const infra = await benchInfra();
  try {
    // (a) raw kafkajs, two hops.
    const usKeys = keys.encryptionKeysOf('US').map((k) => ({ id: k.id, pem: k.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() }));
    const { latency, tput, produced } = await runTwoHop(infra, {
      name: 'bench_seal',
      modes: MODES,
      value: async (mode, i) => sealPayload('Envelope', encodeEnvelope(mode === 'sealed case path' ? await sealer.seal(caseOpened(i)) : caseOpened(i)), ch),
      rate: RATE,
      latN: LAT_N,
      tputN: TPUT_N,
      rounds: ROUNDS,
      stage: { network, opener: { operator: 'US', keys: usKeys } },
    });

    // (c) the real apps: case delivery CH → broker → US, every seal and open timed.
    const net = await startBenchNetwork(infra, 'bench_seal');
    let apps: { delivery: number[]; cpuMs: number; seal: Calls; open: Calls };
    try {
      // Metered from the first timed case on (not earlier: the figures above call the same methods unwrapped).
      let meter: ReturnType<typeof sealingMeter> | undefined;
      const { delivery, cpuMs } = await timedCaseDelivery(net, CASES, CASE_RATE, { begin: () => (meter = sealingMeter()), end: () => meter?.stop() });
      apps = { delivery, cpuMs, seal: meter!.seal, open: meter!.open };
    } finally {
      await net.stop();
    }

    const ratio = (x: number) => `${x.toFixed(2)}x`;
    console.log(`sealed customer data (JWE ECDH-ES X25519 + A256GCM via jose; case.opened ${clear.length} bytes in clear, ${sealedBytes.length} sealed; signed ${signed.length} / ${signedSealed.length} bytes)`);
    console.log(`  ${infra.label}, ${machine}; baseline: the same case signed only (as before issue 15), same run; ratio 1.0 = no cost, aim ≥ 0.9`);
    console.log(`(a) raw kafkajs, 2 hops (producer → relay → consumer, a thread each), consumer wait 20 ms, ${ROUNDS} rounds interleaved; max = best round of ${TPUT_N.toLocaleString('en-US')}`);
    const [bl, bt] = [sorted(latency.get('case path')!), Math.max(...tput.get('case path')!)];
    for (const mode of MODES) {
      const l = sorted(latency.get(mode)!);
      const best = Math.max(...tput.get(mode)!);
      const base = mode === 'case path';
      const what = base ? 'case path, signed (baseline)' : 'sealed case path (+ seal, check, open)';
      const vs = (x: number, b: number, lower: boolean) => (base ? '' : ` (${ratio(lower ? b / x : x / b)})`);
      console.log(
        `  ${what.padEnd(39)}: ${LAT_N * ROUNDS} at ${RATE}/s p50 ${fmt(percentile(l, 50), 1)} ms${vs(percentile(l, 50), percentile(bl, 50), true)}, p99 ${fmt(percentile(l, 99), 1)} ms${vs(percentile(l, 99), percentile(bl, 99), true)} | max ${fmt(best, 0)} msg/s${vs(best, bt, false)} (producer alone ${fmt(Math.max(...produced.get(mode)!), 0)}/s)`,
      );
    }
    console.log(`(b) per case.opened, this thread, best of 7 runs of ${MICRO_N}`);
    console.log(`  EnvelopeSealer.seal ${fmt(micro.seal, 1)} µs, EnvelopeOpener.open ${fmt(micro.open, 1)} µs, bodyProblem (sealed form) ${fmt(micro.bodyProblem, 1)} µs | baseline: sealPayload (sign) ${fmt(micro.sign, 1)} µs, openSigned (verify) ${fmt(micro.verify, 1)} µs`);
    const signedPath = micro.sign + 2 * micro.verify; // the origin signs; the broker and the partner verify
    const sealedPath = micro.seal + micro.signSealed + 2 * micro.verifySealed + micro.bodyProblem + micro.open;
    console.log(`  crypto on a case's path: signed ${fmt(signedPath, 0)} µs (1 sign, 2 verify), sealed ${fmt(sealedPath, 0)} µs (+ seal, check, open): without ÷ with ${ratio(signedPath / sealedPath)}`);
    const d50 = percentile(apps.delivery, 50);
    const d99 = percentile(apps.delivery, 99);
    const [seals, opens] = [sorted(apps.seal.real), sorted(apps.open.real)];
    console.log(`(c) real apps, ${CASES} cases at ${CASE_RATE}/s CH → broker → US: delivered ${apps.delivery.length}, p50 ${fmt(d50, 0)} ms, p99 ${fmt(d99, 0)} ms`);
    console.log(
      `  in the apps (wall time per call): seal ${fmt(percentile(seals, 50), 2)} ms p50 / ${fmt(percentile(seals, 99), 2)} ms p99 (${seals.length} that encrypted, ${apps.seal.through.length} with nothing to seal), open ${fmt(percentile(opens, 50), 2)} / ${fmt(percentile(opens, 99), 2)} ms (${opens.length} that decrypted, ${apps.open.through.length} body checks only)`,
    );
    const path50 = percentile(seals, 50) + percentile(opens, 50);
    const path99 = percentile(seals, 99) + percentile(opens, 99);
    console.log(`  on a case's delivery path (1 seal at CH, 1 open at US): ${fmt(path50, 2)} ms of p50 ${fmt(d50, 0)} ms: without ÷ with ≈ ${ratio((d50 - path50) / d50)}; ${fmt(path99, 2)} ms of p99 ${fmt(d99, 0)} ms: ≈ ${ratio((d99 - path99) / d99)}`);
    const perCase = (sum(apps.seal.real) + sum(apps.seal.through) + sum(apps.open.real) + sum(apps.open.through)) / CASES;
    const cpuPerCase = apps.cpuMs / CASES;
    console.log(
      `  all seal + open in the 3 apps per case: ${fmt((seals.length + apps.seal.through.length) / CASES, 1)} seals + ${fmt((opens.length + apps.open.through.length) / CASES, 1)} opens = ${fmt(perCase, 3)} ms of ${fmt(cpuPerCase, 2)} ms CPU per case (this process: broker, CH, US and the HTTP client): throughput bound ≈ ${ratio((cpuPerCase - perCase) / cpuPerCase)}`,
    );
    // Wall time counts the waits inside a call (thread pool, other work between its awaits): an upper bound. At (b)'s µs, the CPU itself.
    const cpuCost = (seals.length * micro.seal + opens.length * micro.open + apps.open.through.length * micro.bodyProblem) / CASES / 1000;
    console.log(`    the same calls at (b)'s µs (CPU without the waits): ${fmt(cpuCost, 3)} ms of ${fmt(cpuPerCase, 2)} ms per case: ≈ ${ratio((cpuPerCase - cpuCost) / cpuPerCase)}`);
    console.log(`  (${fmt((Date.now() - began) / 1000, 0)} s in all; load average at the end ${load()})`);
    if (apps.delivery.length < CASES) {
      console.error(`only ${apps.delivery.length} of ${CASES} cases were delivered`);
      process.exitCode = 1;
    }
    if (seals.length < CASES || opens.length < CASES) {
      console.error(`the meter saw ${seals.length} seals and ${opens.length} opens of customer data for ${CASES} cases: the apps did not go through EnvelopeSealer / EnvelopeOpener`);
      process.exitCode = 1;
    }
  } finally {
    await infra.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
