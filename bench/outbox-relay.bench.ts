/**
 * Outbox relay throughput: rows written to the outbox, published with acks=all and marked sent,
 * against the baseline of raw kafkajs sendBatch of the same messages in the same run.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { buildEnvelope, CaseAcceptedSchema, create, TopicNames } from '@postbridge/contracts';
import { CreateMessagingTables1763900000000, KafkaProducerService, MessagingMetrics, OutboxRelay, OutboxWriter } from '@postbridge/messaging';
import { benchInfra, fmt } from './bench-infra';
import { throwawaySigner } from '@postbridge/dev-infra';

const N = Number(process.env.BENCH_N ?? 20_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);

async function main() {
  const infra = await benchInfra();
  const topics = new TopicNames(`bench${Date.now() % 100000}`);
  const topic = topics.caseOut('CH');
  await infra.createTopics([topic], 3);
  await infra.createTopics([`${topic}.raw`], 3);
  const ds = new DataSource({ type: 'postgres', url: await infra.pgUrl('bench_outbox'), migrations: [CreateMessagingTables1763900000000], logging: false });
  await ds.initialize();
  await ds.runMigrations();
  const kafka = new Kafka(infra.kafkaConfig('bench'));
  try {
    const envelopes = Array.from({ length: N }, () =>
      buildEnvelope({ type: 'case.accepted', sender: 'CH', recipient: 'US', caseId: randomUUID(), body: create(CaseAcceptedSchema, {}) }),
    );

    // Baseline: raw kafkajs, same messages, same batch size, acks=all.
    const raw = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, maxInFlightRequests: 1 });
    await raw.connect();
    const { encodeEnvelope } = await import('@postbridge/contracts');
    let t = process.hrtime.bigint();
    for (let i = 0; i < N; i += BATCH) {
      await raw.sendBatch({ acks: -1, topicMessages: [{ topic: `${topic}.raw`, messages: envelopes.slice(i, i + BATCH).map((e) => ({ key: e.caseId, value: encodeEnvelope(e) })) }] });
    }
    const rawSec = Number(process.hrtime.bigint() - t) / 1e9;
    await raw.disconnect();

    // Writing the outbox (inside transactions, 100 rows each, as a busy node would).
    const writer = new OutboxWriter(throwawaySigner('CH'));
    t = process.hrtime.bigint();
    for (let i = 0; i < N; i += BATCH) {
      await ds.transaction((m) => writer.enqueue(m, ...envelopes.slice(i, i + BATCH).map((e) => ({ topic, key: e.caseId, envelope: e }))));
    }
    const writeSec = Number(process.hrtime.bigint() - t) / 1e9;

    // Relay: lock, publish, mark sent, commit, until the outbox is empty.
    const producer = new KafkaProducerService(kafka);
    const relay = new OutboxRelay(ds, producer, new MessagingMetrics(new Registry()), { batchSize: BATCH, pollIntervalMs: 50, retentionDays: 7 });
    t = process.hrtime.bigint();
    let sent = 0;
    while (sent < N) {
      const n = await relay.drainOnce();
      if (n === 0) break;
      sent += n;
    }
    const relaySec = Number(process.hrtime.bigint() - t) / 1e9;
    await producer.disconnect();
    const [{ unsent }] = await ds.query(`SELECT count(*)::int AS unsent FROM outbox_messages WHERE sent_at IS NULL`);

    console.log(`outbox relay, ${N} messages, batch ${BATCH}, ${infra.label}`);
    console.log(`  baseline raw kafkajs sendBatch : ${fmt(N / rawSec, 0)} msg/s`);
    console.log(`  outbox write (tx per ${BATCH})     : ${fmt(N / writeSec, 0)} rows/s`);
    console.log(`  relay publish + mark sent      : ${fmt(sent / relaySec, 0)} msg/s  = ${fmt((sent / relaySec) / (N / rawSec), 2)} x baseline`);
    console.log(`  left unsent: ${unsent}`);
    if (sent !== N || unsent !== 0) process.exitCode = 1;
  } finally {
    await ds.destroy();
    await infra.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
