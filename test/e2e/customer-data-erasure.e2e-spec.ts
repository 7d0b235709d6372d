import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { buildEnvelope, CaseMessageAddedSchema, create, MessageKind } from '@postbridge/contracts';
import { LibreTranslateServer } from '../support/libretranslate-server';
import { readTopic, readWholeTopic } from './support/topics';
import { api, eventually, openCaseBody, TestNetwork } from './support/network';

// Issue 15: customer data is readable by the two posts of a case only, and erasable everywhere.
// A case with a customer crosses CH → broker → US and back (a reply, a resolution note); then
// nothing on the broker's database or on any Kafka topic (dead-letter topics included) carries the
// customer's values. CH's data-protection officer erases the case: US applies it and confirms, and
// neither node's database (cases, messages, the translation cache, outboxes) holds the values any more.

const CUSTOMER = { name: 'Hieronyma Wendelstrüm', email: 'hieronyma.wendelstruem@example.ch', phone: '+41 79 555 86 20', preferredLanguage: 'de' };
const DESCRIPTION = 'Die Kuckucksuhr für Frau Wendelstrüm ist nie an der Wendelgasse 4 angekommen.';
const TRANSLATED = 'The cuckoo clock for Mrs Wendelstrüm never arrived at Wendelgasse 4.';
const REPLY = 'Delivered to Wendelgasse 4, signed H. Wendelstrüm.';
const NOTE = 'Frau Wendelstrüm hat die Uhr beim Nachbarn gefunden.';
const SIGNED_BY = 'H. Wendelstrüm';
/** Each value as text, and the pieces that identify her on their own. */
const NEEDLES = [CUSTOMER.name, CUSTOMER.email, CUSTOMER.phone, 'Wendelstrüm', 'Wendelstr', 'Hieronyma', 'Kuckucksuhr', 'cuckoo clock', 'Wendelgasse', '555 86 20'];

const DPO = { user: 'dpo', roles: ['data-protection'] };
const AUDITOR = { user: 'auditor', roles: ['auditor'] };

/** Every needle found in `bytes` (as UTF-8), case-insensitively. */
function found(bytes: Buffer | string): string[] {
  const text = (typeof bytes === 'string' ? bytes : bytes.toString('utf8')).toLowerCase();
  return NEEDLES.filter((n) => text.includes(n.toLowerCase()));
}

/** Every row of every table of a database as text (bytea columns decoded), with the needles it holds. */
async function leaksIn(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)).rows.map((r) => r.table_name as string);
    const leaks: string[] = [];
    for (const t of tables) {
      for (const row of (await c.query(`SELECT * FROM "${t}"`)).rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null) continue;
          const hits = found(Buffer.isBuffer(value) ? value : typeof value === 'string' ? value : JSON.stringify(value));
          if (hits.length) leaks.push(`${t}.${column}: ${hits.join(', ')}`);
        }
      }
    }
    return leaks;
  } finally {
    await c.end();
  }
}

describe('customer data: sealed between the two posts, erased at both', () => {
  let net: TestNetwork;
  let translator: LibreTranslateServer;
  let caseId: string;

  beforeAll(async () => {
    translator = await LibreTranslateServer.start({ dictionary: { 'de>en': { [DESCRIPTION]: TRANSLATED } } });
    // Every app logs at info into net.logs: none of her values may appear there (the last test).
    net = await TestNetwork.start(
      [
        { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'en'] },
        { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'], env: { TRANSLATION_URL: translator.url } },
      ],
      { captureLogs: true },
    );
  });

  afterAll(async () => {
    await net?.close();
    await translator?.close();
  });

  it('carries a whole case between CH and US with no customer value on the broker or any topic', async () => {
    const CH = net.node('CH').url;
    const US = net.node('US').url;
    const opened = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: 'EE223456788CH', customer: CUSTOMER, description: { text: DESCRIPTION, language: 'de' } }), 'anna.meier');
    expect(opened.status).toBe(201);
    caseId = opened.body.id;
    // US reads it in clear, with the machine translation (now in US's translation cache).
    const atUs = await eventually(async () => {
      const r = await api(US, 'GET', `/cases/${caseId}`, undefined, 'bob.smith', { 'accept-language': 'en' });
      return r.status === 200 && r.body.status === 'OPEN' ? r.body : undefined;
    }, 15_000, 'the case at US');
    expect(atUs.customer).toMatchObject({ name: CUSTOMER.name, email: CUSTOMER.email, phone: CUSTOMER.phone });
    expect(atUs.description).toMatchObject({ text: DESCRIPTION, translation: { text: TRANSLATED } });
    const reply = await api(US, 'POST', `/cases/${caseId}/messages`, { kind: 'REPLY', outcome: 'DELIVERED_WITH_SIGNATURE', signedBy: SIGNED_BY, body: { text: REPLY, language: 'en' }, expectedVersion: atUs.version }, 'bob.smith');
    expect(reply.status).toBe(201);
    const answered = await eventually(async () => {
      const r = await api(CH, 'GET', `/cases/${caseId}`);
      return r.body.status === 'ANSWERED' ? r.body : undefined;
    }, 15_000, 'the reply at CH');
    expect(answered.messages).toEqual([expect.objectContaining({ signedBy: SIGNED_BY, body: expect.objectContaining({ text: REPLY }) })]);
    expect((await api(CH, 'POST', `/cases/${caseId}/resolve`, { resolutionCode: 'DELIVERED', note: { text: NOTE, language: 'de' }, expectedVersion: answered.version }, 'anna.meier')).status).toBe(200);
    await eventually(async () => (await api(US, 'GET', `/cases/${caseId}`)).body.status === 'RESOLVED', 15_000, 'the resolution at US');

    // A message the US node cannot apply (a case it does not know), sealed by CH: its dead-letter copy is ciphertext too.
    const poison = await net.seal(
      buildEnvelope({ type: 'case.message_added', sender: 'CH', recipient: 'US', caseId: randomUUID(), body: create(CaseMessageAddedSchema, { messageRef: randomUUID(), kind: MessageKind.INFO, body: { text: `${CUSTOMER.name} called again`, language: 'en' } }) }),
    );
    const producer = await net.rawProducer();
    await producer.send({ topic: net.topics.caseIn('US'), messages: [{ key: poison.caseId, value: net.signed({ envelope: poison }) }] });

    // Every topic of the network, read from its start: the case's messages are there, none in clear.
    const dlq = await readTopic(net.topics.operatorDlq('US'), (ms) => ms.some((m) => m.key?.toString() === poison.caseId));
    expect(dlq.length).toBeGreaterThan(0);
    const topics = [...['CH', 'US'].flatMap((code) => net.topics.forOperator(code)), net.topics.brokerDlq()];
    let caseMessages = 0;
    for (const topic of topics) {
      const messages = await readWholeTopic(topic);
      caseMessages += messages.filter((m) => m.key?.toString() === caseId).length;
      for (const m of messages) {
        const headers = Object.entries(m.headers ?? {}).map(([k, v]) => `${k}=${String(v)}`).join('\n');
        expect({ topic, leaks: found(Buffer.concat([m.key ?? Buffer.alloc(0), m.value ?? Buffer.alloc(0), Buffer.from(headers)])) }).toEqual({ topic, leaks: [] });
      }
    }
    // Opened, accepted, the reply, the resolution, each on an out and an in topic, and the deadlines.
    expect(caseMessages).toBeGreaterThanOrEqual(8);
    expect(await leaksIn(net.broker!.db.url)).toEqual([]);
  });

  it('erases the case at CH on the data-protection officer\'s request; US applies it and confirms, and neither node keeps a value', async () => {
    const CH = net.node('CH').url;
    const US = net.node('US').url;
    // Before: both nodes hold her data (the check below can fail), and CH's officer can export it (Art. 15).
    expect((await leaksIn(net.node('CH').db.url)).length).toBeGreaterThan(0);
    expect((await leaksIn(net.node('US').db.url)).some((l) => l.startsWith('text_translations.'))).toBe(true);
    const exported = await api(CH, 'POST', '/privacy/access-requests', { customerEmail: CUSTOMER.email }, DPO);
    expect(exported.status).toBe(200);
    expect(exported.body.cases).toEqual([
      expect.objectContaining({ id: caseId, customer: expect.objectContaining({ name: CUSTOMER.name, phone: CUSTOMER.phone }), description: expect.objectContaining({ text: DESCRIPTION }) }),
    ]);
    expect(JSON.stringify(exported.body)).toContain(REPLY);
    // The case's own messages as sent are in both outboxes (sealed), until the erasure.
    const sentCaseMessages = async (url: string): Promise<number> => {
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        const r = await c.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE message_key = $1 AND headers->>'pb-type' IN ('case.opened', 'case.message_added', 'case.resolved')`, [caseId]);
        return r.rows[0].n as number;
      } finally {
        await c.end();
      }
    };
    expect(await sentCaseMessages(net.node('CH').db.url)).toBeGreaterThan(0);
    expect(await sentCaseMessages(net.node('US').db.url)).toBeGreaterThan(0);

    expect((await api(CH, 'POST', '/privacy/erasures', { caseId }, 'anna.meier')).status).toBe(403);
    const erased = await api(CH, 'POST', '/privacy/erasures', { customerEmail: CUSTOMER.email.toUpperCase() }, DPO);
    expect(erased.status).toBe(201);
    expect(erased.body.erasures).toEqual([expect.objectContaining({ caseId, origin: 'LOCAL', partnerOperator: 'US', partnerConfirmation: expect.objectContaining({ status: 'PENDING' }) })]);

    const confirmed = await eventually(async () => {
      const r = await api(CH, 'GET', `/privacy/erasures?caseId=${caseId}`, undefined, DPO);
      return r.body.items?.[0]?.partnerConfirmation.status === 'CONFIRMED' ? r.body.items[0] : undefined;
    }, 15_000, "US's confirmation at CH");
    expect(Date.parse(confirmed.partnerConfirmation.confirmedAt)).not.toBeNaN();
    const atUs = await api(US, 'GET', `/privacy/erasures?caseId=${caseId}`, undefined, DPO);
    expect(atUs.body.items).toEqual([expect.objectContaining({ id: erased.body.erasures[0].id, caseId, origin: 'PARTNER', partnerOperator: 'CH' })]);

    for (const [code, url] of [['CH', CH], ['US', US]] as const) {
      const c = (await api(url, 'GET', `/cases/${caseId}`)).body;
      expect(found(JSON.stringify(c))).toEqual([]);
      expect(c).toMatchObject({ status: 'RESOLVED', itemId: 'EE223456788CH', customer: null, personalDataRemoved: expect.objectContaining({ reason: 'ERASURE' }) });
      expect(await leaksIn(net.node(code).db.url)).toEqual([]);
      // Sealed or not, what carried her data to the partner is gone from the outbox too.
      expect(await sentCaseMessages(net.node(code).db.url)).toBe(0);
      // Who erased which case and when is audited on both sides; the data is not.
      const audit = (await api(url, 'GET', `/audit?caseId=${caseId}`, undefined, AUDITOR)).body;
      const entries = (audit.items ?? audit) as Array<{ operation: string }>;
      expect(entries.map((e) => e.operation)).toEqual(expect.arrayContaining([code === 'CH' ? 'caseErased' : 'applyPartnerErasure']));
      expect(found(JSON.stringify(audit))).toEqual([]);
    }
    // The export now finds nothing about her.
    const after = await api(CH, 'POST', '/privacy/access-requests', { customerEmail: CUSTOMER.email }, DPO);
    expect(after.body.cases).toEqual([]);
    expect(found(JSON.stringify(after.body).replace(CUSTOMER.email, ''))).toEqual([]);
    // Kafka cannot forget: the dead-letter copy at US stays until its retention, sealed, never in clear.
    for (const m of await readWholeTopic(net.topics.operatorDlq('US'))) expect(found(m.value ?? Buffer.alloc(0))).toEqual([]);
    // Erasing again changes nothing and sends nothing.
    const again = await api(CH, 'POST', '/privacy/erasures', { caseId }, DPO);
    expect([200, 201]).toContain(again.status);
    expect(again.body.erasures).toEqual([expect.objectContaining({ id: erased.body.erasures[0].id })]);
  });

  it('wrote none of her values to any process\'s log through the case, the export and the erasure', () => {
    // Meaningful only if the apps logged at info: requests, routing, the erasure.
    expect(net.logs.some((l) => l.includes('"level":30'))).toBe(true);
    const leaks = net.logs.flatMap((l) => found(l).map((n) => `${n}: ${l.slice(0, 300)}`));
    expect(leaks).toEqual([]);
  });
});
