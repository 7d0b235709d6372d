import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevSigningKeys, KafkaPrincipals } from '@postbridge/dev-infra';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../test/harness/database';
import { authorization, Caller, registerEndpoint, TestRealms } from '../../../test/harness/identity';
import { provisionTestTopics, testKafkaEnv, uniqueTopicPrefix } from '../../../test/harness/kafka';
import { SseClient, SseEvent } from '../../../test/e2e/support/sse';
import { bootstrapOperatorNode, RunningOperatorNode } from './operator-node.bootstrap';

// The routes the agent console needs beyond the case routes: previews, presence and the team view,
// on the assembled CH node over real PostgreSQL (and the run's Kafka, which nothing here writes to).
jest.setTimeout(60_000);

const prefix = uniqueTopicPrefix();
let db: TestDatabase;
let node: RunningOperatorNode;
let ds: DataSource;
let realms: TestRealms;
const DAY = 24 * 3600_000;

async function api(method: string, path: string, body?: unknown, as: Caller = 'anna.meier', headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(await authorization(node.url, as)), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const insertCase = async (o: { origin?: string; destination?: string; status?: string; deadlineState?: string | null; assignee?: string | null } = {}) => {
  const id: string = randomUUID();
  await ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, description_text, description_language,
                        opened_by_agent, opened_at, last_activity_at, version, assignee, priority, deadline_state)
     VALUES ($1, 'RB123456785GB', 'REGISTERED', 'GENERIC', $2, $3, $4, 'Jane Roe', 'Where is it?', 'en', 'bob', now(), now(), 1, $5, 'NORMAL', $6)`,
    [id, o.origin ?? 'US', o.destination ?? 'CH', o.status ?? 'OPEN', o.assignee ?? null, o.deadlineState ?? null],
  );
  return id;
};

const scan = (itemId: string, code: string, daysAgo: number, sourceOperator: string) =>
  ds.query(
    `INSERT INTO tracking_events (item_id, code, occurred_at, utc_offset_minutes, office, source_operator) VALUES ($1, $2, $3, 60, $4, $5)`,
    [itemId, code, new Date(Date.now() - daysAgo * DAY), `${sourceOperator}AAAA`, sourceOperator],
  );

const rowCounts = async () => {
  const [r] = await ds.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_messages)::int AS messages, (SELECT count(*) FROM outbox_messages)::int AS outbox, (SELECT count(*) FROM case_history)::int AS history`);
  return r;
};

const keys = DevSigningKeys.generate(['CH', 'US', 'JP']);
const networkFile = join(mkdtempSync(join(tmpdir(), 'pb-console-it-')), 'network.json');
writeFileSync(networkFile, JSON.stringify(keys.applyTo({ operators: [{ code: 'CH' }, { code: 'US' }, { code: 'JP' }] })));

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  await provisionTestTopics(prefix, ['CH'], 1);
  realms = await TestRealms.create(prefix, ['CH']);
  node = await bootstrapOperatorNode({
    ...realms.nodeEnv('CH'),
    HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', DATABASE_URL: db.url, ...testKafkaEnv(KafkaPrincipals.node('CH')), TOPIC_PREFIX: prefix, KAFKA_MAX_WAIT_MS: '20',
    LOG_LEVEL: 'fatal', PB_DEFAULT_METRICS: 'off', OPERATOR_CODE: 'CH', OPERATOR_NAME: 'Swiss Post', OPERATOR_COUNTRY: 'CH', OPERATOR_TIME_ZONE: 'Europe/Zurich',
    OPERATOR_LANGUAGES: 'de,fr', ALERT_STREAM_HEARTBEAT_MS: '200', NETWORK_FILE: networkFile, ...keys.env('CH'),
  });
  ds = node.app.get(DataSource);
  registerEndpoint(node.url, realms, 'CH', 'anna.meier');
});

afterAll(async () => {
  await node?.app.close().catch(() => undefined);
  await db?.drop();
  await realms?.delete();
});

describe('previewCase', () => {
  it('answers what openCase would store, from the timeline, and writes nothing', async () => {
    const item = 'CP473124829CH';
    await scan(item, 'EMA', 20, 'CH');
    await scan(item, 'EMD', 15, 'US');
    const before = await rowCounts();
    const res = await api('POST', '/cases/preview', { itemId: 'cp 473 124 829 ch', inquiryType: 'FULL_INVESTIGATION' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      itemId: item, productFamily: 'PARCEL', inquiryType: 'FULL_INVESTIGATION', originCountry: 'CH', destinationOperator: 'US', destinationSource: 'TRACKING', delivered: false,
      trackingSummary: { eventCount: 2, originCountry: 'CH', destinationCountry: 'US', currentStatus: { code: 'EMD' } },
      filingWindow: { open: true, postedOn: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), opensAt: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), closesAt: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) },
      display: { language: 'de', originCountry: 'Schweiz', inquiryType: expect.any(String), productFamily: expect.any(String), filingWindow: { opensAt: expect.any(String) } },
    });
    expect(res.body.filingWindow.opensAt < res.body.filingWindow.closesAt).toBe(true);
    expect((await api('POST', '/cases/preview', { itemId: item, inquiryType: 'GENERIC', destinationOperator: 'JP' })).body).toMatchObject({ destinationOperator: 'JP', destinationSource: 'REQUESTED' });
    // Without tracking: no summary, no window; the destination must be given.
    expect((await api('POST', '/cases/preview', { itemId: 'RB123456785GB', inquiryType: 'GENERIC', destinationOperator: 'US' })).body).toMatchObject({ trackingSummary: null, filingWindow: null, originCountry: 'GB', display: { filingWindow: null } });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses with the codes openCase gives', async () => {
    await scan('RR473124829CH', 'EMA', 2, 'CH');
    for (const [body, status, code] of [
      [{ itemId: 'RB123456785GB', inquiryType: 'GENERIC' }, 422, 'DESTINATION_REQUIRED'],
      [{ itemId: 'RB123456785GB', inquiryType: 'GENERIC', destinationOperator: 'CH' }, 422, 'SELF_ADDRESSED'],
      [{ itemId: 'RB123456785GB', inquiryType: 'PROOF_OF_DELIVERY', destinationOperator: 'US' }, 422, 'PROOF_OF_DELIVERY_UNAVAILABLE'],
      [{ itemId: 'RR473124829CH', inquiryType: 'GENERIC', destinationOperator: 'US' }, 422, 'INQUIRY_TOO_EARLY'],
      [{ itemId: 'RB123456784GB', inquiryType: 'GENERIC', destinationOperator: 'US' }, 400, 'INVALID_ITEM_ID'],
      [{ itemId: 'RB123456785GB', inquiryType: 'WHATEVER', destinationOperator: 'US' }, 400, 'INVALID_INQUIRY_TYPE'],
      [{ itemId: 'RB123456785GB', inquiryType: 'GENERIC', destinationOperator: 'usa!' }, 400, 'INVALID_OPERATOR_CODE'],
      [{ itemId: 'RB123456785GB', inquiryType: 'GENERIC', destinationOperator: 'US', reasons: ['NOT_ARRIVED'] }, 400, 'UNKNOWN_FIELD'],
    ] as const) {
      const res = await api('POST', '/cases/preview', body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      // openCase itself gives the same answer for the same facts.
      const opened = await api('POST', '/cases', { ...body, ...(code === 'UNKNOWN_FIELD' ? {} : { reasons: ['NOT_ARRIVED'] }), customer: { name: 'Jane' }, description: { text: 'Where is my parcel?', language: 'en' } });
      if (code !== 'UNKNOWN_FIELD') expect({ body, status: opened.status, code: opened.body.code }).toEqual({ body, status, code });
    }
    expect(await ds.query(`SELECT id FROM cases WHERE item_id = 'RR473124829CH'`)).toEqual([]);
  });
});

describe('previewCaseMessage', () => {
  it("renders the saved reply from the case in the reader's and the partner's language, says what is missing, and writes nothing", async () => {
    const id = await insertCase();
    await ds.query(`INSERT INTO case_messages (id, case_id, kind, body_text, body_language, author_agent, author_operator, sent_at) VALUES ($1, $2, 'INFO', 'More details', 'en', 'bob', 'US', now())`, [randomUUID(), id]);
    const before = await rowCounts();
    const res = await api('POST', `/cases/${id}/messages/preview`, { kind: 'REPLY', templateId: 'DELIVERED_WITH_SIGNATURE', eventAt: '2026-11-20T13:05:00Z', office: 'Bern 1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      caseId: id, kind: 'REPLY', templateId: 'DELIVERED_WITH_SIGNATURE', outcome: 'DELIVERED_WITH_SIGNATURE', eventAt: '2026-11-20T13:05:00.000Z', office: 'Bern 1', signedBy: null,
      body: { language: 'de', languageSource: 'TEMPLATE', text: expect.stringContaining('RB123456785GB') },
      rendered: { id: 'DELIVERED_WITH_SIGNATURE', language: 'de', missing: ['signedBy'] },
      partner: { language: 'en', partnerLanguage: 'en', missing: ['signedBy'], text: expect.stringContaining('was delivered on'), timeZone: 'UTC' },
      missing: ['signedBy'], sendable: false, refusalCode: 'TEMPLATE_VALUE_MISSING', statusAfter: 'ANSWERED',
      display: { language: 'de', kind: expect.any(String), outcome: expect.any(String), partnerLanguage: 'Englisch', bodyLanguage: 'Deutsch' },
    });
    expect(res.body.body.text).toContain('Bern 1');
    // Sending the same gives the refusal the preview announced; complete, both agree it goes.
    const sent = await api('POST', `/cases/${id}/messages`, { kind: 'REPLY', templateId: 'DELIVERED_WITH_SIGNATURE', eventAt: '2026-11-20T13:05:00Z', office: 'Bern 1', expectedVersion: 1 });
    expect(sent).toMatchObject({ status: 422, body: { code: 'TEMPLATE_VALUE_MISSING' } });
    expect(await rowCounts()).toEqual(before);
    const full = await api('POST', `/cases/${id}/messages/preview`, { kind: 'REPLY', templateId: 'DELIVERED_WITH_SIGNATURE', eventAt: '2026-11-20T13:05:00Z', office: 'Bern 1', signedBy: 'K. Tanaka', expectedVersion: 1 });
    expect(full.body).toMatchObject({ missing: [], sendable: true, refusalCode: null });
    const inJapanese = await api('POST', `/cases/${id}/messages/preview`, { kind: 'REPLY', templateId: 'DELIVERED_WITH_SIGNATURE', signedBy: 'K. Tanaka' }, 'anna.meier', { 'accept-language': 'ja' });
    expect(inJapanese.status).toBe(200);
    expect(inJapanese.body).toMatchObject({ body: { language: 'ja' }, display: { language: 'ja' } });
    const free = await api('POST', `/cases/${id}/messages/preview`, { kind: 'INFO_REQUEST', body: { text: 'Bitte die Adresse bestätigen.', language: 'de' } });
    expect(free.body).toMatchObject({ templateId: null, rendered: null, partner: null, missing: [], sendable: true, body: { text: 'Bitte die Adresse bestätigen.', language: 'de', languageSource: 'GIVEN' }, statusAfter: 'AWAITING_INFO' });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses as addCaseMessage would', async () => {
    const incoming = await insertCase();
    const outgoing = await insertCase({ origin: 'CH', destination: 'US' });
    const closed = await insertCase({ status: 'RESOLVED' });
    for (const [path, body, status, code] of [
      [`/cases/not-a-case/messages/preview`, { kind: 'INFO', body: { text: 'x' } }, 400, 'INVALID_CASE_ID'],
      // A case of another post is not at this node.
      [`/cases/${randomUUID()}/messages/preview`, { kind: 'INFO', body: { text: 'x' } }, 404, 'CASE_NOT_FOUND'],
      [`/cases/${incoming}/messages/preview`, { kind: 'REPLY', templateId: 'NO_SUCH_TEMPLATE' }, 422, 'TEMPLATE_NOT_FOUND'],
      [`/cases/${incoming}/messages/preview`, { kind: 'REPLY' }, 422, 'OUTCOME_REQUIRED'],
      [`/cases/${incoming}/messages/preview`, { kind: 'INFO_REQUEST' }, 400, 'BODY_REQUIRED'],
      [`/cases/${incoming}/messages/preview`, { kind: 'INFO_REQUEST', body: { text: 'x' }, expectedVersion: 7 }, 409, 'CASE_VERSION_CONFLICT'],
      [`/cases/${incoming}/messages/preview`, { kind: 'INFO_REQUEST', body: { text: 'x' }, expectedVersion: 0 }, 400, 'INVALID_VERSION'],
      [`/cases/${incoming}/messages/preview`, { kind: 'INFO_REQUEST', templateId: 'DELIVERED_WITH_SIGNATURE', body: { text: 'x' } }, 422, 'BODY_AND_TEMPLATE'],
      [`/cases/${outgoing}/messages/preview`, { kind: 'REPLY', templateId: 'DELIVERED_WITH_SIGNATURE' }, 422, 'MESSAGE_KIND_NOT_ALLOWED'],
      [`/cases/${closed}/messages/preview`, { kind: 'INFO_REQUEST', body: { text: 'x' } }, 409, 'CASE_CLOSED'],
    ] as const) {
      const res = await api('POST', path, body);
      expect({ path, body, status: res.status, code: res.body.code }).toEqual({ path, body, status, code });
    }
  });
});

/** The presence stream as a browser holds it (test/e2e/support/sse.ts), as `as`; its events carry whole lists. */
class PresenceStream {
  private constructor(private readonly client: SseClient) {}

  static async open(path: string, as: Caller): Promise<PresenceStream> {
    return new PresenceStream(await SseClient.open(`${node.url}${path}`, await authorization(node.url, as)));
  }

  get events(): SseEvent[] {
    return this.client.events;
  }

  get comments(): string[] {
    return this.client.comments;
  }

  /** The newest list, once it satisfies `match`. */
  async waitFor(match: (viewers: any[]) => boolean, what: string, timeoutMs = 10_000): Promise<any[]> {
    return (await this.client.waitForLatest((e) => match(e.data.viewers), timeoutMs, what)).data.viewers;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

const dan: Caller = { user: 'dan.agent', roles: ['agent'] };
const eve: Caller = { user: 'eve.agent', roles: ['agent'] };
const ids = (viewers: any[]) => viewers.map((v) => `${v.principalId}:${v.activity}`).sort();

describe('case presence', () => {
  it('lists who else has the case open, live on the stream, and forgets who leaves or stops beating', async () => {
    const id = await insertCase();
    const stream = await PresenceStream.open(`/cases/${id}/presence/stream`, 'anna.meier');
    expect(await stream.waitFor((v) => v.length === 0, 'the empty list on connect')).toEqual([]);
    expect(stream.events[0]).toMatchObject({ event: 'presence', data: { caseId: id, viewers: [] } });

    const first = await api('PUT', `/cases/${id}/presence`, { activity: 'VIEWING' }, dan);
    expect(first).toMatchObject({ status: 200, body: { caseId: id, viewers: [] } });
    await stream.waitFor((v) => v.length === 1, 'dan viewing');
    const seen = await api('PUT', `/cases/${id}/presence`, { activity: 'WRITING' }, eve);
    expect(seen.body.viewers).toEqual([{ principalId: 'dan.agent', displayName: expect.any(String), activity: 'VIEWING', since: expect.any(String) }]);
    expect(ids(await stream.waitFor((v) => v.length === 2, 'dan and eve'))).toEqual(['dan.agent:VIEWING', 'eve.agent:WRITING']);

    // The streaming agent's own heartbeat is not in their list, but is in everyone else's.
    await api('PUT', `/cases/${id}/presence`, { activity: 'VIEWING' }, 'anna.meier');
    expect(ids((await api('PUT', `/cases/${id}/presence`, { activity: 'VIEWING' }, dan)).body.viewers)).toEqual(['anna.meier:VIEWING', 'eve.agent:WRITING']);
    // A heartbeat that changes nothing keeps `since` and sends nothing new.
    const sent = stream.events.length;
    const since = (await api('PUT', `/cases/${id}/presence`, { activity: 'VIEWING' }, eve)).body.viewers;
    await api('PUT', `/cases/${id}/presence`, { activity: 'WRITING' }, eve);
    const again = (await api('PUT', `/cases/${id}/presence`, { activity: 'VIEWING' }, 'anna.meier')).body.viewers;
    expect(again.find((v: any) => v.principalId === 'dan.agent').since).toBe(since.find((v: any) => v.principalId === 'dan.agent').since);
    expect(stream.events.length).toBeLessThanOrEqual(sent + 2);

    expect((await api('DELETE', `/cases/${id}/presence`, undefined, dan)).status).toBe(204);
    expect(ids(await stream.waitFor((v) => v.length === 1, 'dan gone'))).toEqual(['eve.agent:WRITING']);

    // Eve's tab died: her entry expires, and the sweeper removes it and tells the stream.
    await ds.query(`UPDATE case_presence SET expires_at = now() - interval '1 second' WHERE case_id = $1 AND principal_id = 'eve.agent'`, [id]);
    await stream.waitFor((v) => v.length === 0, 'eve expired', 8_000);
    expect(await ds.query(`SELECT principal_id FROM case_presence WHERE case_id = $1 AND principal_id = 'eve.agent'`, [id])).toEqual([]);
    expect(stream.comments.some((c) => c.startsWith('heartbeat'))).toBe(true);
    await stream.close();
    // Nothing about presence goes to the partner.
    expect(await ds.query(`SELECT id FROM outbox_messages WHERE message_key = $1`, [id])).toEqual([]);
    // Heartbeats stay out of the audit log, which still has the reads of the case itself.
    expect((await api('GET', `/cases/${id}`, undefined, dan)).status).toBe(200);
    const audited = await ds.query(`SELECT method, operation FROM audit_log WHERE case_id = $1 ORDER BY id`, [id]);
    expect(audited.filter((r: { method: string }) => r.method !== 'GET')).toEqual([]);
    expect(audited.map((r: { operation: string }) => r.operation)).toContain('getCase');
  });

  it('deletes expired entries of other cases in bounded sweeps', async () => {
    const a = await insertCase();
    const b = await insertCase();
    await ds.query(
      `INSERT INTO case_presence (case_id, principal_id, display_name, activity, since, updated_at, expires_at)
       SELECT $1, 'ghost' || g, 'Ghost', 'VIEWING', now() - interval '1 hour', now() - interval '1 hour', now() - interval '59 minutes' FROM generate_series(1, 30) g`,
      [a],
    );
    await api('PUT', `/cases/${b}/presence`, { activity: 'VIEWING' }, dan);
    // Sweeps run while a presence stream is open at this process (an idle node does not poll).
    const stream = await PresenceStream.open(`/cases/${b}/presence/stream`, 'anna.meier');
    const deadline = Date.now() + 10_000;
    while ((await ds.query(`SELECT count(*)::int AS n FROM case_presence WHERE expires_at <= now()`))[0].n > 0) {
      if (Date.now() > deadline) throw new Error('expired presence was not swept');
      await new Promise((r) => setTimeout(r, 100));
    }
    await stream.close();
    expect((await api('PUT', `/cases/${a}/presence`, { activity: 'VIEWING' }, dan)).body.viewers).toEqual([]);
  });

  it('refuses bad ids, unknown cases, bad activities and roles without case access', async () => {
    const id = await insertCase();
    const unknown = randomUUID(); // e.g. a case of another post: not at this node
    for (const [method, path, body, status, code] of [
      ['PUT', '/cases/nope/presence', { activity: 'VIEWING' }, 400, 'INVALID_CASE_ID'],
      ['PUT', `/cases/${unknown}/presence`, { activity: 'VIEWING' }, 404, 'CASE_NOT_FOUND'],
      ['PUT', `/cases/${id}/presence`, { activity: 'LURKING' }, 400, 'INVALID_ACTIVITY'],
      ['PUT', `/cases/${id}/presence`, { activity: 'VIEWING', caseId: id }, 400, 'UNKNOWN_FIELD'],
      ['DELETE', '/cases/nope/presence', undefined, 400, 'INVALID_CASE_ID'],
      ['DELETE', `/cases/${unknown}/presence`, undefined, 404, 'CASE_NOT_FOUND'],
      ['GET', '/cases/nope/presence/stream', undefined, 400, 'INVALID_CASE_ID'],
      ['GET', `/cases/${unknown}/presence/stream`, undefined, 404, 'CASE_NOT_FOUND'],
    ] as const) {
      const res = await api(method, path, body, dan);
      expect({ method, path, status: res.status, code: res.body?.code }).toEqual({ method, path, status, code });
    }
    expect(await api('PUT', `/cases/${id}/presence`, { activity: 'VIEWING' }, { user: 'tim.templates', roles: ['template-admin'] })).toMatchObject({ status: 403, body: { code: 'PERMISSION_DENIED' } });
    expect(await ds.query(`SELECT * FROM case_presence WHERE case_id = $1`, [unknown])).toEqual([]);
  });
});

describe('listAgents and the escalated filter', () => {
  it("gives supervisors each known agent's open, overdue and due-soon cases, and the unassigned ones", async () => {
    await insertCase({ assignee: 'zed.one', deadlineState: 'ESCALATED' });
    await insertCase({ assignee: 'zed.one', deadlineState: 'DUE_SOON' });
    await insertCase({ assignee: 'zed.one', deadlineState: 'OVERDUE' });
    await insertCase({ assignee: 'zed.one', status: 'RESOLVED', deadlineState: 'OVERDUE' });
    await insertCase({ assignee: 'zed.two' });
    await ds.query(`INSERT INTO agent_profiles (agent_id, language) VALUES ('zed.three', 'fr')`);
    const before = (await api('GET', '/agents?pageSize=200')).body.unassigned;
    await insertCase({ deadlineState: 'ESCALATED' });

    const res = await api('GET', '/agents?pageSize=200');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.items.map((a: any) => [a.agentId, a]));
    expect(byId['zed.one']).toEqual({ agentId: 'zed.one', displayName: null, openAssigned: 3, overdue: 2, escalated: 1, dueSoon: 1 });
    expect(byId['zed.two']).toMatchObject({ openAssigned: 1, overdue: 0, dueSoon: 0 });
    expect(byId['zed.three']).toMatchObject({ openAssigned: 0 });
    // Presence names the agent.
    expect(byId['dan.agent']).toMatchObject({ agentId: 'dan.agent', displayName: expect.any(String) });
    const agentIds = res.body.items.map((a: any) => a.agentId);
    expect(agentIds).toEqual([...agentIds].sort((x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(res.body.total).toBe(agentIds.length);
    expect(res.body.unassigned).toEqual({ ...before, openAssigned: before.openAssigned + 1, overdue: before.overdue + 1, escalated: before.escalated + 1 });

    const page2 = await api('GET', '/agents?pageSize=1&page=2');
    expect(page2.body).toMatchObject({ page: 2, pageSize: 1, total: agentIds.length, items: [{ agentId: agentIds[1] }] });
    expect((await api('GET', '/agents?page=999')).body).toMatchObject({ items: [], total: agentIds.length });

    expect(await api('GET', '/agents', undefined, dan)).toMatchObject({ status: 403, body: { code: 'PERMISSION_DENIED' } });
    expect(await api('GET', '/agents?pageSize=500')).toMatchObject({ status: 400, body: { code: 'INVALID_PAGE_SIZE' } });
    expect(await api('GET', '/agents?sort=name')).toMatchObject({ status: 400, body: { code: 'UNKNOWN_FIELD' } });
  });

  it('lists escalated cases with GET /queues?escalated=true', async () => {
    const escalated = await insertCase({ deadlineState: 'ESCALATED' });
    const overdue = await insertCase({ deadlineState: 'OVERDUE' });
    const only = (await api('GET', '/queues?escalated=true&pageSize=200')).body.items.map((c: any) => c.id);
    expect(only).toContain(escalated);
    expect(only).not.toContain(overdue);
    const rest = (await api('GET', '/queues?queue=OVERDUE&escalated=false&pageSize=200')).body.items.map((c: any) => c.id);
    expect(rest).toContain(overdue);
    expect(rest).not.toContain(escalated);
    expect(await api('GET', '/queues?escalated=yes')).toMatchObject({ status: 400, body: { code: 'INVALID_BOOLEAN' } });
  });
});
