import { randomUUID } from 'node:crypto';
import { buildEnvelope, CaseOpenedSchema, create, CustomerContactSchema, InquiryReason, InquiryType, LocalizedTextSchema } from '@postbridge/contracts';
import { ManualClock, RetentionRunner } from '@postbridge/platform';
import { api, authorization, eventually, openCaseBody, TestNetwork } from './support/network';

// Issue 15: a case with a customer crosses the network and is resolved; once the nodes' clock
// passes RETENTION_RESOLVED_CASE_DAYS the retention jobs anonymise it at both nodes and the
// broker's report does not change. Every app logs at info into the network's `logs` meanwhile, and
// none of the customer's values may appear there.

const DAY = 86_400_000;

// Seeded values found nowhere else, so any hit in a log is this customer's data.
const CUSTOMER = { name: 'Zorbalina Quixtermann', email: 'zorbalina.quixtermann@example.org', phone: '+41 79 555 31 47', preferredLanguage: 'de' };
const DESCRIPTION = 'Das Paket mit der Spieluhr kam nie am Quixterweg 9 in Wädenswil an.';
const REPLY = 'Left with the neighbour of Mrs Quixtermann at Quixterweg 11.';
const NOTE = 'Frau Quixtermann telefonisch informiert.';
/** What must never be in a log line: each value, and the parts that identify her on their own. */
const NEEDLES = [CUSTOMER.name, CUSTOMER.email, CUSTOMER.phone, CUSTOMER.phone.replace(/\D/g, ''), DESCRIPTION, REPLY, NOTE, 'Zorbalina', 'Quixter', 'Spieluhr', 'zorbalina.quixtermann'];

describe('customer data: anonymised after retention at both nodes, never in a log', () => {
  let net: TestNetwork;
  // The retention jobs' time at every app (the broker's deadline clock is the system's).
  const retentionClock = new ManualClock(Date.now());

  beforeAll(async () => {
    net = await TestNetwork.start(
      [
        { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'en'] },
        { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'] },
      ],
      { captureLogs: true, retentionClock },
    );
  });

  afterAll(async () => {
    await net?.close();
  });

  const metricsText = async (url: string): Promise<string> => (await fetch(`${url}/metrics`, { headers: await authorization(url, undefined) })).text();

  it('anonymises a resolved case at both nodes once the clock passes the period, and the broker\'s report stays the same', async () => {
    const CH = net.node('CH').url;
    const US = net.node('US').url;
    // A request refused for a bad field, carrying the customer's data: the refusal must not log it either.
    const refused = await api(CH, 'POST', '/cases', openCaseBody('US', { customer: { ...CUSTOMER, email: `${CUSTOMER.name} <${CUSTOMER.email}>` }, description: { text: DESCRIPTION, language: 'de' } }), 'anna.meier');
    expect(refused.status).toBe(400);

    const opened = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: 'EE123456785CH', customer: CUSTOMER, description: { text: DESCRIPTION, language: 'de' } }), 'anna.meier');
    expect(opened.status).toBe(201);
    const id: string = opened.body.id;
    const atUs = await eventually(async () => {
      const r = await api(US, 'GET', `/cases/${id}`);
      return r.status === 200 && r.body.status === 'OPEN' ? r.body : undefined;
    }, 15_000, 'the case at US');
    expect(atUs.customer).toMatchObject({ name: CUSTOMER.name, email: CUSTOMER.email, phone: CUSTOMER.phone });
    const reply = await api(US, 'POST', `/cases/${id}/messages`, { kind: 'REPLY', outcome: 'DELIVERED_WITH_SIGNATURE', body: { text: REPLY, language: 'en' }, expectedVersion: atUs.version }, 'bob.smith');
    expect(reply.status).toBe(201);
    const answered = await eventually(async () => {
      const r = await api(CH, 'GET', `/cases/${id}`);
      return r.body.status === 'ANSWERED' ? r.body : undefined;
    }, 15_000, 'the reply at CH');
    expect((await api(CH, 'POST', `/cases/${id}/resolve`, { resolutionCode: 'DELIVERED', note: { text: NOTE, language: 'de' }, expectedVersion: answered.version }, 'anna.meier')).status).toBe(200);
    await eventually(async () => (await api(US, 'GET', `/cases/${id}`)).body.status === 'RESOLVED', 15_000, 'the resolution at US');
    const report = async () => (await api(net.broker!.url, 'GET', '/reports/response-times?responder=US')).body;
    const reportBefore = await eventually(async () => {
      const r = await report();
      return r?.rows?.length ? r : undefined;
    }, 15_000, 'the response-time report');
    expect(reportBefore.rows[0]).toMatchObject({ responder: 'US', answered: 1 });

    // Inside the period: nothing happens.
    retentionClock.advance(179 * DAY);
    for (const code of ['CH', 'US']) await net.node(code).app!.get(RetentionRunner).runOnce();
    expect((await api(CH, 'GET', `/cases/${id}`)).body.customer.name).toBe(CUSTOMER.name);

    retentionClock.advance(2 * DAY);
    for (const code of ['CH', 'US']) expect((await net.node(code).app!.get(RetentionRunner).runOnce())['closed-cases']).toBe('ran');

    for (const url of [CH, US]) {
      const c = (await api(url, 'GET', `/cases/${id}`)).body;
      expect(JSON.stringify(c)).not.toMatch(/Quixter|Zorbalina|Spieluhr|555 31 47/);
      expect(c).toMatchObject({ status: 'RESOLVED', itemId: 'EE123456785CH', resolution: { code: 'DELIVERED' } });
      expect(c.messages).toEqual([expect.objectContaining({ kind: 'REPLY', outcome: 'DELIVERED_WITH_SIGNATURE' })]);
      expect(await metricsText(url)).toContain('postbridge_retention_rows_total{job="closed-cases",action="anonymised"} 1');
    }
    // The broker's jobs on the same clock leave its report as it was, and are measured.
    expect(await net.broker!.app.get(RetentionRunner).runOnce()).toEqual({ 'pending-tracking-events': 'ran', 'tracking-routes': 'ran', outbox: 'ran', inbox: 'ran' });
    expect((await report()).rows).toEqual(reportBefore.rows);
    expect(await metricsText(net.broker!.url)).toMatch(/postbridge_retention_rows_total\{job="inbox",action="deleted"\} [1-9]/);
  });

  it('refuses a case whose customer travels in clear, at the broker and at a node, without naming her values', async () => {
    const caseId = randomUUID();
    const envelope = buildEnvelope({
      type: 'case.opened',
      sender: 'CH',
      recipient: 'US',
      caseId,
      body: create(CaseOpenedSchema, {
        itemId: 'RB123456785GB',
        inquiryType: InquiryType.GENERIC,
        reasons: [InquiryReason.NOT_ARRIVED],
        originOperator: 'CH',
        destinationOperator: 'US',
        customer: create(CustomerContactSchema, { name: CUSTOMER.name, email: CUSTOMER.email, phone: CUSTOMER.phone }),
        description: create(LocalizedTextSchema, { text: DESCRIPTION, language: 'de' }),
      }),
    });
    const producer = await net.rawProducer();
    // As CH's node would send it (to the broker), and as if the broker had forwarded it (to US).
    await producer.send({ topic: net.topics.caseOut('CH'), messages: [{ key: caseId, value: net.signed({ envelope }) }] });
    await producer.send({ topic: net.topics.caseIn('US'), messages: [{ key: caseId, value: net.signed({ envelope }) }] });
    await eventually(async () => net.logs.some((l) => l.includes(`refused case.opened ${envelope.messageId}`)), 15_000, 'the broker\'s refusal in its log');
    await eventually(async () => net.logs.some((l) => l.includes(`dead-lettered ${net.topics.caseIn('US')}`)), 15_000, 'US\'s dead letter in its log');
  });

  it('wrote none of the customer\'s values to any process\'s log', () => {
    // The check means something only if the apps logged at info: requests, routing, retention.
    const lines = net.logs.map((l) => JSON.parse(l) as { level: number; role: string; msg?: string });
    expect(new Set(lines.filter((l) => l.level === 30).map((l) => l.role))).toEqual(new Set(['broker', 'operator-node']));
    expect(lines.some((l) => /retention closed-cases: 1 anonymised/.test(l.msg ?? ''))).toBe(true);
    const leaks = NEEDLES.flatMap((needle) => net.logs.filter((l) => l.toLowerCase().includes(needle.toLowerCase())).map((l) => `${needle}: ${l.slice(0, 300)}`));
    expect(leaks).toEqual([]);
  });
});
