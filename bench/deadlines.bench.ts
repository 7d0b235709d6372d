/**
 * Deadlines and alerts, each figure next to a baseline measured in the same run:
 *  - the broker's deadline watcher: live deadlines (case.opened routed by the broker's own handler,
 *    under a ManualClock; past BENCH_DEADLINES_ROUTED the rows are copies of those, as routing 20,000
 *    openings one by one would take most of the run), the clock moved past their DUE_SOON point,
 *    DeadlineWatcher.tick() until
 *    every milestone is written (row updated + a case.deadline snapshot to each party in the outbox),
 *    against a raw pg multi-row INSERT of the same outbox rows (same payloads) into a copy of the
 *    outbox table, one INSERT per watcher batch. The outbox relay and the watcher's own timer are
 *    stopped for this part: the figure is the watcher's transactions, not Kafka publishing;
 *  - alert latency: openCase at CH until the US agent's SSE stream (GET /alerts/stream) has the
 *    NEW_INQUIRY, against the same openCase until the US node applied the case (its accepted_at,
 *    set in the transaction that also writes the alert), so the ratio is what the alert path adds.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { buildEnvelope, CaseOpenedSchema, create, InquiryReason, InquiryType } from '@postbridge/contracts';
import { sealAsSent } from '@postbridge/dev-infra';
import { s10CheckDigit } from '@postbridge/domain';
import { OutboxRelay, UnitOfWork } from '@postbridge/messaging';
import { ManualClock } from '@postbridge/platform';
import { DeadlineWatcher } from '../apps/broker/src/deadlines/watch-deadlines/deadline.watcher';
import { RouteCaseMessageHandler } from '../apps/broker/src/routing/route-case-message.handler';
import { benchInfra, fmt, percentile } from './bench-infra';
import { startBenchNetwork } from './bench-network';

const DEADLINES = Number(process.env.BENCH_DEADLINES ?? 20_000);
const N = Number(process.env.BENCH_N ?? 300);
const RATE = Number(process.env.BENCH_RATE ?? 50); // cases per second, a busy call centre
const ROUTED = Math.min(DEADLINES, Number(process.env.BENCH_DEADLINES_ROUTED ?? 1000));
const SETUP_BATCH = 500; // routed openings per transaction while setting up (not measured)
// Monday 2 March 2026, 08:00 in Zurich: CH (the responder) opens; EMS GENERIC is 8 working hours, DUE_SOON 4 h before.
const START = Date.parse('2026-03-02T07:00:00Z');

function itemId(n: number): string {
  const serial = String(n).padStart(8, '0');
  return `EE${serial}${s10CheckDigit(serial)}US`;
}

interface AlertEvent {
  caseId: string;
  receivedAt: number;
}

/** An agent's SSE stream as a browser holds it: `id:`/`event:`/`data:` blocks separated by a blank line. */
async function openAlertStream(url: string, headers: Record<string, string>, onAlert: (a: AlertEvent) => void): Promise<() => Promise<void>> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  if (res.status !== 200) throw new Error(`SSE ${url}: HTTP ${res.status}`);
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const receivedAt = Date.now();
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data:'));
        if (data) onAlert({ caseId: JSON.parse(data.slice(5)).caseId, receivedAt });
      }
    }
  })().catch((e) => {
    if (!abort.signal.aborted) throw e;
  });
  return async () => {
    abort.abort();
    await reading;
  };
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  const infra = await benchInfra();
  const clock = new ManualClock(START);
  const net = await startBenchNetwork(infra, 'bench_dl', { clock });
  const { broker, ch } = net;
  const usDb = net.us.db;
  const brokerDb = new Client({ connectionString: broker.config.DATABASE_URL });
  await brokerDb.connect();
  try {
    // Alert latency first, while the relay still publishes.
    const alerts = new Map<string, number>();
    // Tokens fetched before any timing: an agent at each node.
    const [chAgent, usAgent] = [await net.agent('CH'), await net.agent('US')];
    const closeStream = await openAlertStream(`${net.us.url}/alerts/stream?types=NEW_INQUIRY`, usAgent, (a) => void (alerts.has(a.caseId) || alerts.set(a.caseId, a.receivedAt)));
    const open = (i: number): Promise<{ id: string }> =>
      fetch(`${ch.url}/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...chAgent },
        body: JSON.stringify({ itemId: 'RB123456785GB', destinationOperator: 'US', inquiryType: 'GENERIC', reasons: ['NOT_ARRIVED'], customer: { name: `Customer ${i}` }, description: { text: 'bench', language: 'en' } }),
      }).then((r) => (r.status === 201 ? (r.json() as Promise<{ id: string }>) : Promise.reject(new Error(`openCase ${r.status}`))));
    // Warm-up: consumer groups join, the alert listener is live.
    const warm = await open(-1);
    await until('the warm-up alert', () => alerts.has(warm.id), 30_000);

    const sentAt = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const t = Date.now();
      const { id } = await open(i);
      sentAt.set(id, t);
      await new Promise((r) => setTimeout(r, 1000 / RATE));
    }
    const ids = [...sentAt.keys()];
    const applied = async () => (await usDb.query(`SELECT id, accepted_at FROM cases WHERE id = ANY($1::uuid[])`, [ids])).rows as Array<{ id: string; accepted_at: Date }>;
    await until('the cases and their alerts at US', async () => ids.every((id) => alerts.has(id)) && (await applied()).length === N, 60_000).catch(() => undefined);
    await closeStream();
    const alertMs = ids.filter((id) => alerts.has(id)).map((id) => alerts.get(id)! - sentAt.get(id)!).sort((a, b) => a - b);
    const appliedMs = (await applied()).map((r) => r.accepted_at.getTime() - sentAt.get(r.id)!).sort((a, b) => a - b);

    // Deadline watcher throughput.
    // The watcher is driven by hand (its timer stopped) and nothing is published: these cases exist only at the broker.
    const watcher = broker.app.get(DeadlineWatcher);
    await watcher.beforeApplicationShutdown();
    await broker.app.get(OutboxRelay).stop();
    const handler = broker.app.get(RouteCaseMessageHandler);
    const uow = broker.app.get(UnitOfWork);
    for (let b = 0; b < ROUTED; b += SETUP_BATCH) {
      await uow.run(async (scope) => {
        for (let i = b; i < Math.min(ROUTED, b + SETUP_BATCH); i++) {
          const env = buildEnvelope({
            type: 'case.opened',
            sender: 'US',
            recipient: 'CH',
            caseId: randomUUID(),
            body: create(CaseOpenedSchema, { itemId: itemId(i), inquiryType: InquiryType.GENERIC, reasons: [InquiryReason.NOT_ARRIVED], originOperator: 'US', destinationOperator: 'CH', customer: { name: 'Jane Doe' }, description: { text: 'not arrived', language: 'en' } }),
          });
          const outcome = await handler.route(await sealAsSent(env, net.keys.sealer()), scope);
          if (!('routedTo' in outcome)) throw new Error(`opening refused: ${JSON.stringify(outcome)}`);
        }
      });
    }
    // The rest: copies of the routed rows under new case ids (the watcher reads nothing else of a case).
    const columns = (await brokerDb.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'case_deadlines' AND column_name <> 'case_id' ORDER BY ordinal_position`)).rows.map((r) => r.column_name).join(', ');
    await brokerDb.query(
      `INSERT INTO case_deadlines (case_id, ${columns})
       SELECT gen_random_uuid(), ${columns} FROM (SELECT * FROM case_deadlines WHERE item_id LIKE 'EE%') d, generate_series(1, $1::int) LIMIT $2`,
      [Math.ceil(DEADLINES / ROUTED), DEADLINES - ROUTED],
    );
    await brokerDb.query(`ANALYZE case_deadlines`);
    // Just past the last DUE_SOON check (all started at the same instant): one milestone per deadline.
    const dueSoon: Date = (await brokerDb.query(`SELECT max(next_check_at) AS at FROM case_deadlines WHERE item_id LIKE 'EE%'`)).rows[0].at;
    clock.set(dueSoon.getTime());
    const due: number = (await brokerDb.query(`SELECT count(*)::int AS n FROM case_deadlines WHERE next_check_at <= $1`, [dueSoon])).rows[0].n;
    const lastId: string = (await brokerDb.query(`SELECT coalesce(max(id), 0)::text AS id FROM outbox_messages`)).rows[0].id;
    await brokerDb.query(`CHECKPOINT`).catch(() => undefined); // (needs superuser; only keeps a checkpoint out of the timing)

    let fired = 0;
    let ticks = 0;
    let t = process.hrtime.bigint();
    while (fired < due) {
      const f = await watcher.tick();
      ticks++;
      if (f === 0) break;
      fired += f;
    }
    const watcherSec = Number(process.hrtime.bigint() - t) / 1e9;
    const written = (await brokerDb.query(`SELECT message_id, topic, message_key, payload, headers FROM outbox_messages WHERE id > $1 ORDER BY id`, [lastId])).rows as Array<{
      message_id: string;
      topic: string;
      message_key: string;
      payload: Buffer;
      headers: Record<string, string>;
    }>;

    // Baseline: the very same outbox rows, one multi-row INSERT per watcher batch, into a copy of the table.
    const rowsPerBatch = Math.max(1, Math.round((written.length / Math.max(1, fired)) * broker.config.DEADLINE_SCAN_BATCH));
    await brokerDb.query(`CREATE TABLE bench_outbox (LIKE outbox_messages INCLUDING ALL)`);
    await brokerDb.query(`CHECKPOINT`).catch(() => undefined); // (needs superuser; only keeps a checkpoint out of the timing)
    t = process.hrtime.bigint();
    for (let b = 0; b < written.length; b += rowsPerBatch) {
      const rows = written.slice(b, b + rowsPerBatch);
      const params: unknown[] = [];
      const values = rows.map((r, i) => {
        params.push(r.message_id, r.topic, r.message_key, r.payload, JSON.stringify(r.headers));
        const p = i * 5;
        return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}::jsonb)`;
      });
      await brokerDb.query(`INSERT INTO bench_outbox (message_id, topic, message_key, payload, headers) VALUES ${values.join(', ')}`, params);
    }
    const rawSec = Number(process.hrtime.bigint() - t) / 1e9;
    const avgPayload = written.reduce((s, r) => s + r.payload.length, 0) / Math.max(1, written.length);
    const rawRows = written.length / rawSec;
    const watcherRows = written.length / watcherSec;

    console.log(`deadline watcher, ${fmt(DEADLINES, 0)} live deadlines (${fmt(ROUTED, 0)} routed, the rest copies; EMS GENERIC, responder CH), clock moved past DUE_SOON, batch ${broker.config.DEADLINE_SCAN_BATCH}, embedded PostgreSQL`);
    console.log(`  milestones written ${fmt(fired, 0)}/${fmt(due, 0)} due in ${ticks} ticks, ${fmt(written.length, 0)} outbox rows of ${fmt(avgPayload, 0)} payload bytes on average`);
    console.log(`  baseline raw pg multi-row INSERT (${fmt(rowsPerBatch, 0)} rows per INSERT) : ${fmt(rawRows, 0)} outbox rows/s`);
    console.log(`  DeadlineWatcher.tick()                              : ${fmt(fired / watcherSec, 0)} milestones/s, ${fmt(watcherRows, 0)} outbox rows/s = ${fmt(watcherRows / rawRows, 2)} x baseline`);
    console.log(`alert latency CH openCase → NEW_INQUIRY on the US node's SSE stream, ${N} cases at ${RATE}/s, ${infra.label}`);
    console.log(`  alerts received ${alertMs.length}/${N}, cases applied at US ${appliedMs.length}/${N}`);
    for (const p of [50, 95, 99]) {
      const a = percentile(alertMs, p);
      const c = percentile(appliedMs, p);
      console.log(`  p${p}: alert on the SSE stream ${fmt(a, 0)} ms | case applied at US ${fmt(c, 0)} ms | ratio ${fmt(a / c, 2)}`);
    }
    const p99 = percentile(alertMs, 99);
    console.log(`  alerts within a second (p99 < 1000 ms): ${p99 < 1000 ? 'yes' : 'no'} (p99 ${fmt(p99, 0)} ms)`);
    if (fired < due || alertMs.length < N) process.exitCode = 1;
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
