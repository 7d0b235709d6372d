import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { buildEnvelope, CaseOpenedSchema, create, CustomerContactSchema, Envelope, InquiryReason, InquiryType, LocalizedTextSchema } from '@postbridge/contracts';
import { s10CheckDigit } from '@postbridge/domain';
import { api, eventually, openCaseBody, TestNetwork } from './support/network';

// Issue 13, fair sharing: JP floods the broker with 20,000 cases while CH opens one for US. The
// broker reads every post's case.out in one consumer group; what it owes CH is that CH's case is
// not queued behind JP's backlog. Measured in messages, not milliseconds (the machine is shared):
// how many of JP's cases the broker routed between CH's case being sent and being routed.

const FLOOD = 20_000;

/** The one place this test turns an envelope into a Kafka record: signed by its sender, as JP's node would. */
function rawRecord(net: TestNetwork, envelope: Envelope): { key: string; value: Buffer } {
  return { key: envelope.caseId, value: net.signed({ envelope }) };
}

function floodCase(n: number): Envelope {
  const serial = String(10_000_000 + n).padStart(8, '0');
  const caseId = randomUUID();
  return buildEnvelope({
    type: 'case.opened', sender: 'JP', recipient: 'DE', caseId,
    body: create(CaseOpenedSchema, {
      itemId: `EE${serial}${s10CheckDigit(serial)}JP`,
      inquiryType: InquiryType.GENERIC,
      reasons: [InquiryReason.NOT_ARRIVED],
      originOperator: 'JP',
      destinationOperator: 'DE',
      customer: create(CustomerContactSchema, { name: `Flood ${n}` }),
      description: create(LocalizedTextSchema, { text: 'one of many', language: 'en' }),
    }),
  });
}

async function query<T = Record<string, unknown>>(dbUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('fair sharing at the broker', () => {
  let net: TestNetwork;

  beforeAll(async () => {
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'en'] },
      { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'] },
      // The flood goes from JP to DE; neither runs a node, so only the broker does the work.
      { code: 'JP', country: 'JP', timeZone: 'Asia/Tokyo', languages: ['ja', 'en'], noNode: true },
      { code: 'DE', country: 'DE', timeZone: 'Europe/Berlin', languages: ['de'], noNode: true },
    ]);
  });

  afterAll(async () => {
    await net?.close();
  });

  /** Opens a CH case for US and waits until US has it; its id. */
  async function caseToUs(itemId: string): Promise<string> {
    const opened = await api(net.node('CH').url, 'POST', '/cases', openCaseBody('US', { itemId }));
    expect(opened.status).toBe(201);
    await eventually(async () => (await api(net.node('US').url, 'GET', `/cases/${opened.body.id}`)).status === 200, 120_000, 'the case at US');
    return opened.body.id;
  }

  it("routes CH's case while JP's 20,000 are still queued, after only a few of them", async () => {
    const broker = net.broker!.db.url;
    const jpRouted = async (before?: Date): Promise<number> =>
      Number((await query<{ n: string }>(broker, `SELECT count(*) AS n FROM inbox_messages WHERE consumer = 'broker' AND topic = $1 ${before ? 'AND received_at < $2' : ''}`, before ? [net.topics.caseOut('JP'), before] : [net.topics.caseOut('JP')]))[0].n);

    // The usual latency, without a flood (the first case also warms up every path).
    await caseToUs('RB123456785GB');
    let started = Date.now();
    await caseToUs('RB123456785GB');
    const usual = Date.now() - started;

    const producer = await net.rawProducer();
    // Sealed 1,000 at a time: jose makes each ephemeral key on libuv's thread pool, which everything
    // else in the test process shares; one at a time, 20,000 round trips through it.
    const records: Array<{ key: string; value: Buffer }> = [];
    for (let n = 0; n < FLOOD; n += 1_000) {
      const sealed = await Promise.all(Array.from({ length: Math.min(1_000, FLOOD - n) }, (_, i) => net.seal(floodCase(n + i))));
      records.push(...sealed.map((e) => rawRecord(net, e)));
    }
    // Chunks under Kafka's 1 MB record-batch limit.
    for (let i = 0; i < FLOOD; i += 2_000) await producer.send({ topic: net.topics.caseOut('JP'), messages: records.slice(i, i + 2_000) });
    // The broker is well into the flood (past its first, partial fetch) before CH sends.
    await eventually(async () => (await jpRouted()) >= 1_000 || undefined, 120_000, 'the broker on the flood');

    started = Date.now();
    const id = await caseToUs('RB123456785GB');
    const flooded = Date.now() - started;
    // From the moment CH's node had the case on Kafka to the moment the broker took it up.
    const [sent] = await query<{ sent_at: Date }>(net.node('CH').db.url, `SELECT sent_at FROM outbox_messages WHERE message_key = $1 AND headers->>'pb-type' = 'case.opened'`, [id]);
    const [routed] = await query<{ received_at: Date }>(broker, `SELECT max(received_at) AS received_at FROM inbox_messages WHERE consumer = 'broker' AND topic = $1`, [net.topics.caseOut('CH')]);
    const routedWhileWaiting = (await jpRouted(routed.received_at)) - (await jpRouted(sent.sent_at));
    const routedBeforeCh = await jpRouted(routed.received_at);
    const report = `usual ${usual} ms, under the flood ${flooded} ms; JP cases the broker routed while CH's waited on Kafka: ${routedWhileWaiting}, before it: ${routedBeforeCh}`;

    // Fair: about two slices (25 messages) of each of JP's 3 partitions went first (150; twice that
    // for a busy machine), not the rest of a fetched megabyte per partition (before: CH's case
    // waited more than 2 minutes).
    expect({ report, fair: routedWhileWaiting <= 300 }).toEqual({ report, fair: true });
    expect({ report, drained: routedBeforeCh >= FLOOD }).toEqual({ report, drained: false });
    // Fairness is counted in messages; the time only bounds a run on a busy machine.
  }, 600_000);
});
