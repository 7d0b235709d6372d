import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { buildEnvelope, CaseOpenedSchema, create, InquiryReason, CustomerContactSchema, decodeEnvelope, Headers, InquiryType, LocalizedTextSchema, peekSigned } from '@postbridge/contracts';
import { api, eventually, openCaseBody, TestNetwork } from './support/network';
import { readTopic } from './support/topics';

function openedEnvelope(caseId: string, sender: string, recipient: string, claimedSender = sender) {
  return buildEnvelope({
    type: 'case.opened',
    sender: claimedSender,
    recipient,
    caseId,
    body: create(CaseOpenedSchema, {
      itemId: 'RB123456785GB',
      inquiryType: InquiryType.GENERIC,
      reasons: [InquiryReason.NOT_ARRIVED],
      originOperator: claimedSender,
      destinationOperator: recipient,
      customer: create(CustomerContactSchema, { name: 'Raw Producer' }),
      description: create(LocalizedTextSchema, { text: 'sent straight to Kafka', language: 'en' }),
    }),
  });
}

async function count(dbUrl: string, sql: string, params: unknown[]): Promise<number> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return Number((await c.query(sql, params)).rows[0].n);
  } finally {
    await c.end();
  }
}

describe('delivery guarantees', () => {
  let net: TestNetwork;

  beforeAll(async () => {
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'en'] },
      { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'] },
    ]);
  });

  afterAll(async () => {
    await net?.close();
  });

  it('applies the same Kafka message delivered twice only once, at the broker and at the node', async () => {
    const caseId = randomUUID();
    const envelope = await net.seal(openedEnvelope(caseId, 'CH', 'US'));
    const bytes = net.signed({ envelope });
    const producer = await net.rawProducer();
    // The same record twice, as after a producer retry or a relay crash before marking it sent.
    await producer.send({ topic: net.topics.caseOut('CH'), messages: [{ key: caseId, value: bytes }, { key: caseId, value: bytes }] });
    // And the broker's forward replayed straight onto the node's inbound topic.
    await producer.send({ topic: net.topics.caseIn('US'), messages: [{ key: caseId, value: bytes }] });

    await eventually(async () => (await api(net.node('US').url, 'GET', `/cases/${caseId}`)).status === 200, 10_000, 'the case at US');
    // Give the duplicates time to be consumed before counting.
    await eventually(async () => (await count(net.node('US').db.url, `SELECT count(*) AS n FROM outbox_messages WHERE sent_at IS NOT NULL`, [])) >= 1, 10_000, 'the accepted message sent');
    await new Promise((r) => setTimeout(r, 1500));

    const us = net.node('US').db.url;
    expect(await count(us, `SELECT count(*) AS n FROM cases WHERE id = $1`, [caseId])).toBe(1);
    expect(await count(us, `SELECT count(*) AS n FROM case_history WHERE case_id = $1 AND action = 'OPENED'`, [caseId])).toBe(1);
    expect(await count(us, `SELECT count(*) AS n FROM inbox_messages WHERE message_id = $1`, [envelope.messageId])).toBe(1);
    expect(await count(us, `SELECT count(*) AS n FROM outbox_messages WHERE headers->>'pb-type' = 'case.accepted' AND message_key = $1`, [caseId])).toBe(1);
    const broker = net.broker!.db.url;
    expect(await count(broker, `SELECT count(*) AS n FROM case_index WHERE case_id = $1`, [caseId])).toBe(1);
    expect(await count(broker, `SELECT count(*) AS n FROM outbox_messages WHERE headers->>'pb-message-id' = $1`, [envelope.messageId])).toBe(1);
  });

  it('sends a spoofed sender to the dead-letter topic with its reason, and the next valid message still flows', async () => {
    const spoofedId = randomUUID();
    const validId = randomUUID();
    const producer = await net.rawProducer();
    // US writes on its own outbound topic but claims to be CH.
    const spoofed = await net.seal(openedEnvelope(spoofedId, 'US', 'CH', 'CH'));
    await producer.send({
      topic: net.topics.caseOut('US'),
      messages: [
        { key: spoofedId, value: net.signed({ envelope: spoofed }, 'US'), headers: { [Headers.traceparent]: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } },
        { key: validId, value: net.signed({ envelope: await net.seal(openedEnvelope(validId, 'US', 'CH')) }) },
      ],
    });
    const dead = await readTopic(net.topics.brokerDlq(), (msgs) => msgs.some((m) => m.key?.toString() === spoofedId));
    const d = dead.find((m) => m.key?.toString() === spoofedId)!;
    expect(d.headers?.[Headers.dlqReason]?.toString()).toBe('SPOOFED_SENDER');
    expect(d.headers?.[Headers.dlqSourceTopic]?.toString()).toBe(net.topics.caseOut('US'));
    expect(d.headers?.[Headers.dlqDetail]?.toString()).toMatch(/CH/);
    expect(d.headers?.[Headers.traceparent]?.toString()).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(peekSigned(d.value).signer).toBe('US');
    expect(decodeEnvelope(peekSigned(d.value).payload)).toEqual(spoofed);

    const valid = await eventually(async () => {
      const r = await api(net.node('CH').url, 'GET', `/cases/${validId}`);
      return r.status === 200 ? r.body : undefined;
    }, 10_000, 'the valid case at CH');
    expect(valid).toMatchObject({ direction: 'INCOMING', originOperator: 'US' });
    expect((await api(net.node('CH').url, 'GET', `/cases/${spoofedId}`)).status).toBe(404);
  });

  it('a compromised hub cannot forge a post: a case on US.case.in signed by anyone but its origin is dead-lettered as BAD_SIGNATURE', async () => {
    const producer = await net.rawProducer();
    const forgedId = randomUUID();
    const validId = randomUUID();
    // Written past the ACLs (as the hub, or whoever holds its credentials, could): claims CH, signed with the hub's key.
    const forged = await net.seal(openedEnvelope(forgedId, 'CH', 'US'));
    await producer.send({
      topic: net.topics.caseIn('US'),
      messages: [
        { key: forgedId, value: net.signed({ envelope: forged }, 'PBHUB') },
        { key: validId, value: net.signed({ envelope: await net.seal(openedEnvelope(validId, 'CH', 'US')) }) },
      ],
    });
    const dead = await readTopic(net.topics.operatorDlq('US'), (msgs) => msgs.some((m) => m.key?.toString() === forgedId));
    const d = dead.find((m) => m.key?.toString() === forgedId)!;
    expect(d.headers?.[Headers.dlqReason]?.toString()).toBe('BAD_SIGNATURE');
    expect(d.headers?.[Headers.dlqDetail]?.toString()).toMatch(/must be signed by CH, was signed by PBHUB/);
    await eventually(async () => (await api(net.node('US').url, 'GET', `/cases/${validId}`)).status === 200, 10_000, 'the genuine case after the forged one');
    expect((await api(net.node('US').url, 'GET', `/cases/${forgedId}`)).status).toBe(404);
  });

  it('dead-letters undecodable bytes at a node and keeps consuming', async () => {
    const producer = await net.rawProducer();
    const validId = randomUUID();
    await producer.send({
      topic: net.topics.caseIn('CH'),
      messages: [
        { key: 'junk', value: Buffer.from('this is not protobuf at all') },
        { key: validId, value: net.signed({ envelope: await net.seal(openedEnvelope(validId, 'US', 'CH')) }) },
      ],
    });
    const dead = await readTopic(net.topics.operatorDlq('CH'), (msgs) => msgs.some((m) => m.key?.toString() === 'junk'));
    expect(dead.find((m) => m.key?.toString() === 'junk')!.headers?.[Headers.dlqReason]?.toString()).toBe('UNDECODABLE');
    await eventually(async () => (await api(net.node('CH').url, 'GET', `/cases/${validId}`)).status === 200, 10_000, 'the valid case after the junk');
  });

  it('delivers a case addressed to a stopped node once it restarts, losing nothing', async () => {
    await net.stopNode('US');
    const CH = net.node('CH').url;
    const opened = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: 'VV473124829DE' }));
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    // The broker routes it; it waits on US's inbound topic.
    await eventually(async () => (await api(net.broker!.url, 'GET', `/cases/${id}`)).status === 200, 10_000, 'the broker to index the case');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await api(CH, 'GET', `/cases/${id}`)).body.status).toBe('SUBMITTED');

    await net.startNode('US');
    const atUs = await eventually(async () => {
      const r = await api(net.node('US').url, 'GET', `/cases/${id}`);
      return r.status === 200 ? r.body : undefined;
    }, 20_000, 'the case at the restarted US node');
    expect(atUs).toMatchObject({ status: 'OPEN', itemId: 'VV473124829DE', productFamily: 'INSURED' });
    await eventually(async () => (await api(CH, 'GET', `/cases/${id}`)).body.status === 'OPEN', 10_000, 'CH to learn it was delivered');
  });
});
