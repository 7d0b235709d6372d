import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  BROKER_SENDER_CODE, buildEnvelope, CaseAcceptedSchema, CaseMessageAddedSchema, CaseOpenedSchema,
  InquiryReason, CasePriority, CaseRefusedSchema, CaseResolvedSchema,
  create, CustomerContactSchema, Envelope, InquiryType, LanguageSource, LocalizedTextSchema, MessageKind, RefusalReason, ReplyOutcome, RequestedAction, ResolutionCode, timestampFromDate, TopicNames,
} from '@postbridge/contracts';
import { CaseMessageEntity } from '../shared/case-message.entity';
import { DomainError } from '@postbridge/domain';
import { EnvelopeContext, OutboxWriter, PoisonMessageError } from '@postbridge/messaging';
import { createTestDatabase, TestDatabase } from '../../../../../test/harness/database';
import { AlertWriter } from '../../alerts/shared/alert-writer';
import { buildOperatorNodeDataSourceOptions } from '../../database/operator-node-data-source';
import { NodeContext } from '../../node-context';
import { CaseAnonymiser } from '../../privacy/shared/case-anonymiser';
import { Erasure } from '../../privacy/shared/erasure';
import { TypeOrmErasureRepository } from '../../privacy/shared/erasure.repository.typeorm';
import { TypeOrmCaseRepository } from '../shared/case.repository.typeorm';
import { CaseEntity } from '../shared/case.entity';
import { ApplyInboundCaseHandler } from './apply-inbound-case.handler';
import { InboundCaseQuota } from './inbound-case-quota';
import { Registry } from 'prom-client';
import { throwawaySigner } from '@postbridge/dev-infra';

// The node's inbound handler against a real database, each message in its own transaction with the
// real outbox writer, as the Kafka transport runs it.

const topics = new TopicNames('pbit');
let db: TestDatabase;
let ds: DataSource;
const handlers = new Map<string, ApplyInboundCaseHandler>();

function handlerFor(code: string): ApplyInboundCaseHandler {
  if (!handlers.has(code)) handlers.set(code, new ApplyInboundCaseHandler(new NodeContext(code, code, code === 'US' ? 'US' : 'CH', 'UTC', ['en'], topics), new TypeOrmCaseRepository(ds), new AlertWriter(), new InboundCaseQuota(0, new Registry()), new TypeOrmErasureRepository(ds)));
  return handlers.get(code)!;
}

/** `after`: runs in the same transaction once the handler is done (e.g. the transport failing to commit). */
async function apply(node: string, e: Envelope, after?: () => Promise<void>): Promise<void> {
  const h = handlerFor(node);
  const method = { 'case.opened': 'caseOpened', 'case.accepted': 'caseAccepted', 'case.message_added': 'caseMessageAdded', 'case.resolved': 'caseResolved', 'case.refused': 'caseRefused' }[e.type] as keyof ApplyInboundCaseHandler;
  await ds.transaction(async (manager) => {
    const ctx = new EnvelopeContext([topics.caseIn(node), 0, '0', {}, manager, new OutboxWriter(throwawaySigner('US')), null]);
    await (h[method] as (e: Envelope, c: EnvelopeContext) => Promise<void>).call(h, e, ctx);
    await after?.();
  });
}

const opened = (caseId: string, o: { origin?: string; destination?: string; itemId?: string; priority?: CasePriority } = {}) =>
  buildEnvelope({
    type: 'case.opened', sender: o.origin ?? 'CH', recipient: o.destination ?? 'US', caseId,
    body: create(CaseOpenedSchema, { reasons: [InquiryReason.NOT_ARRIVED],
      itemId: o.itemId ?? 'RB123456785GB', inquiryType: InquiryType.PROOF_OF_DELIVERY, originOperator: o.origin ?? 'CH', destinationOperator: o.destination ?? 'US',
      customer: create(CustomerContactSchema, { name: 'Jane', preferredLanguage: 'de' }),
      description: create(LocalizedTextSchema, { text: 'Wo ist mein Paket?', language: 'de' }),
      openedBy: { agentId: 'anna', displayName: 'Anna', operatorCode: 'CH' },
      priority: o.priority,
    }),
  });
const message = (caseId: string, kind: MessageKind, sender: string, recipient: string) =>
  buildEnvelope({ type: 'case.message_added', sender, recipient, caseId, body: create(CaseMessageAddedSchema, { messageRef: randomUUID(), kind, body: { text: 'text', language: 'en' }, author: { agentId: 'bob' } }) });
const resolved = (caseId: string, sender = 'CH', recipient = 'US') =>
  buildEnvelope({ type: 'case.resolved', sender, recipient, caseId, body: create(CaseResolvedSchema, { resolutionCode: ResolutionCode.RETURNED_TO_SENDER }) });

const caseAt = (id: string) => ds.manager.findOneByOrFail(CaseEntity, { id });
const history = async (id: string) => (await ds.query(`SELECT action, operator_code, to_status FROM case_history WHERE case_id = $1 ORDER BY occurred_at, id`, [id])).map((r: any) => `${r.action}@${r.operator_code}→${r.to_status}`);
const outboxTypes = async (key: string) => (await ds.query(`SELECT headers->>'pb-type' AS t, topic FROM outbox_messages WHERE message_key = $1 ORDER BY id`, [key])).map((r: any) => `${r.t}→${r.topic}`);

const alertsOf = async (id: string) =>
  (await ds.query(`SELECT type, audience, assignee, payload FROM node_alerts WHERE case_id = $1 ORDER BY id`, [id])) as Array<{ type: string; audience: string; assignee: string | null; payload: any }>;

/** The origin's own copy, as its REST API would have stored it. */
const insertOriginCase = (id: string, destination: string, status: string, version: number) =>
  ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, description_text, description_language, opened_by_agent, opened_at, last_activity_at, version)
     VALUES ($1, 'RB123456785GB', 'REGISTERED', 'GENERIC', 'CH', $2, $3, 'Jane', 'x', 'en', 'anna', now(), now(), $4)`,
    [id, destination, status, version],
  );

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false });
  await ds.initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('ApplyInboundCaseHandler', () => {
  it('stores an incoming case as OPEN with both history entries and answers with case.accepted in the same transaction', async () => {
    const id = randomUUID();
    await apply('US', opened(id));
    const c = await caseAt(id);
    expect(c).toMatchObject({ status: 'OPEN', originOperator: 'CH', destinationOperator: 'US', inquiryType: 'PROOF_OF_DELIVERY', productFamily: 'REGISTERED', customerLanguage: 'de', descriptionLanguage: 'de', openedByAgent: 'anna' });
    expect(await history(id)).toEqual(['OPENED@CH→SUBMITTED', 'DELIVERED@US→OPEN']);
    expect(await outboxTypes(id)).toEqual(['case.accepted→pbit.op.US.case.out']);
  });

  it('stores the coded content of an opening and of a reply; a sender older than language_source reads as GIVEN', async () => {
    const id = randomUUID();
    const e = opened(id);
    Object.assign(e.body.value!, {
      reasons: [InquiryReason.DAMAGED, InquiryReason.CONTENTS_MISSING],
      requestedActions: [RequestedAction.COMPENSATE],
      description: create(LocalizedTextSchema, { text: 'Karton leer', language: 'de', languageSource: LanguageSource.DETECTED }),
    });
    await apply('US', e);
    expect(await caseAt(id)).toMatchObject({ reasons: ['DAMAGED', 'CONTENTS_MISSING'], requestedActions: ['COMPENSATE'], descriptionLanguage: 'de', descriptionLanguageSource: 'DETECTED' });

    const origin = randomUUID();
    await insertOriginCase(origin, 'US', 'OPEN', 2);
    const deliveredAt = new Date('2026-11-20T23:30:00Z');
    const reply = buildEnvelope({
      type: 'case.message_added', sender: 'US', recipient: 'CH', caseId: origin,
      body: create(CaseMessageAddedSchema, {
        messageRef: randomUUID(), kind: MessageKind.REPLY, body: { text: 'Delivered.', language: 'en' }, author: { agentId: 'bob' },
        outcome: ReplyOutcome.DELIVERED_WITH_SIGNATURE, eventAt: timestampFromDate(deliveredAt), signedBy: 'J. Doe', office: 'New York 10001', templateId: 'DELIVERED_WITH_SIGNATURE',
      }),
    });
    await apply('CH', reply);
    const stored = await ds.manager.findOneByOrFail(CaseMessageEntity, { caseId: origin });
    expect(stored).toMatchObject({
      outcome: 'DELIVERED_WITH_SIGNATURE', eventAt: deliveredAt, signedBy: 'J. Doe', office: 'New York 10001', templateId: 'DELIVERED_WITH_SIGNATURE', bodyLanguage: 'en', bodyLanguageSource: 'GIVEN',
    });
  });

  it('dead-letters an opening with a reason code this node cannot label', async () => {
    const id = randomUUID();
    const e = opened(id);
    (e.body.value as { reasons: number[] }).reasons = [InquiryReason.DAMAGED, 99];
    await expect(apply('US', e)).rejects.toBeInstanceOf(PoisonMessageError);
    expect(await ds.manager.findOneBy(CaseEntity, { id })).toBeNull();
  });

  it('moves the origin copy through accepted, replied, resolved, bumping the version each time', async () => {
    const id = randomUUID();
    await insertOriginCase(id, 'US', 'SUBMITTED', 1);
    await apply('CH', buildEnvelope({ type: 'case.accepted', sender: 'US', recipient: 'CH', caseId: id, body: create(CaseAcceptedSchema, {}) }));
    expect((await caseAt(id)).status).toBe('OPEN');
    await apply('CH', message(id, MessageKind.INFO_REQUEST, 'US', 'CH'));
    expect((await caseAt(id)).status).toBe('AWAITING_INFO');
    await apply('CH', message(id, MessageKind.REPLY, 'US', 'CH'));
    const answered = await caseAt(id);
    expect(answered).toMatchObject({ status: 'ANSWERED', version: 4 });
    expect(await history(id)).toEqual(['DELIVERED@US→OPEN', 'MESSAGE_ADDED@US→AWAITING_INFO', 'MESSAGE_ADDED@US→ANSWERED']);
  });

  it('keeps a reply that crossed the resolution, marked, without reopening the case', async () => {
    const id = randomUUID();
    await apply('US', opened(id));
    await apply('US', resolved(id));
    await apply('US', message(id, MessageKind.INFO, 'CH', 'US'));
    expect((await caseAt(id)).status).toBe('RESOLVED');
    const [m] = await ds.query(`SELECT received_after_close FROM case_messages WHERE case_id = $1`, [id]);
    expect(m.received_after_close).toBe(true);
  });

  it('marks the case REFUSED when the broker refuses the opening, and only records a refused later message', async () => {
    const id = randomUUID();
    await insertOriginCase(id, 'ZZ', 'SUBMITTED', 1);
    const refusal = (refusedType: string) =>
      buildEnvelope({ type: 'case.refused', sender: BROKER_SENDER_CODE, recipient: 'CH', caseId: id, body: create(CaseRefusedSchema, { reason: RefusalReason.UNKNOWN_DESTINATION, detail: 'ZZ is not in the network', refusedType, refusedMessageId: randomUUID() }) });
    await apply('CH', refusal('case.message_added'));
    expect((await caseAt(id)).status).toBe('SUBMITTED');
    await apply('CH', refusal('case.opened'));
    expect(await caseAt(id)).toMatchObject({ status: 'REFUSED', refusalReason: 'UNKNOWN_DESTINATION', refusalDetail: 'ZZ is not in the network' });
    expect(await history(id)).toEqual(['MESSAGE_REFUSED@PBHUB→SUBMITTED', 'REFUSED@PBHUB→REFUSED']);
  });

  it('does not undo an accepted case when a re-sent opening is refused', async () => {
    const id = randomUUID();
    await insertOriginCase(id, 'US', 'OPEN', 2);
    await apply('CH', buildEnvelope({ type: 'case.refused', sender: BROKER_SENDER_CODE, recipient: 'CH', caseId: id, body: create(CaseRefusedSchema, { reason: RefusalReason.INVALID_MESSAGE, detail: 'already open', refusedType: 'case.opened' }) }));
    expect((await caseAt(id)).status).toBe('OPEN');
    expect(await history(id)).toEqual(['MESSAGE_REFUSED@PBHUB→OPEN']);
  });

  it('refuses what can never apply: poison for bad routing and payloads, domain errors for rule violations', async () => {
    const id = randomUUID();
    await expect(apply('US', opened(id, { destination: 'DE' }))).rejects.toMatchObject({ code: 'MISDIRECTED' });
    await expect(apply('US', opened(id, { itemId: 'RB123456786GB' }))).rejects.toBeInstanceOf(PoisonMessageError);
    await expect(apply('US', resolved(randomUUID()))).rejects.toMatchObject({ code: 'UNKNOWN_CASE' });
    await apply('US', opened(id));
    await expect(apply('US', message(id, MessageKind.REPLY, 'DE', 'US'))).rejects.toMatchObject({ code: 'NOT_A_PARTY' });
    await expect(apply('US', resolved(id, 'US', 'CH'))).rejects.toBeInstanceOf(DomainError);
    await expect(
      apply('US', buildEnvelope({ type: 'case.refused', sender: 'CH', recipient: 'US', caseId: id, body: create(CaseRefusedSchema, {}) })),
    ).rejects.toMatchObject({ code: 'TYPE_NOT_ACCEPTED' });
    await expect(apply('US', buildEnvelope({ type: 'case.message_added', sender: 'CH', recipient: 'US', caseId: id, body: create(CaseMessageAddedSchema, { messageRef: 'not-a-uuid', kind: MessageKind.INFO, body: { text: 'x', language: 'en' } }) }))).rejects.toMatchObject({ code: 'INVALID_FIELD' });
    await expect(apply('US', buildEnvelope({ type: 'case.resolved', sender: BROKER_SENDER_CODE, recipient: 'US', caseId: id, body: create(CaseResolvedSchema, { resolutionCode: ResolutionCode.OTHER }) }))).rejects.toMatchObject({ code: 'NOT_A_PARTY' });
    // Nothing of the failed attempts was kept.
    expect(await history(id)).toEqual(['OPENED@CH→SUBMITTED', 'DELIVERED@US→OPEN']);
  });

  it('keeps the priority of an incoming case and alerts its agents: new inquiry, and urgent inquiry when urgent', async () => {
    const urgent = randomUUID();
    await apply('US', opened(urgent, { priority: CasePriority.URGENT }));
    expect((await caseAt(urgent)).priority).toBe('URGENT');
    const alerts = await alertsOf(urgent);
    expect(alerts.map((a) => `${a.type}/${a.audience}`)).toEqual(['NEW_INQUIRY/AGENTS', 'URGENT_INQUIRY/AGENTS']);
    expect(alerts[0]).toMatchObject({ assignee: null, payload: { direction: 'INCOMING', partnerOperator: 'CH', inquiryType: 'PROOF_OF_DELIVERY', priority: 'URGENT', status: 'OPEN', openedBy: 'anna' } });

    const normal = randomUUID();
    await apply('US', opened(normal, { priority: CasePriority.NORMAL }));
    const unspecified = randomUUID();
    await apply('US', opened(unspecified));
    for (const id of [normal, unspecified]) {
      expect((await caseAt(id)).priority).toBe('NORMAL');
      expect((await alertsOf(id)).map((a) => a.type)).toEqual(['NEW_INQUIRY']);
    }
    // A second copy of the opening is ignored, and alerts nobody again.
    await apply('US', opened(urgent, { priority: CasePriority.URGENT }));
    expect(await alertsOf(urgent)).toHaveLength(2);
  });

  it('alerts on a message from the partner and records the destination\'s first response', async () => {
    const id = randomUUID();
    await insertOriginCase(id, 'US', 'OPEN', 2);
    await apply('CH', message(id, MessageKind.INFO_REQUEST, 'US', 'CH'));
    const first = await caseAt(id);
    expect(first.firstResponseAt).toBeInstanceOf(Date);
    await apply('CH', message(id, MessageKind.REPLY, 'US', 'CH'));
    expect((await caseAt(id)).firstResponseAt).toEqual(first.firstResponseAt);
    expect((await alertsOf(id)).map((a) => [a.type, a.payload.kind, a.payload.direction, a.payload.status])).toEqual([
      ['REPLY_RECEIVED', 'INFO_REQUEST', 'OUTGOING', 'AWAITING_INFO'],
      ['REPLY_RECEIVED', 'REPLY', 'OUTGOING', 'ANSWERED'],
    ]);

    // Information from the origin is not a response of the destination.
    const incoming = randomUUID();
    await apply('US', opened(incoming));
    await apply('US', message(incoming, MessageKind.INFO, 'CH', 'US'));
    expect((await caseAt(incoming)).firstResponseAt).toBeNull();
    expect((await alertsOf(incoming)).map((a) => a.type)).toEqual(['NEW_INQUIRY', 'REPLY_RECEIVED']);
  });

  it('alerts the origin when the network refuses its case or a later message', async () => {
    const id = randomUUID();
    await insertOriginCase(id, 'ZZ', 'SUBMITTED', 1);
    const refusal = (refusedType: string) =>
      buildEnvelope({ type: 'case.refused', sender: BROKER_SENDER_CODE, recipient: 'CH', caseId: id, body: create(CaseRefusedSchema, { reason: RefusalReason.NO_SHARED_NETWORK, detail: 'CH and ZZ share no network for REGISTERED', refusedType }) });
    await apply('CH', refusal('case.message_added'));
    await apply('CH', refusal('case.opened'));
    expect((await alertsOf(id)).map((a) => [a.type, a.payload.reason, a.payload.refusedType, a.payload.status])).toEqual([
      ['CASE_REFUSED', 'NO_SHARED_NETWORK', 'case.message_added', 'SUBMITTED'],
      ['CASE_REFUSED', 'NO_SHARED_NETWORK', 'case.opened', 'REFUSED'],
    ]);
  });

  it("records when this node learned of the closing (closed_at, its own clock) apart from the partner's time of the resolution", async () => {
    const partnerClock = new Date('2031-03-01T00:00:00Z'); // a partner clock years ahead
    const id = randomUUID();
    await apply('US', opened(id));
    expect((await caseAt(id)).closedAt).toBeNull();
    const before = Date.now();
    await apply('US', buildEnvelope({ type: 'case.resolved', sender: 'CH', recipient: 'US', caseId: id, occurredAt: partnerClock, body: create(CaseResolvedSchema, { resolutionCode: ResolutionCode.DELIVERED }) }));
    const c = await caseAt(id);
    expect(c.resolvedAt).toEqual(partnerClock);
    expect(c.closedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(c.closedAt!.getTime()).toBeLessThanOrEqual(Date.now());

    // A refused opening closes the origin's copy: its closing time is this node's too.
    const refused = randomUUID();
    await insertOriginCase(refused, 'ZZ', 'SUBMITTED', 1);
    const beforeRefusal = Date.now();
    await apply('CH', buildEnvelope({ type: 'case.refused', sender: BROKER_SENDER_CODE, recipient: 'CH', caseId: refused, occurredAt: new Date('2020-01-01T00:00:00Z'), body: create(CaseRefusedSchema, { reason: RefusalReason.UNKNOWN_DESTINATION, detail: 'ZZ', refusedType: 'case.opened' }) }));
    expect((await caseAt(refused)).closedAt!.getTime()).toBeGreaterThanOrEqual(beforeRefusal);
  });

  it('raises no alert when the effect does not commit', async () => {
    const id = randomUUID();
    await expect(apply('US', opened(id, { priority: CasePriority.URGENT }), async () => {
      throw new Error('inbox commit failed');
    })).rejects.toThrow('inbox commit failed');
    expect(await ds.query(`SELECT id FROM cases WHERE id = $1`, [id])).toEqual([]);
    expect(await alertsOf(id)).toEqual([]);

    // A message refused by the state machine leaves no alert either.
    await apply('US', opened(id));
    await expect(apply('US', message(id, MessageKind.REPLY, 'CH', 'US'))).rejects.toBeInstanceOf(DomainError);
    expect((await alertsOf(id)).map((a) => a.type)).toEqual(['NEW_INQUIRY']);
  });
});

describe('ApplyInboundCaseHandler on a case whose personal data was removed', () => {
  const say = (caseId: string, kind: MessageKind, sender: string, recipient: string, text: string, reply: { signedBy?: string; outcome?: ReplyOutcome; office?: string } = {}) =>
    buildEnvelope({ type: 'case.message_added', sender, recipient, caseId, body: create(CaseMessageAddedSchema, { messageRef: randomUUID(), kind, body: { text, language: 'en' }, author: { agentId: 'bob' }, ...reply }) });
  const erase = (id: string) => ds.transaction((m) => new CaseAnonymiser().anonymise(m, [id], 'ERASURE', new Date('2027-01-05T10:00:00Z')));
  const messagesOf = (id: string) => ds.query(`SELECT kind, body_text, signed_by, outcome, office, received_after_close FROM case_messages WHERE case_id = $1 ORDER BY created_at, id`, [id]);

  it("stores the partner's messages and resolution note without their text and signer, before and after the close", async () => {
    // Origin CH: the erasure was forced while the case was open; the partner replies afterwards.
    const outgoing = randomUUID();
    await insertOriginCase(outgoing, 'US', 'OPEN', 2);
    await erase(outgoing);
    await apply('CH', say(outgoing, MessageKind.REPLY, 'US', 'CH', 'Handed to J. Doe, 5th Avenue 12.', { signedBy: 'J. Doe', outcome: ReplyOutcome.DELIVERED_WITH_SIGNATURE, office: 'New York 10001' }));
    expect(await messagesOf(outgoing)).toEqual([{ kind: 'REPLY', body_text: '', signed_by: null, outcome: 'DELIVERED_WITH_SIGNATURE', office: 'New York 10001', received_after_close: false }]);
    expect((await caseAt(outgoing)).status).toBe('ANSWERED');

    // Destination US: the origin writes and resolves with a note, then a message crosses the close.
    const incoming = randomUUID();
    await apply('US', opened(incoming));
    await erase(incoming);
    await apply('US', say(incoming, MessageKind.INFO, 'CH', 'US', 'Her new address: Seestrasse 4.'));
    await apply('US', buildEnvelope({ type: 'case.resolved', sender: 'CH', recipient: 'US', caseId: incoming, body: create(CaseResolvedSchema, { resolutionCode: ResolutionCode.DELIVERED, note: { text: 'Jane found it at Seestrasse 4.', language: 'en' } }) }));
    await apply('US', say(incoming, MessageKind.INFO, 'CH', 'US', 'Jane says thank you.'));
    expect(await messagesOf(incoming)).toEqual([
      { kind: 'INFO', body_text: '', signed_by: null, outcome: null, office: null, received_after_close: false },
      { kind: 'INFO', body_text: '', signed_by: null, outcome: null, office: null, received_after_close: true },
    ]);
    expect(await caseAt(incoming)).toMatchObject({ status: 'RESOLVED', resolutionCode: 'DELIVERED', resolutionNoteText: null, personalDataRemoval: 'ERASURE' });

    // A case with its data keeps the partner's texts.
    const kept = randomUUID();
    await apply('US', opened(kept));
    await apply('US', say(kept, MessageKind.INFO, 'CH', 'US', 'Her new address: Seestrasse 4.'));
    expect((await messagesOf(kept))[0].body_text).toBe('Her new address: Seestrasse 4.');
  });

  it('stores an opening the partner erased before it arrived already anonymised; an erasure by another post does not count', async () => {
    const erasures = new TypeOrmErasureRepository(ds);
    const erasedAt = new Date('2027-01-04T08:00:00Z');
    const id = randomUUID();
    await erasures.insert(ds.manager, Erasure.fromPartner(randomUUID(), id, 'CH', { id: 'ch.dpo', displayName: 'CH DPO' }, true, erasedAt));
    await apply('US', opened(id));
    expect(await caseAt(id)).toMatchObject({
      status: 'OPEN', itemId: 'RB123456785GB', customerName: '', customerEmail: null, customerPhone: null, customerLanguage: null, descriptionText: '', descriptionLanguage: 'de',
      personalDataRemovedAt: erasedAt, personalDataRemoval: 'ERASURE',
    });
    expect((await alertsOf(id)).map((a) => [a.type, a.payload.customerLanguage ?? null])).toEqual([['NEW_INQUIRY', null]]);
    expect(await outboxTypes(id)).toEqual(['case.accepted→pbit.op.US.case.out']);

    const other = randomUUID();
    await erasures.insert(ds.manager, Erasure.fromPartner(randomUUID(), other, 'DE', { id: 'de.dpo', displayName: 'DE DPO' }, false, erasedAt));
    await apply('US', opened(other));
    expect(await caseAt(other)).toMatchObject({ customerName: 'Jane', descriptionText: 'Wo ist mein Paket?', personalDataRemovedAt: null });
  });
});
