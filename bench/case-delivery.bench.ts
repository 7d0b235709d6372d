/**
 * Case delivery latency across the network: openCase at CH until the US node has applied it
 * (CH → outbox → Kafka → broker → outbox → Kafka → US), against the baseline of one raw kafkajs
 * produce → consume hop on the same broker, with the same consumer wait (20 ms), in the same run.
 */
import 'reflect-metadata';
import { Kafka, KafkaConfig, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { benchInfra, fmt, percentile } from './bench-infra';
import { startBenchNetwork } from './bench-network';

const N = Number(process.env.BENCH_N ?? 300);
const RATE = Number(process.env.BENCH_RATE ?? 50); // cases per second, a busy call centre

/**
 * Raw kafkajs latency over `topics.length` hops: produce (acks all) to the first topic; for two
 * topics a relay consumer re-produces each message to the second, as the broker app does; the last
 * consumer measures. Same consumer wait as the apps (20 ms).
 */
async function rawHopLatencies(config: KafkaConfig, topics: string[], n: number): Promise<number[]> {
  const kafka = new Kafka(config);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const lat: number[] = [];
  const consumers = [];
  const joins: Promise<void>[] = [];
  for (let h = 0; h < topics.length; h++) {
    const consumer = kafka.consumer({ groupId: `bench-raw-${h}-${Date.now()}`, maxWaitTimeInMs: 20 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: topics[h], fromBeginning: false });
    joins.push(new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r())));
    const last = h === topics.length - 1;
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (last) lat.push(Date.now() - Number(message.value!.toString()));
        else await producer.send({ topic: topics[h + 1], acks: -1, messages: [{ key: message.key, value: message.value }] });
      },
    });
  }
  await Promise.all(joins);
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < n; i++) {
    await producer.send({ topic: topics[0], acks: -1, messages: [{ key: String(i), value: String(Date.now()) }] });
    await new Promise((r) => setTimeout(r, 1000 / RATE));
  }
  const deadline = Date.now() + 10_000;
  while (lat.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const c of consumers) await c.disconnect();
  await producer.disconnect();
  return lat.sort((a, b) => a - b);
}

type Row = { message_id: string; [k: string]: Date | string | null };
const ms = (d: unknown) => (d instanceof Date ? d.getTime() : NaN);

/**
 * Where a case's delivery time goes, hop by hop, from timestamps the apps write anyway: the outbox
 * row's created_at (its transaction's start) and sent_at (Kafka acknowledged it), the inbox row's
 * received_at (the consumer's transaction began), and the case's accepted_at at US. The broker
 * forwards case.opened under the origin's message id, so one id joins all three databases.
 */
async function hopBreakdown(chDb: Client, brokerDb: Client, usDb: Client, caseIds: Set<string>): Promise<Array<[string, number[]]>> {
  const opened = `headers->>'pb-type' = 'case.opened'`;
  const chOut = (await chDb.query(`SELECT message_id, message_key, created_at, sent_at FROM outbox_messages WHERE ${opened}`)).rows as Row[];
  const brokerIn = new Map(((await brokerDb.query(`SELECT message_id, received_at FROM inbox_messages`)).rows as Row[]).map((r) => [r.message_id, r]));
  const brokerOut = new Map(((await brokerDb.query(`SELECT message_id, created_at, sent_at FROM outbox_messages WHERE ${opened}`)).rows as Row[]).map((r) => [r.message_id, r]));
  const usIn = new Map(((await usDb.query(`SELECT message_id, received_at FROM inbox_messages`)).rows as Row[]).map((r) => [r.message_id, r]));
  const usCase = new Map(((await usDb.query(`SELECT id, accepted_at FROM cases`)).rows as Array<{ id: string; accepted_at: Date }>).map((r) => [r.id, r.accepted_at]));
  const hops: Array<[string, number[]]> = [
    ['CH outbox: committed → acknowledged by Kafka', []],
    ['Kafka → broker consumer transaction', []],
    ['broker: routing, deadline, outbox → acknowledged', []],
    ['Kafka → US consumer transaction', []],
    ['US: applying the case', []],
  ];
  for (const o of chOut) {
    if (!caseIds.has(String(o.message_key))) continue;
    const bi = brokerIn.get(o.message_id), bo = brokerOut.get(o.message_id), ui = usIn.get(o.message_id), accepted = usCase.get(String(o.message_key));
    if (!bi || !bo || !ui || !accepted) continue;
    const t = [ms(o.created_at), ms(o.sent_at), ms(bi.received_at), ms(bo.sent_at), ms(ui.received_at), ms(accepted)];
    for (let h = 0; h < hops.length; h++) hops[h][1].push(t[h + 1] - t[h]);
  }
  for (const [, v] of hops) v.sort((a, b) => a - b);
  return hops;
}

async function main() {
  const infra = await benchInfra();
  const net = await startBenchNetwork(infra, 'bench_cd');
  const { prefix, ch } = net;
  await infra.createTopics([`${prefix}.raw`, `${prefix}.raw2a`, `${prefix}.raw2b`], 3);
  const usDb = net.us.db;
  const chDb = ch.db;
  const brokerDb = new Client({ connectionString: net.broker.config.DATABASE_URL });
  await brokerDb.connect();
  try {
    const agent = await net.agent('CH'); // fetched once, before any timing
    const open = (i: number) =>
      fetch(`${ch.url}/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...agent },
        body: JSON.stringify({ itemId: 'RB123456785GB', destinationOperator: 'US', inquiryType: 'GENERIC', reasons: ['NOT_ARRIVED'], customer: { name: `Customer ${i}` }, description: { text: 'bench', language: 'en' } }),
      }).then((r) => (r.status === 201 ? r.json() : Promise.reject(new Error(`openCase ${r.status}`))));
    // Warm-up: consumer groups join.
    await open(-1);
    const warmDeadline = Date.now() + 30_000;
    while (Number((await usDb.query(`SELECT count(*) AS n FROM cases`)).rows[0].n) < 1 && Date.now() < warmDeadline) await new Promise((r) => setTimeout(r, 50));

    const httpMs: number[] = [];
    for (let i = 0; i < N; i++) {
      const t = Date.now();
      await open(i);
      httpMs.push(Date.now() - t);
      await new Promise((r) => setTimeout(r, 1000 / RATE));
    }
    const deadline = Date.now() + 60_000;
    while (Number((await usDb.query(`SELECT count(*) AS n FROM cases`)).rows[0].n) < N + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const opened = new Map<string, number>((await chDb.query(`SELECT id, opened_at FROM cases`)).rows.map((r) => [r.id, r.opened_at.getTime()]));
    const applied = (await usDb.query(`SELECT id, accepted_at FROM cases`)).rows;
    const delivery = applied.filter((r) => opened.has(r.id)).map((r) => r.accepted_at.getTime() - opened.get(r.id)!).sort((a, b) => a - b).slice(1);
    const raw = await rawHopLatencies(infra.kafkaConfig('bench-raw'), [`${prefix}.raw`], N);
    const raw2 = await rawHopLatencies(infra.kafkaConfig('bench-raw2'), [`${prefix}.raw2a`, `${prefix}.raw2b`], N);
    httpMs.sort((a, b) => a - b);

    console.log(`case delivery CH → broker → US, ${N} cases at ${RATE}/s, consumer wait 20 ms, ${infra.label}`);
    console.log(`  delivered ${delivery.length}/${N}`);
    for (const p of [50, 95, 99]) {
      const d = percentile(delivery, p);
      const r = percentile(raw, p);
      const r2 = percentile(raw2, p);
      console.log(`  p${p}: PostBridge ${fmt(d, 0)} ms (2 Kafka hops + 2 databases) | raw kafkajs 1 hop ${fmt(r, 0)} ms (ratio ${fmt(d / r, 1)}) | 2 hops ${fmt(r2, 0)} ms (ratio ${fmt(d / r2, 1)})`);
    }
    console.log(`  openCase HTTP p50 ${fmt(percentile(httpMs, 50), 1)} ms, p99 ${fmt(percentile(httpMs, 99), 1)} ms`);
    const hops = await hopBreakdown(chDb, brokerDb, usDb, new Set(delivery.length ? opened.keys() : []));
    console.log(`  per hop, from the databases' timestamps (case.opened, same message id end to end), p50 / p99 ms:`);
    for (const [name, ms] of hops) console.log(`    ${name.padEnd(50)} ${fmt(percentile(ms, 50), 0).padStart(5)} / ${fmt(percentile(ms, 99), 0).padStart(5)}`);
    if (delivery.length < N) process.exitCode = 1;
  } finally {
    await brokerDb.end();
    await net.stop();
    await infra.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
