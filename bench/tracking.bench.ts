/**
 * Tracking throughput at one node, each figure next to a baseline measured in the same run:
 *  - REST ingest (POST /tracking/events, 5,000-event batches) and Kafka feed ingest (TrackingBatch on
 *    <p>.op.CH.tracking.feed), against a raw multi-row pg INSERT of the same rows;
 *  - routing to the partner: events scanned in CH for US-issued items until they are in the US
 *    node's database (CH → outbox → Kafka → broker → Kafka → US);
 *  - openCase latency for an item with 50 events, against a trivial route of the same app.
 * Before any timing, US (the items' origin) reports an export scan naming CH as each item's
 * destination: the broker routes a destination-leg scan only from the item's destination.
 */
import 'reflect-metadata';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { buildTrackingBatch, encodeTrackingBatch, TrackingEventSchema } from '@postbridge/contracts';
import { s10CheckDigit } from '@postbridge/domain';
import { benchInfra, fmt, percentile } from './bench-infra';
import { startBenchNetwork } from './bench-network';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const BATCH = 5000;
const CODES = ['EMD', 'EDD', 'EDE', 'EMG', 'EDG'] as const; // destination-leg scans in CH

function itemId(n: number, country: string): string {
  const serial = String(n).padStart(8, '0');
  return `RR${serial}${s10CheckDigit(serial)}${country}`;
}

/** `count` events: 5 destination scans per item, items numbered from `firstItem`, 1 minute apart. */
function events(firstItem: number, count: number, country: string, base: number) {
  return Array.from({ length: count }, (_, i) => {
    const item = firstItem + Math.floor(i / CODES.length);
    const at = new Date(base + (i % CODES.length) * 60_000 + item);
    return { itemId: itemId(item, country), code: CODES[i % CODES.length], occurredAt: at.toISOString().replace('Z', '+00:00'), office: 'CHZRHA' };
  });
}

async function count(db: Client, sql = `SELECT count(*)::int AS n FROM tracking_events`): Promise<number> {
  return (await db.query(sql)).rows[0].n;
}

async function waitFor(db: Client, target: number, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await count(db)) < target) {
    if (Date.now() > until) throw new Error(`timed out: ${await count(db)} of ${target} events`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The origin's despatch scan of each item: EMC at a US office, naming CH as the destination. */
function despatches(items: number[], base: number) {
  return items.map((n) => ({ itemId: itemId(n, 'US'), code: 'EMC', occurredAt: new Date(base - 3600_000).toISOString(), office: 'USNYCA', destinationCountry: 'CH' }));
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

async function main() {
  const infra = await benchInfra();
  const net = await startBenchNetwork(infra, 'bench_trk');
  const { topics, ch } = net;
  const chDb = ch.db;
  const usDb = net.us.db;
  const N = BATCHES * BATCH;
  const base = Date.now() - 5 * 24 * 3600 * 1000;
  try {
    // Tokens fetched before any timing: the tracking system's client for ingest, an agent for the case routes.
    const tracking = { authorization: `Bearer ${await net.trackingToken('CH')}` };
    const agent = await net.agent('CH');
    const ingest = (url: string, auth: Record<string, string>, body: unknown) =>
      fetch(`${url}/tracking/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) }).then(async (r) => {
        if (r.status !== 200) throw new Error(`ingest ${r.status}: ${await r.text()}`);
        return r.json() as Promise<{ accepted: number }>;
      });
    const post = (body: unknown) => ingest(ch.url, tracking, body);
    // Every item below leaves US for CH first (warm-up, REST, feed, openCase items), all delivered to CH.
    const usTracking = { authorization: `Bearer ${await net.trackingToken('US')}` };
    const items = [...range(9_000_000, 10), ...range(0, BATCHES * 1000), ...range(500_000, BATCHES * 1000), 7_777_777];
    for (let i = 0; i < items.length; i += BATCH) await ingest(net.us.url, usTracking, { events: despatches(items.slice(i, i + BATCH), base) });
    await waitFor(chDb, items.length);
    // Warm-up: JIT, pools, and the consumer groups' first join.
    const usStart = await count(usDb);
    await post({ events: events(9_000_000, 50, 'US', base) });
    await waitFor(usDb, usStart + 50, 30_000);

    // Baseline: the same rows as one multi-row INSERT per batch, straight into PostgreSQL.
    await chDb.query(`CREATE TABLE raw_events (LIKE tracking_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await chDb.query(`ALTER TABLE raw_events ADD CONSTRAINT raw_identity UNIQUE (item_id, code, occurred_at, office)`);
    let t = process.hrtime.bigint();
    for (let b = 0; b < BATCHES; b++) {
      const ev = events(b * 1000, BATCH, 'US', base);
      await chDb.query(
        `INSERT INTO raw_events (item_id, code, occurred_at, utc_offset_minutes, office, source_operator)
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::smallint[], $5::varchar[], $6::varchar[]) ON CONFLICT DO NOTHING`,
        [ev.map((e) => e.itemId), ev.map((e) => e.code), ev.map((e) => e.occurredAt), ev.map(() => 0), ev.map((e) => e.office), ev.map(() => 'CH')],
      );
    }
    const rawRate = N / (Number(process.hrtime.bigint() - t) / 1e9);

    // REST ingest at CH, then the same events arriving in the US node's database.
    const before = await count(usDb);
    t = process.hrtime.bigint();
    let accepted = 0;
    for (let b = 0; b < BATCHES; b++) accepted += (await post({ events: events(b * 1000, BATCH, 'US', base) })).accepted;
    const restSec = Number(process.hrtime.bigint() - t) / 1e9;
    await waitFor(usDb, before + N);
    const routedSec = Number(process.hrtime.bigint() - t) / 1e9;

    // Kafka feed ingest at CH: the post's tracking system writes TrackingBatch messages.
    const kafka = new Kafka(infra.kafkaConfig('bench-feed'));
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const chBefore = await count(chDb);
    t = process.hrtime.bigint();
    for (let b = 0; b < BATCHES; b++) {
      const ev = events(500_000 + b * 1000, BATCH, 'US', base).map((e) =>
        create(TrackingEventSchema, { itemId: e.itemId, code: e.code, occurredAt: timestampFromDate(new Date(e.occurredAt)), utcOffsetMinutes: 0, office: e.office }),
      );
      const batch = buildTrackingBatch({ sender: 'CH', events: ev });
      await producer.send({ topic: topics.trackingFeed('CH'), acks: -1, messages: [{ key: batch.batchId, value: encodeTrackingBatch(batch) }] });
    }
    await waitFor(chDb, chBefore + N);
    const feedSec = Number(process.hrtime.bigint() - t) / 1e9;
    await producer.disconnect();

    // openCase for an item with 50 events, against GET /operator of the same app.
    const item = itemId(7_777_777, 'US');
    await post({ events: Array.from({ length: 50 }, (_, i) => ({ itemId: item, code: CODES[i % CODES.length], occurredAt: new Date(base + i * 60_000).toISOString(), office: 'CHZRHA' })) });
    const openMs: number[] = [];
    const trivialMs: number[] = [];
    for (let i = 0; i < 300; i++) {
      let s = performance.now();
      const r = await fetch(`${ch.url}/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...agent },
        body: JSON.stringify({ itemId: item, destinationOperator: 'US', inquiryType: 'FULL_INVESTIGATION', reasons: ['NOT_ARRIVED'], customer: { name: 'C' }, description: { text: 'late', language: 'en' } }),
      });
      await r.arrayBuffer();
      if (r.status !== 201) throw new Error(`openCase ${r.status}`);
      openMs.push(performance.now() - s);
      s = performance.now();
      await (await fetch(`${ch.url}/operator`, { headers: agent })).arrayBuffer();
      trivialMs.push(performance.now() - s);
    }
    openMs.sort((a, b) => a - b);
    trivialMs.sort((a, b) => a - b);

    console.log(`tracking, ${N.toLocaleString('en-US')} events per path (${BATCHES} batches of ${BATCH}), ${infra.label}, embedded PostgreSQL`);
    console.log(`  baseline raw pg multi-row INSERT   : ${fmt(rawRate, 0)} events/s`);
    console.log(`  REST ingest accepted at CH         : ${fmt(accepted / restSec, 0)} events/s = ${fmt(accepted / restSec / rawRate, 2)} x baseline`);
    console.log(`  routed into the US node's database : ${fmt(N / routedSec, 0)} events/s = ${fmt(N / routedSec / rawRate, 2)} x baseline (from the first POST)`);
    console.log(`  Kafka feed ingest stored at CH     : ${fmt(N / feedSec, 0)} events/s = ${fmt(N / feedSec / rawRate, 2)} x baseline`);
    console.log(`  openCase, item with 50 events      : p50 ${fmt(percentile(openMs, 50), 1)} ms, p99 ${fmt(percentile(openMs, 99), 1)} ms | GET /operator p50 ${fmt(percentile(trivialMs, 50), 1)} ms, p99 ${fmt(percentile(trivialMs, 99), 1)} ms`);
  } finally {
    await net.stop();
    await infra.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
