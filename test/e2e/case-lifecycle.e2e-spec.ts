import { Client } from 'pg';
import { api, authorization, Caller, eventually, openCaseBody, TestNetwork } from './support/network';

// Broker + CH and US nodes (and DE registered but inactive) on the real Kafka-protocol broker and PostgreSQL.
describe('a case crosses the network: open → reply → resolve', () => {
  let net: TestNetwork;

  beforeAll(async () => {
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'fr', 'en'] },
      { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en', 'es'] },
      { code: 'DE', country: 'DE', timeZone: 'Europe/Berlin', languages: ['de'], active: false, noNode: true },
    ]);
  });

  afterAll(async () => {
    await net?.close();
  });

  it('answers health with its role and operator at every process, in detail only to its operators', async () => {
    const ch = await api(net.node('CH').url, 'GET', '/health/details');
    expect(ch.status).toBe(200);
    expect(ch.body).toMatchObject({ role: 'operator-node', operatorCode: 'CH', status: 'ok' });
    const broker = await api(net.broker!.url, 'GET', '/health/details');
    expect(broker.body).toMatchObject({ role: 'broker', operatorCode: null });
    // The probe is public and says nothing else.
    const probe = await api(net.node('CH').url, 'GET', '/health', undefined, null);
    expect({ status: probe.status, body: probe.body }).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await api(net.node('CH').url, 'GET', '/health/details', undefined, null)).status).toBe(401);
  });

  it('delivers the case, the reply and the resolution, with the full history at both nodes', async () => {
    const CH = net.node('CH').url;
    const US = net.node('US').url;

    const opened = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: 'ee 123 456 785 ch' }), 'anna.meier');
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'SUBMITTED', direction: 'OUTGOING', itemId: 'EE123456785CH', productFamily: 'EMS', originOperator: 'CH', destinationOperator: 'US' });
    const id: string = opened.body.id;

    const incoming = await eventually(async () => {
      const r = await api(US, 'GET', '/cases?direction=INCOMING');
      return r.body.items.find((c: any) => c.id === id);
    }, 10_000, 'the case at US');
    expect(incoming).toMatchObject({ status: 'OPEN', direction: 'INCOMING', originOperator: 'CH', itemId: 'EE123456785CH' });
    expect(incoming.customer.name).toBe('Jane Doe');
    expect(incoming.description).toMatchObject({ text: 'Das Paket ist nicht angekommen.', language: 'de', languageSource: 'GIVEN' });
    expect(incoming.allowedActions).toEqual(expect.arrayContaining(['MESSAGE:REPLY', 'MESSAGE:INFO_REQUEST']));
    expect(incoming.allowedActions).not.toContain('RESOLVE');

    // CH learns that US has the case.
    await eventually(async () => (await api(CH, 'GET', `/cases/${id}`)).body.status === 'OPEN', 10_000, 'CH sees OPEN');

    const usView = await api(US, 'GET', `/cases/${id}`);
    const reply = await api(US, 'POST', `/cases/${id}/messages`, { kind: 'REPLY', outcome: 'DELIVERED_WITH_SIGNATURE', body: { text: 'Delivered on 12 Nov, signed by J. Doe.', language: 'en' }, expectedVersion: usView.body.version }, 'bob.smith');
    expect(reply.status).toBe(201);
    expect(reply.body.status).toBe('ANSWERED');

    const answered = await eventually(async () => {
      const r = await api(CH, 'GET', `/cases/${id}`);
      return r.body.status === 'ANSWERED' ? r.body : undefined;
    }, 10_000, 'the reply at CH');
    expect(answered.messages).toHaveLength(1);
    expect(answered.messages[0]).toMatchObject({ kind: 'REPLY', authorOperator: 'US', authorAgent: 'bob.smith', body: { text: 'Delivered on 12 Nov, signed by J. Doe.', language: 'en' } });
    expect(answered.allowedActions).toContain('RESOLVE');

    const resolved = await api(CH, 'POST', `/cases/${id}/resolve`, { resolutionCode: 'DELIVERED', note: { text: 'Kunde informiert', language: 'de' }, expectedVersion: answered.version }, 'anna.meier');
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', resolution: { code: 'DELIVERED' } });

    const usResolved = await eventually(async () => {
      const r = await api(US, 'GET', `/cases/${id}`);
      return r.body.status === 'RESOLVED' ? r.body : undefined;
    }, 10_000, 'the resolution at US');
    expect(usResolved.resolution).toMatchObject({ code: 'DELIVERED', note: { text: 'Kunde informiert', language: 'de', languageSource: 'GIVEN' } });
    expect(usResolved.allowedActions).toEqual([]);

    // A deadline entry records the status the case had where it was applied, which differs by node.
    const summary = (entries: any[]) => entries.map((e) => `${e.action}@${e.operatorCode}${e.agentId ? `:${e.agentId}` : ''}${e.action.startsWith('DEADLINE_') ? '' : `→${e.toStatus}`}`);
    // The broker's deadline clock is part of the history: started when it routed the case, answered with the reply.
    const expected = [
      'OPENED@CH:anna.meier→SUBMITTED',
      'DEADLINE_STARTED@PBHUB',
      'DELIVERED@US→OPEN',
      'MESSAGE_ADDED@US:bob.smith→ANSWERED',
      'DEADLINE_ANSWERED@PBHUB',
      'RESOLVED@CH:anna.meier→RESOLVED',
    ];
    const historyAt = (url: string) =>
      eventually(async () => {
        const h = await api(url, 'GET', `/cases/${id}/history`);
        return h.body.entries.length >= expected.length ? h : undefined;
      }, 10_000, 'the whole history');
    const chHistory = await historyAt(CH);
    const usHistory = await historyAt(US);
    expect(summary(chHistory.body.entries)).toEqual(expected);
    expect(summary(usHistory.body.entries)).toEqual(expected);
    for (const e of chHistory.body.entries) expect(Date.parse(e.occurredAt)).toBeGreaterThan(0);

    // One trace from the agent's request through the broker to the partner's acknowledgement.
    const traceId = opened.headers.get('x-trace-id');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const traceOf = async (dbUrl: string, type: string) => {
      const c = new Client({ connectionString: dbUrl });
      await c.connect();
      try {
        const { rows } = await c.query(`SELECT headers->>'traceparent' AS tp FROM outbox_messages WHERE message_key = $1 AND headers->>'pb-type' = $2`, [id, type]);
        return rows.map((r) => r.tp.split('-')[1]);
      } finally {
        await c.end();
      }
    };
    expect(await traceOf(net.node('CH').db.url, 'case.opened')).toEqual([traceId]);
    expect(await traceOf(net.broker!.db.url, 'case.opened')).toEqual([traceId]);
    expect(await traceOf(net.node('US').db.url, 'case.accepted')).toEqual([traceId]);

    const indexed = await api(net.broker!.url, 'GET', `/cases/${id}`);
    expect(indexed.body).toMatchObject({ caseId: id, originOperator: 'CH', destinationOperator: 'US', status: 'RESOLVED' });
  });

  it.each([
    // DE is in the network file but inactive: only the broker knows, and refuses it.
    ['DE', 'INACTIVE_DESTINATION'],
  ])('refuses a case for %s and shows why at the sending node', async (destination, reason) => {
    const CH = net.node('CH').url;
    const opened = await api(CH, 'POST', '/cases', openCaseBody(destination));
    expect(opened.status).toBe(201);
    const refused = await eventually(async () => {
      const r = await api(CH, 'GET', `/cases/${opened.body.id}`);
      return r.body.status === 'REFUSED' ? r.body : undefined;
    }, 10_000, 'the refusal');
    expect(refused.refusal.reason).toBe(reason);
    expect(refused.refusal.detail).toContain(destination);
    expect(refused.allowedActions).toEqual([]);
    const history = await api(CH, 'GET', `/cases/${opened.body.id}/history`);
    expect(history.body.entries.map((e: any) => e.action)).toEqual(['OPENED', 'REFUSED']);
    const list = await api(CH, 'GET', `/cases?status=REFUSED`);
    expect(list.body.items.map((c: any) => c.id)).toContain(opened.body.id);
  });

  it('refuses a reply against a stale version with 409, and a resolve from the destination with 403', async () => {
    const CH = net.node('CH').url;
    const US = net.node('US').url;
    const opened = await api(CH, 'POST', '/cases', openCaseBody('US', { inquiryType: 'GENERIC' }));
    const id = opened.body.id;
    const atUs = await eventually(async () => {
      const r = await api(US, 'GET', `/cases/${id}`);
      return r.status === 200 ? r.body : undefined;
    }, 10_000, 'the case at US');
    const first = await api(US, 'POST', `/cases/${id}/messages`, { kind: 'INFO_REQUEST', body: { text: 'Need the sender address', language: 'en' }, expectedVersion: atUs.version });
    expect(first.status).toBe(201);
    const stale = await api(US, 'POST', `/cases/${id}/messages`, { kind: 'REPLY', outcome: 'OTHER', body: { text: 'second', language: 'en' }, expectedVersion: atUs.version });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CASE_VERSION_CONFLICT', details: { expectedVersion: atUs.version, currentVersion: atUs.version + 1 } });
    const notYours = await api(US, 'POST', `/cases/${id}/resolve`, { resolutionCode: 'OTHER', expectedVersion: first.body.version });
    expect(notYours.status).toBe(403);
    expect(notYours.body.code).toBe('ACTION_NOT_ALLOWED_FOR_PARTY');
    const wrongKind = await api(US, 'POST', `/cases/${id}/messages`, { kind: 'INFO', body: { text: 'x', language: 'en' }, expectedVersion: first.body.version });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.code).toBe('MESSAGE_KIND_NOT_ALLOWED');
  });

  it('rejects bad input with a 4xx and a machine-readable code, storing nothing', async () => {
    const CH = net.node('CH').url;
    const before = (await api(CH, 'GET', '/cases')).body.total;
    const cases: Array<[unknown, string, number, Caller?]> = [
      [openCaseBody('US', { itemId: 'RB123456786US' }), 'INVALID_ITEM_ID', 400],
      [openCaseBody('US', { itemId: 'RB123456785XX' }), 'INVALID_ITEM_ID', 400],
      [openCaseBody('US', { inquiryType: 'PRAYER' }), 'INVALID_INQUIRY_TYPE', 400],
      [openCaseBody('US', { extra: true }), 'UNKNOWN_FIELD', 400],
      [openCaseBody('US', { customer: { name: 'A', shoeSize: 44 } }), 'UNKNOWN_FIELD', 400],
      [openCaseBody('US', { description: { text: 'x', language: 'not a tag!' } }), 'INVALID_LANGUAGE_TAG', 400],
      [openCaseBody('us'), 'INVALID_OPERATOR_CODE', 400],
      [openCaseBody('CH'), 'SELF_ADDRESSED', 422],
      // Not a post of the network file: nobody to seal the customer's data for, so nothing is stored or sent.
      [openCaseBody('XX'), 'UNKNOWN_OPERATOR', 422],
      [openCaseBody('US'), 'UNAUTHENTICATED', 401, null],
    ];
    for (const [body, code, status, agent] of cases) {
      const r = await api(CH, 'POST', '/cases', body, agent);
      expect({ code: r.body.code, status: r.status }).toEqual({ code, status });
      expect(typeof r.body.message).toBe('string');
    }
    const malformed = await fetch(`${CH}/cases`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await authorization(CH, 'anna.meier')) }, body: '{"itemId":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe('MALFORMED_BODY');
    expect((await api(CH, 'GET', '/cases/not-a-uuid')).body.code).toBe('INVALID_CASE_ID');
    const missing = await api(CH, 'GET', '/cases/7d0f1a52-6c1e-4a51-9a7e-2a4f0d4b9c10');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CASE_NOT_FOUND');
    expect((await api(CH, 'GET', '/cases?pageSize=1000')).body.code).toBe('INVALID_PAGE_SIZE');
    expect((await api(CH, 'GET', '/cases?status=LOST')).body.code).toBe('INVALID_STATUS');
    expect((await api(CH, 'GET', '/cases')).body.total).toBe(before);
  });

  it('opens one case for a retried request with the same Idempotency-Key', async () => {
    const CH = net.node('CH').url;
    const post = async (body: unknown, key: string, agent = 'crm.sync') =>
      fetch(`${CH}/cases`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await authorization(CH, agent)), 'idempotency-key': key }, body: JSON.stringify(body) });
    const body = openCaseBody('US', { itemId: 'LX473124829CH' });
    const key = `crm-${Date.now()}`;
    const [a, b] = await Promise.all([post(body, key), post(body, key)]);
    const c = await post(body, key);
    const ids = await Promise.all([a, b, c].map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(c.status).toBe(200);
    expect(c.headers.get('idempotent-replayed')).toBe('true');
    expect((await api(CH, 'GET', '/cases?itemId=LX473124829CH')).body.total).toBe(1);

    const reused = await post(openCaseBody('US', { itemId: 'RB123456785GB' }), key);
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Other coded content is a different request too, in any order it is the same one.
    for (const changed of [{ reasons: ['DAMAGED'] }, { requestedActions: ['INVESTIGATE'] }]) {
      const r = await post({ ...body, ...changed }, key);
      expect({ status: r.status, code: ((await r.json()) as { code?: string }).code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    }
    const twoReasons = `${key}-2`;
    expect((await post({ ...body, itemId: 'LX473124832CH', reasons: ['DAMAGED', 'CONTENTS_MISSING'] }, twoReasons)).status).toBe(201);
    expect((await post({ ...body, itemId: 'LX473124832CH', reasons: ['CONTENTS_MISSING', 'DAMAGED'] }, twoReasons)).status).toBe(200);
    expect((await post(body, 'bad key with spaces')).status).toBe(400);
  });

  it('lists with pagination and filters', async () => {
    const CH = net.node('CH').url;
    const item = 'CP473124829JP';
    for (let i = 0; i < 3; i++) expect((await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: item }))).status).toBe(201);
    const page1 = await api(CH, 'GET', `/cases?itemId=${item}&pageSize=2&page=1`);
    const page2 = await api(CH, 'GET', `/cases?itemId=${item}&pageSize=2&page=2`);
    expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.body.items).toHaveLength(2);
    expect(page2.body.items).toHaveLength(1);
    const ids = [...page1.body.items, ...page2.body.items].map((c: any) => c.id);
    expect(new Set(ids).size).toBe(3);
    expect((await api(CH, 'GET', `/cases?itemId=${item}&direction=INCOMING`)).body.total).toBe(0);
    expect((await api(CH, 'GET', `/cases?itemId=${item}&direction=OUTGOING`)).body.total).toBe(3);
  });

  it('publishes OpenAPI with the stable operationIds', async () => {
    const doc = await api(net.node('CH').url, 'GET', '/docs-json');
    const ops = Object.values(doc.body.paths).flatMap((p: any) => Object.values(p).map((o: any) => o.operationId));
    expect(ops).toEqual(expect.arrayContaining(['openCase', 'getCase', 'listCases', 'addCaseMessage', 'resolveCase', 'getCaseHistory']));
    const ui = await fetch(`${net.node('CH').url}/docs`);
    expect(ui.status).toBe(200);
  });
});
