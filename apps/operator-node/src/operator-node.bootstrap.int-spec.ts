import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevSigningKeys, KafkaPrincipals, sealAsSent } from '@postbridge/dev-infra';
import { Consumer, IHeaders, Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  BROKER_SENDER_CODE, buildEnvelope, CaseDeadlineSchema, CaseOpenedSchema, CasePriority, InquiryReason, create, DeadlineEventKind, DeadlineState, decodeEnvelope, encodeEnvelope, Envelope, Headers, peekSigned, sealPayload,
  InquiryType, TargetUnit, timestampFromDate, TopicNames,
} from '@postbridge/contracts';
import { label } from '@postbridge/catalogue';
import { WORK_QUEUES } from '@postbridge/domain';
import { createTestDatabase, TestDatabase } from '../../../test/harness/database';
import { authorization, Caller, registerEndpoint, TestRealms } from '../../../test/harness/identity';
import { provisionTestTopics, testKafkaConfig, testKafkaEnv, uniqueTopicPrefix } from '../../../test/harness/kafka';
import { NewAlert } from './alerts/shared/alert';
import { AlertWriter } from './alerts/shared/alert-writer';
import { AlertStreams } from './alerts/stream-alerts/alert-streams';
import { bootstrapOperatorNode, RunningOperatorNode } from './operator-node.bootstrap';

// The assembled CH node in-process, on real PostgreSQL and the run's Kafka-protocol broker: work
// queues, assignment, deadlines arriving over Kafka, and the alert stream read as a browser would.
jest.setTimeout(60_000);

const prefix = uniqueTopicPrefix();
const topics = new TopicNames(prefix);
let db: TestDatabase;
let node: RunningOperatorNode;
let ds: DataSource;
let kafka: Kafka;
let producer: Producer;
let dlqConsumer: Consumer;
let realms: TestRealms;
const deadLetters: KafkaMessage[] = [];

/** Re-checks until `check` gives a value; for waiting on what other processes do, never a fixed delay. */
async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** As anna.meier (agent, supervisor) with a real token from the node's realm, unless `as` says otherwise. */
async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, as: Caller = 'anna.meier'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(await authorization(node.url, as)), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

interface SseEvent {
  id: string | null;
  event: string;
  data: any;
}

/** Reads a text/event-stream body as it arrives; `comments` keeps the `:` lines (heartbeats). */
class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  ended = false;
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  static async open(path: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const r = new SseReader();
    const res = await fetch(`${node.url}${path}`, { headers: { accept: 'text/event-stream', ...(await authorization(node.url, 'anna.meier')), ...headers }, signal: r.abort.signal });
    if (res.status !== 200) throw new Error(`stream ${path}: ${res.status} ${await res.text()}`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    r.done = r.read(res.body!);
    return r;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    } finally {
      this.ended = true;
    }
  }

  private parse(block: string): void {
    const e: SseEvent = { id: null, event: 'message', data: undefined };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) e.id = line.slice(4);
      else if (line.startsWith('event: ')) e.event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) this.events.push({ ...e, data: JSON.parse(data.join('\n')) });
  }

  waitFor(match: (e: SseEvent) => boolean, what: string): Promise<SseEvent> {
    return until(() => this.events.find(match), what);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}

const insertCase = async (o: { origin?: string; destination?: string; status?: string; deadlineState?: string | null; dueAt?: Date | null; openedAt?: Date; assignee?: string | null; priority?: string; responded?: boolean } = {}) => {
  const id: string = randomUUID();
  await ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, description_text, description_language,
                        opened_by_agent, opened_at, last_activity_at, version, assignee, priority, deadline_state, due_at, first_response_at)
     VALUES ($1, 'RB123456785GB', 'REGISTERED', 'GENERIC', $2, $3, $4, 'Jane', 'x', 'en', 'anna', $5, $5, 1, $6, $7, $8, $9, $10)`,
    [id, o.origin ?? 'US', o.destination ?? 'CH', o.status ?? 'OPEN', o.openedAt ?? new Date(), o.assignee ?? null, o.priority ?? 'NORMAL', o.deadlineState ?? null, o.dueAt ?? null, o.responded ? new Date() : null],
  );
  return id;
};

/** Hour and minute of an instant on a wall clock, as the locale writes them: what a display's wall time must show. */
const clock = (locale: string, timeZone: string, at: string) => new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(at));

const raiseAlerts = (...alerts: NewAlert[]) => ds.transaction((tx) => node.app.get(AlertWriter).raise(tx, ...alerts));
const newAlert = (caseId: string, type: NewAlert['type'], marker: string, audience: NewAlert['audience'] = 'AGENTS'): NewAlert => ({ type, caseId, itemId: 'RB123456785GB', audience, assignee: null, payload: { marker } });

// The partners' and the hub's keys; CH's node reads their public halves from the network file.
const keys = DevSigningKeys.generate(['CH', 'US']);
const networkFile = join(mkdtempSync(join(tmpdir(), 'pb-node-it-')), 'network.json');
writeFileSync(networkFile, JSON.stringify(keys.applyTo({ operators: [{ code: 'CH' }, { code: 'US' }] })));
/** As the broker delivers it: customer data sealed for CH, signed by its sender (the origin, or the hub for what the hub says). */
const send = async (e: Envelope) => producer.send({ topic: topics.caseIn('CH'), messages: [{ key: e.caseId, value: sealPayload('Envelope', encodeEnvelope(await sealAsSent(e, keys.sealer())), keys.signer(e.senderOperator)) }] });
const openedFor = (caseId: string, priority: CasePriority) =>
  buildEnvelope({
    type: 'case.opened', sender: 'US', recipient: 'CH', caseId,
    body: create(CaseOpenedSchema, {
      itemId: 'RB123456785GB', inquiryType: InquiryType.GENERIC, originOperator: 'US', destinationOperator: 'CH', priority, reasons: [InquiryReason.NOT_ARRIVED],
      customer: { name: 'John Roe' }, description: { text: 'Where is it?', language: 'en' }, openedBy: { agentId: 'bob', operatorCode: 'US' },
    }),
  });
const deadlineFor = (caseId: string, sequence: number, kind: DeadlineEventKind, state: DeadlineState, sender = BROKER_SENDER_CODE) =>
  buildEnvelope({
    type: 'case.deadline', sender, recipient: 'CH', caseId,
    body: create(CaseDeadlineSchema, {
      kind, sequence: BigInt(sequence), round: 1, network: 'EMS', responderOperator: 'US', responderTimeZone: 'America/New_York', targetValue: 1, targetUnit: TargetUnit.WORKING_DAYS,
      targetWorkingMs: BigInt(8 * 3_600_000), state, dueAt: timestampFromDate(new Date('2026-12-01T22:00:00Z')), remainingWorkingMs: BigInt(3_600_000), remindersSent: 1, remindersBeforeEscalation: 2,
    }),
  });

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  await provisionTestTopics(prefix, ['CH'], 1);
  kafka = new Kafka(testKafkaConfig('node-it'));
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  dlqConsumer = kafka.consumer({ groupId: `${prefix}.dlq-observer`, maxWaitTimeInMs: 20 });
  await dlqConsumer.connect();
  await dlqConsumer.subscribe({ topics: [topics.operatorDlq('CH')], fromBeginning: true });
  await dlqConsumer.run({ eachMessage: async ({ message }) => void deadLetters.push(message) });
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
  await dlqConsumer?.disconnect().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  await db?.drop();
  await realms?.delete();
});

describe('openCase priority', () => {
  it('stores the priority, shows queue and assignee, and sends the priority in case.opened', async () => {
    const body = {
      itemId: 'RB123456785GB', destinationOperator: 'US', inquiryType: 'GENERIC', priority: 'URGENT', reasons: ['DELAYED'],
      customer: { name: 'Jane Doe' }, description: { text: 'Nicht angekommen.', language: 'de' },
    };
    const res = await api('POST', '/cases', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ priority: 'URGENT', queue: 'AWAITING_PARTNER', assignee: null, deadline: null, dueAt: null });
    const [row] = await ds.query(`SELECT payload FROM outbox_messages WHERE message_key = $1`, [res.body.id]);
    const sent = decodeEnvelope(peekSigned(row.payload).payload);
    expect(sent.body.case === 'caseOpened' && sent.body.value.priority).toBe(CasePriority.URGENT);

    const normal = await api('POST', '/cases', { ...body, priority: undefined });
    expect(normal.body.priority).toBe('NORMAL');
    const bad = await api('POST', '/cases', { ...body, priority: 'HIGH' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_PRIORITY' } });
  });
});

describe('listQueue', () => {
  it('lists one queue by due time (none last) then oldest first, counts every queue of the node, and filters', async () => {
    const before = (await api('GET', '/queues')).body.counts;
    const t = (h: number) => new Date(Date.parse('2026-12-01T12:00:00Z') + h * 3_600_000);
    const later = await insertCase({ deadlineState: 'RUNNING', dueAt: t(5), openedAt: t(-10) });
    const noDue = await insertCase({ deadlineState: null, openedAt: t(-20) });
    const sooner = await insertCase({ deadlineState: 'RUNNING', dueAt: t(1), openedAt: t(-1), priority: 'URGENT' });
    const sameDueOlder = await insertCase({ deadlineState: 'RUNNING', dueAt: t(5), openedAt: t(-30) });
    const taken = await insertCase({ assignee: 'bob.smith', deadlineState: 'RUNNING', dueAt: t(2) });
    const overdue = await insertCase({ deadlineState: 'ESCALATED', dueAt: t(-1) });
    const ours = await insertCase({ origin: 'CH', destination: 'US', status: 'ANSWERED', deadlineState: 'MET' });
    const waiting = await insertCase({ status: 'AWAITING_INFO', deadlineState: 'PAUSED', responded: true, assignee: 'bob.smith' });
    await insertCase({ status: 'RESOLVED' });

    const res = await api('GET', '/queues?queue=NEW');
    expect(res.status).toBe(200);
    const newIds = res.body.items.map((c: any) => c.id);
    expect(newIds.filter((id: string) => [later, noDue, sooner, sameDueOlder].includes(id))).toEqual([sooner, sameDueOlder, later, noDue]);
    expect(res.body.items.every((c: any) => c.queue === 'NEW')).toBe(true);
    const { counts } = res.body;
    expect(Object.keys(counts).sort()).toEqual(['AWAITING_OUR_REPLY', 'AWAITING_PARTNER', 'DUE_SOON', 'IN_PROGRESS', 'NEW', 'OVERDUE', 'RESOLVED']);
    expect({
      NEW: counts.NEW - before.NEW, IN_PROGRESS: counts.IN_PROGRESS - before.IN_PROGRESS, OVERDUE: counts.OVERDUE - before.OVERDUE,
      AWAITING_OUR_REPLY: counts.AWAITING_OUR_REPLY - before.AWAITING_OUR_REPLY, AWAITING_PARTNER: counts.AWAITING_PARTNER - before.AWAITING_PARTNER,
      RESOLVED: counts.RESOLVED - before.RESOLVED, DUE_SOON: counts.DUE_SOON - before.DUE_SOON,
    }).toEqual({ NEW: 4, IN_PROGRESS: 1, OVERDUE: 1, AWAITING_OUR_REPLY: 1, AWAITING_PARTNER: 1, RESOLVED: 1, DUE_SOON: 0 });
    expect(res.body.total).toBe(counts.NEW);
    // Each queue's label next to the counts, in the reader's language (CH: German first, else Accept-Language).
    expect(res.body.display).toEqual({ language: 'de', locale: 'de', timeZone: 'Europe/Zurich', direction: 'ltr', queues: Object.fromEntries(WORK_QUEUES.map((q) => [q, label('workQueue', q, 'de')])) });
    expect(Object.keys(res.body.display.queues).sort()).toEqual(Object.keys(counts).sort());
    const inJapanese = await api('GET', '/queues?queue=NEW', undefined, { 'accept-language': 'ja' });
    expect(inJapanese.body.display.queues).toEqual(Object.fromEntries(WORK_QUEUES.map((q) => [q, label('workQueue', q, 'ja')])));
    expect(inJapanese.body.counts).toEqual(counts);

    // Filters narrow the listing, never the counts.
    const mine = await api('GET', '/queues?assignee=bob.smith');
    expect(mine.body.items.map((c: any) => c.id).sort()).toEqual([taken, waiting].sort());
    expect(mine.body.counts).toEqual(counts);
    const urgent = await api('GET', '/queues?queue=NEW&priority=URGENT&direction=INCOMING&unassigned=true');
    expect(urgent.body.items.map((c: any) => c.id)).toEqual([sooner]);
    expect((await api('GET', '/queues?queue=AWAITING_OUR_REPLY&direction=OUTGOING')).body.items.map((c: any) => c.id)).toContain(ours);
    expect((await api('GET', '/queues?queue=OVERDUE')).body.items.map((c: any) => c.id)).toContain(overdue);

    // Pages follow the same order.
    const page1 = await api('GET', '/queues?queue=NEW&pageSize=2');
    const page2 = await api('GET', '/queues?queue=NEW&pageSize=2&page=2');
    expect([...page1.body.items, ...page2.body.items].map((c: any) => c.id)).toEqual(newIds.slice(0, 4));
    expect(page2.body).toMatchObject({ page: 2, pageSize: 2, total: counts.NEW });

    for (const [query, code] of [
      ['queue=LATE', 'INVALID_QUEUE'], ['assignee=not%20an%20id', 'INVALID_AGENT_ID'], ['unassigned=maybe', 'INVALID_BOOLEAN'], ['priority=HIGH', 'INVALID_PRIORITY'],
      ['pageSize=500', 'INVALID_PAGE_SIZE'], ['page=0', 'INVALID_PAGE'], ['sort=due', 'UNKNOWN_FIELD'],
    ]) {
      expect({ query, ...(await api('GET', `/queues?${query}`)) }).toMatchObject({ query, status: 400, body: { code } });
    }
  });
});

describe('the NEW queue', () => {
  it('is left once this node has responded, even when the partner\'s information reopens the case', async () => {
    const id = await insertCase();
    expect((await api('GET', `/cases/${id}`)).body.queue).toBe('NEW');
    const asked = await api('POST', `/cases/${id}/messages`, { kind: 'INFO_REQUEST', body: { text: 'Which address?', language: 'en' }, expectedVersion: 1 });
    expect(asked.body).toMatchObject({ status: 'AWAITING_INFO', queue: 'AWAITING_PARTNER' });
    // The partner's answer puts the case back in OPEN: ours to answer, but no longer new.
    await ds.query(`UPDATE cases SET status = 'OPEN' WHERE id = $1`, [id]);
    expect((await api('GET', `/cases/${id}`)).body.queue).toBe('AWAITING_OUR_REPLY');
    const [row] = await ds.query(`SELECT first_response_at FROM cases WHERE id = $1`, [id]);
    expect(row.first_response_at).toBeInstanceOf(Date);
  });
});

describe('assignCase', () => {
  it('lets an agent take an unassigned case or give back its own, and leaves assigning others to supervisors', async () => {
    const id = await insertCase();
    const agent: Caller = { user: 'dan.agent', roles: ['agent'] };
    expect(await api('PUT', `/cases/${id}/assignee`, { agentId: 'bob.smith' }, {}, agent)).toMatchObject({ status: 403, body: { code: 'ASSIGN_OTHERS_DENIED' } });
    expect((await api('PUT', `/cases/${id}/assignee`, { agentId: 'dan.agent' }, {}, agent)).body).toMatchObject({ assignee: 'dan.agent' });
    expect((await api('PUT', `/cases/${id}/assignee`, { agentId: null }, {}, agent)).body).toMatchObject({ assignee: null });
    // A supervisor gives it to bob; the agent can neither take it from him nor unassign him.
    expect((await api('PUT', `/cases/${id}/assignee`, { agentId: 'bob.smith' })).body).toMatchObject({ assignee: 'bob.smith' });
    expect(await api('PUT', `/cases/${id}/assignee`, { agentId: 'dan.agent' }, {}, agent)).toMatchObject({ status: 403, body: { code: 'ASSIGN_OTHERS_DENIED' } });
    expect(await api('PUT', `/cases/${id}/assignee`, { agentId: null }, {}, agent)).toMatchObject({ status: 403, body: { code: 'ASSIGN_OTHERS_DENIED' } });
    expect((await api('GET', `/cases/${id}`)).body.assignee).toBe('bob.smith');
  });

  it('assigns and unassigns with a version check, moving the case between queues and into the history', async () => {
    const id = await insertCase();
    const current = await api('GET', `/cases/${id}`);
    expect(current.body).toMatchObject({ queue: 'NEW', assignee: null, version: 1 });

    const assigned = await api('PUT', `/cases/${id}/assignee`, { agentId: 'bob.smith', expectedVersion: 1 });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assignee: 'bob.smith', version: 2, queue: 'IN_PROGRESS' });

    const stale = await api('PUT', `/cases/${id}/assignee`, { agentId: 'carla', expectedVersion: 1 });
    expect(stale).toMatchObject({ status: 409, body: { code: 'CASE_VERSION_CONFLICT', details: { expectedVersion: 1, currentVersion: 2 } } });
    // The same assignee again changes nothing.
    expect((await api('PUT', `/cases/${id}/assignee`, { agentId: 'bob.smith' })).body.version).toBe(2);

    const unassigned = await api('PUT', `/cases/${id}/assignee`, { agentId: null, expectedVersion: 2 }, {}, 'sup.one');
    expect(unassigned.body).toMatchObject({ assignee: null, version: 3, queue: 'NEW' });
    const history = (await api('GET', `/cases/${id}/history`)).body.entries;
    expect(history.map((h: any) => [h.action, h.agentId, h.detail])).toEqual([
      ['ASSIGNED', 'anna.meier', { assignee: 'bob.smith', previousAssignee: null }],
      ['UNASSIGNED', 'sup.one', { assignee: null, previousAssignee: 'bob.smith' }],
    ]);
    // Nothing about it goes to the partner.
    expect(await ds.query(`SELECT id FROM outbox_messages WHERE message_key = $1`, [id])).toEqual([]);
  });

  it('answers 404 for an unknown case and 400 with a code for a bad request', async () => {
    expect(await api('PUT', `/cases/${randomUUID()}/assignee`, { agentId: 'bob' })).toMatchObject({ status: 404, body: { code: 'CASE_NOT_FOUND' } });
    const id = await insertCase();
    for (const [body, code] of [
      [{}, 'AGENT_ID_REQUIRED'], [{ agentId: 'bob smith' }, 'INVALID_AGENT_ID'], [{ agentId: 42 }, 'INVALID_AGENT_ID'],
      [{ agentId: 'bob', expectedVersion: 0 }, 'INVALID_VERSION'], [{ agentId: 'bob', team: 'x' }, 'UNKNOWN_FIELD'],
    ] as const) {
      const res = await api('PUT', `/cases/${id}/assignee`, body);
      expect({ sent: body, status: res.status, code: res.body.code }).toEqual({ sent: body, status: 400, code });
    }
    expect((await api('PUT', `/cases/not-a-uuid/assignee`, { agentId: 'bob' })).body).toMatchObject({ code: 'INVALID_CASE_ID' });
    expect((await api('PUT', `/cases/${id}/assignee`, { agentId: 'bob' }, {}, null)).body).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await api('GET', `/cases/${id}`)).body).toMatchObject({ version: 1, assignee: null });
  });
});

describe('deadlines over Kafka', () => {
  it('applies the broker\'s snapshot to the case, and dead-letters one that does not come from the broker', async () => {
    const id = await insertCase({ origin: 'CH', destination: 'US' });
    await send(deadlineFor(id, 1, DeadlineEventKind.DUE_SOON, DeadlineState.DUE_SOON));
    const c = await until(async () => {
      const r = await api('GET', `/cases/${id}`);
      return r.body.deadline ? r.body : undefined;
    }, 'the deadline at CH');
    expect(c).toMatchObject({ queue: 'DUE_SOON', version: 1, dueAt: '2026-12-01T22:00:00.000Z' });
    expect(c.deadline).toMatchObject({ state: 'DUE_SOON', dueAtLocal: '2026-12-01T23:00:00.000+01:00', dueAtResponderLocal: '2026-12-01T17:00:00.000-05:00', remainingWorkingMinutes: 60, remindersSent: 1 });

    const spoofed = deadlineFor(id, 2, DeadlineEventKind.OVERDUE, DeadlineState.OVERDUE, 'US');
    await send(spoofed);
    const dead = await until(() => deadLetters.find((m) => decodeEnvelope(peekSigned(m.value).payload).messageId === spoofed.messageId), 'the spoofed deadline on the DLQ');
    const header = (h: IHeaders | undefined, k: string) => h?.[k]?.toString();
    // Only the hub announces deadlines: refused before any handler runs.
    expect(header(dead.headers, Headers.dlqReason)).toBe('SPOOFED_SENDER');
    expect((await api('GET', `/cases/${id}`)).body.deadline.state).toBe('DUE_SOON');
  });
});

describe('customer data over Kafka', () => {
  const header = (h: IHeaders | undefined, k: string) => h?.[k]?.toString();
  const raw = (e: Envelope) => producer.send({ topic: topics.caseIn('CH'), messages: [{ key: e.caseId, value: sealPayload('Envelope', encodeEnvelope(e), keys.signer(e.senderOperator)) }] });
  const deadLettered = (e: Envelope) => until(() => deadLetters.find((m) => decodeEnvelope(peekSigned(m.value).payload).messageId === e.messageId), `${e.messageId} on the DLQ`);

  it('opens what the partner sealed for CH, and dead-letters a case in clear or sealed for a key CH does not hold, storing nothing of either', async () => {
    const sealed = openedFor(randomUUID(), CasePriority.NORMAL);
    await send(sealed);
    const stored = await until(async () => (await api('GET', `/cases/${sealed.caseId}`)).body?.customer, 'the sealed case at CH');
    expect(stored).toMatchObject({ name: 'John Roe' });

    const clear = openedFor(randomUUID(), CasePriority.NORMAL);
    await raw(clear);
    expect(header((await deadLettered(clear)).headers, Headers.dlqReason)).toBe('INVALID_FIELD');
    expect(header((await deadLettered(clear)).headers, Headers.dlqDetail)).toMatch(/must travel sealed for the recipient/);

    const stranger = DevSigningKeys.generate(['CH']);
    const unreadable = await sealAsSent(openedFor(randomUUID(), CasePriority.NORMAL), stranger.sealer());
    await raw(unreadable);
    expect(header((await deadLettered(unreadable)).headers, Headers.dlqReason)).toBe('UNREADABLE_CONTENT');
    for (const e of [clear, unreadable]) expect((await api('GET', `/cases/${e.caseId}`)).status).toBe(404);
  });
});

describe('HTTP metrics', () => {
  it('counts the node’s requests on /metrics by route template, method and status class', async () => {
    const scrape = async () => (await (await fetch(`${node.url}/metrics`, { headers: await authorization(node.url, 'anna.meier') })).text()).split('\n');
    const value = (lines: string[], series: string) => Number(lines.find((l) => l.startsWith(`${series} `))?.slice(series.length + 1) ?? 0);
    const notFound = 'http_requests_total{method="GET",route="/cases/:caseId",status_class="4xx"}';
    const unmatched = 'http_requests_total{method="GET",route="unmatched",status_class="4xx"}';
    const before = await scrape();
    expect((await api('GET', `/cases/${randomUUID()}`)).status).toBe(404);
    expect((await api('GET', '/no-such-route')).status).toBe(404);
    const after = await scrape();
    expect(value(after, notFound) - value(before, notFound)).toBe(1);
    expect(value(after, unmatched) - value(before, unmatched)).toBe(1);
    expect(after.some((l) => l.startsWith('http_request_duration_seconds_count{method="GET",route="/cases/:caseId",status_class="4xx"}'))).toBe(true);
    expect(after.some((l) => l.startsWith('# TYPE http_server_errors_total counter'))).toBe(true);
  });
});

describe('alerts', () => {
  it('streams a committed alert to a connected client as it happens: an urgent inquiry arriving over Kafka', async () => {
    const stream = await SseReader.open('/alerts/stream');
    const japanese = await SseReader.open('/alerts/stream', { 'accept-language': 'ja' });
    try {
      const caseId = randomUUID();
      await send(openedFor(caseId, CasePriority.URGENT));
      const urgent = await stream.waitFor((e) => e.event === 'URGENT_INQUIRY' && e.data.caseId === caseId, 'URGENT_INQUIRY');
      const fresh = stream.events.find((e) => e.event === 'NEW_INQUIRY' && e.data.caseId === caseId)!;
      expect(fresh).toBeDefined();
      expect(BigInt(urgent.id!)).toBeGreaterThan(BigInt(fresh.id!));
      expect(urgent.data).toMatchObject({
        id: urgent.id, type: 'URGENT_INQUIRY', caseId, itemId: 'RB123456785GB', audience: 'AGENTS', assignee: null,
        payload: { direction: 'INCOMING', partnerOperator: 'US', priority: 'URGENT', inquiryType: 'GENERIC', status: 'OPEN', openedBy: 'bob' },
      });
      expect(Date.parse(urgent.data.createdAt)).not.toBeNaN();
      // Labels in each client's language, the time on the node's clock; the codes stay as they are.
      const labels = (language: 'de' | 'ja') => ({
        type: label('alertType', 'URGENT_INQUIRY', language),
        payload: { inquiryType: label('inquiryType', 'GENERIC', language), priority: label('casePriority', 'URGENT', language), status: label('caseStatus', 'OPEN', language) },
      });
      expect(urgent.data.display).toMatchObject({ language: 'de', timeZone: 'Europe/Zurich', ...labels('de') });
      expect(urgent.data.display.createdAt).toContain(clock('de', 'Europe/Zurich', urgent.data.createdAt));
      const inJapanese = await japanese.waitFor((e) => e.event === 'URGENT_INQUIRY' && e.data.caseId === caseId, 'URGENT_INQUIRY in Japanese');
      expect(inJapanese.data.display).toMatchObject({ language: 'ja', timeZone: 'Europe/Zurich', ...labels('ja') });
      expect(inJapanese.data.display.createdAt).toContain(clock('ja', 'Europe/Zurich', urgent.data.createdAt));
      expect({ ...inJapanese.data, display: null }).toEqual({ ...urgent.data, display: null });
      // A quiet stream still carries the heartbeat comment.
      await until(() => stream.comments.some((c) => c.startsWith('heartbeat')), 'a heartbeat');
    } finally {
      await stream.close();
      await japanese.close();
    }
  });

  it('replays what a client missed after its Last-Event-ID (or ?since=), then goes on live, each alert once and in order', async () => {
    const caseId = await insertCase();
    const [first] = await raiseAlerts(newAlert(caseId, 'TRACKING_UPDATED', 'r1'));
    await raiseAlerts(newAlert(caseId, 'REPLY_RECEIVED', 'r2'), newAlert(caseId, 'OVERDUE', 'r3'));
    const resumed = await SseReader.open('/alerts/stream?since=0', { 'last-event-id': first });
    const bySince = await SseReader.open(`/alerts/stream?since=${first}`);
    try {
      await raiseAlerts(newAlert(caseId, 'REMINDER', 'r4'));
      for (const s of [resumed, bySince]) {
        await s.waitFor((e) => e.data.payload.marker === 'r4', 'the live alert after the replay');
        const mine = s.events.filter((e) => e.data.caseId === caseId);
        expect(mine.map((e) => `${e.event}:${e.data.payload.marker}`)).toEqual(['REPLY_RECEIVED:r2', 'OVERDUE:r3', 'REMINDER:r4']);
        const ids = s.events.map((e) => BigInt(e.id!));
        expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
        expect(ids[0]).toBeGreaterThan(BigInt(first));
      }
    } finally {
      await resumed.close();
      await bySince.close();
    }
  });

  it('sends only the types and audience asked for, and never an alert whose change rolled back', async () => {
    const caseId = await insertCase();
    const other = await insertCase();
    const stream = await SseReader.open(`/alerts/stream?types=OVERDUE,ESCALATED&audience=SUPERVISORS&caseId=${caseId}`);
    try {
      await raiseAlerts(newAlert(caseId, 'OVERDUE', 'agents-only'), newAlert(caseId, 'NEW_INQUIRY', 'wrong-type', 'SUPERVISORS'), newAlert(other, 'ESCALATED', 'other-case', 'SUPERVISORS'));
      await expect(ds.transaction(async (tx) => {
        await node.app.get(AlertWriter).raise(tx, newAlert(caseId, 'ESCALATED', 'rolled-back', 'SUPERVISORS'));
        throw new Error('the escalation failed');
      })).rejects.toThrow('the escalation failed');
      await raiseAlerts(newAlert(caseId, 'ESCALATED', 'sentinel', 'SUPERVISORS'));
      await stream.waitFor((e) => e.data.payload.marker === 'sentinel', 'the escalation');
      expect(stream.events.map((e) => e.data.payload.marker)).toEqual(['sentinel']);
    } finally {
      await stream.close();
    }
    const bad = await fetch(`${node.url}/alerts/stream?types=OVERDUE,LATE`, { headers: await authorization(node.url, 'anna.meier') });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_ALERT_TYPE' });
    expect((await api('GET', '/alerts/stream?audience=ALL')).body).toMatchObject({ code: 'INVALID_AUDIENCE' });
    expect((await api('GET', '/alerts/stream?caseId=42')).body).toMatchObject({ code: 'INVALID_CASE_ID' });
    expect((await api('GET', '/alerts/stream', undefined, { 'last-event-id': 'abc' })).body).toMatchObject({ code: 'INVALID_LAST_EVENT_ID' });
  });

  it('lists alerts after an id page by page, or the newest ones, with the same filters', async () => {
    const caseId = await insertCase();
    const ids = await raiseAlerts(...['l1', 'l2', 'l3', 'l4', 'l5'].map((m) => newAlert(caseId, 'TRACKING_UPDATED', m)));
    const start = (BigInt(ids[0]) - 1n).toString();
    const page1 = await api('GET', `/alerts?since=${start}&limit=3&caseId=${caseId}`);
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ nextSince: ids[2], hasMore: true });
    expect(page1.body.items.map((a: any) => a.payload.marker)).toEqual(['l1', 'l2', 'l3']);
    // A payload without coded fields has nothing to label; type and time are always shown.
    expect(page1.body.items[0].display).toEqual({
      language: 'de', locale: 'de', timeZone: 'Europe/Zurich', direction: 'ltr', type: label('alertType', 'TRACKING_UPDATED', 'de'), createdAt: expect.stringContaining(clock('de', 'Europe/Zurich', page1.body.items[0].createdAt)), payload: {},
    });
    const inJapanese = await api('GET', `/alerts?since=${start}&limit=3&caseId=${caseId}`, undefined, { 'accept-language': 'ja' });
    expect(inJapanese.body.items.map((a: any) => a.display.type)).toEqual(Array(3).fill(label('alertType', 'TRACKING_UPDATED', 'ja')));
    const page2 = await api('GET', `/alerts?since=${page1.body.nextSince}&limit=3&caseId=${caseId}`);
    expect(page2.body).toMatchObject({ nextSince: ids[4], hasMore: false });
    expect(page2.body.items.map((a: any) => a.payload.marker)).toEqual(['l4', 'l5']);
    const newest = await api('GET', `/alerts?limit=2&caseId=${caseId}`);
    expect(newest.body.items.map((a: any) => a.payload.marker)).toEqual(['l4', 'l5']);
    expect((await api('GET', `/alerts?caseId=${caseId}&types=OVERDUE`)).body).toMatchObject({ items: [], nextSince: '0', hasMore: false });
    for (const [query, code] of [['limit=0', 'INVALID_LIMIT'], ['since=-1', 'INVALID_ALERT_ID'], ['caseId=x', 'INVALID_CASE_ID'], ['types=NOPE', 'INVALID_ALERT_TYPE']]) {
      expect({ query, ...(await api('GET', `/alerts?${query}`)) }).toMatchObject({ query, status: 400, body: { code } });
    }
  });

  it('documents the new operations with stable operationIds', async () => {
    const doc = (await api('GET', '/docs-json')).body as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.paths['/queues'].get.operationId).toBe('listQueue');
    expect(doc.paths['/cases/{caseId}/assignee'].put.operationId).toBe('assignCase');
    expect(doc.paths['/alerts/stream'].get.operationId).toBe('streamAlerts');
    expect(doc.paths['/alerts'].get.operationId).toBe('listAlerts');
    // Where labels are rendered, the reader's headers and the display objects are documented.
    const full: any = doc;
    for (const path of ['/queues', '/alerts', '/alerts/stream', '/items/{itemId}/timeline']) {
      expect({ path, headers: full.paths[path].get.parameters.filter((p: any) => p.in === 'header').map((p: any) => p.name) }).toEqual({ path, headers: expect.arrayContaining(['Accept-Language']) });
    }
    const fieldsOf = (schema: string) => Object.keys(full.components.schemas[schema]?.properties ?? {});
    expect(fieldsOf('AlertResponse')).toContain('display');
    expect(fieldsOf('AlertDisplay')).toEqual(expect.arrayContaining(['language', 'locale', 'timeZone', 'direction', 'type', 'createdAt', 'payload']));
    expect(fieldsOf('AlertPayloadDisplay')).toEqual(expect.arrayContaining(['inquiryType', 'priority', 'status', 'kind', 'outcome', 'reason', 'deadlineState', 'dueAt', 'lastCode', 'customerLanguage']));
    expect(fieldsOf('QueueListResponse')).toContain('display');
    expect(fieldsOf('QueueLabelsResponse').sort()).toEqual([...WORK_QUEUES].sort());
    expect(fieldsOf('ItemTimelineResponse')).toContain('display');
    expect(fieldsOf('TimelineEventDisplay')).toEqual(expect.arrayContaining(['code', 'leg', 'nonDeliveryReason', 'nonDeliveryAction', 'occurredAt', 'occurredAtLocal']));
    expect(fieldsOf('ItemTimelineDisplay')).toEqual(expect.arrayContaining(['language', 'currentStatus', 'postedAt', 'deliveredAt']));
  });

  it('ends open streams when the node shuts down, so it can stop', async () => {
    const stream = await SseReader.open('/alerts/stream');
    await until(() => node.app.get(AlertStreams).openStreams > 0, 'the stream to register');
    await node.app.close();
    await until(() => stream.ended, 'the stream to end');
  });
});
