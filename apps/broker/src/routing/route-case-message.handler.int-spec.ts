import { Logger } from '@nestjs/common';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  buildEnvelope,
  CaseAcceptedSchema,
  CaseDeadline,
  CaseDeadlineSchema,
  CaseMessageAddedSchema,
  CaseOpenedSchema,
  InquiryReason,
  ReplyOutcome,
  CaseRefused,
  CaseRefusedSchema,
  CaseResolvedSchema,
  create,
  DeadlineEventKind,
  Envelope,
  decodeEnvelope,
  EncryptionKey,
  EncryptionKeyDirectory,
  encodeEnvelope,
  InquiryType,
  MessageKind,
  RefusalReason,
  ResolutionCode,
  TopicNames,
} from '@postbridge/contracts';
import { PRODUCT_FAMILIES, s10CheckDigit } from '@postbridge/domain';
import { OutboxEntry, OutboxWriter, PoisonMessageError } from '@postbridge/messaging';
import { ManualClock } from '@postbridge/platform';
import { Registry } from 'prom-client';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { BROKER_SENDER_CODE } from '../broker.constants';
import { CaseIndexEntity } from '../case-index/shared/case-index.entity';
import { TypeOrmCaseIndexRepository } from '../case-index/shared/case-index.repository.typeorm';
import { buildBrokerDataSourceOptions } from '../database/broker-data-source';
import { DeadlineMetrics } from '../deadlines/shared/deadline.metrics';
import { TrackingAuthorityMetrics } from './tracking-authority.metrics';
import { TypeOrmDeadlineRepository } from '../deadlines/shared/deadline.repository.typeorm';
import { DeadlineService } from '../deadlines/shared/deadline.service';
import { OperatorRegistry } from '../registry/operator-registry';
import { TypeOrmTrackingRouteRepository } from '../tracking-routes/shared/tracking-route.repository.typeorm';
import { RouteCaseMessageHandler, RoutingOutcome } from './route-case-message.handler';
import { RouteTrackingBatchHandler } from './route-tracking-batch.handler';
import { DevSigningKeys, sealAsSent, throwawaySigner } from '@postbridge/dev-infra';

// The routing handler against a real database, without Kafka: each message runs in its own
// transaction like the transport's, with an enqueue that records entries and writes the real outbox.

const ITEM = 'RB123456785GB';
const topics = new TopicNames('pbit');
const weekdays = { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] } as const;
const operator = (code: string, active = true, networks = ['ALL', 'ECOM']) => ({
  code,
  name: `${code} Post`,
  country: 'CH',
  timeZone: 'UTC',
  languages: ['en'],
  active,
  networks,
  calendar: { timeZone: 'UTC', weeklyHours: weekdays },
});
const agreement = (code: string, productFamilies: readonly string[], inquiryTypes: readonly string[]) => ({
  code,
  name: code,
  productFamilies: productFamilies as (typeof PRODUCT_FAMILIES)[number][],
  inquiryTypes: inquiryTypes as Array<'FULL_INVESTIGATION' | 'PROOF_OF_DELIVERY' | 'GENERIC'>,
  responseTargets: Object.fromEntries(inquiryTypes.map((t) => [t, { value: 8, unit: 'WORKING_HOURS' as const }])),
  reminders: { leadHours: 2, intervalHours: 4, beforeEscalation: 2 },
});
const registry = new OperatorRegistry(
  [operator('CH'), operator('US'), operator('DE'), operator('XK', false), operator('JP', true, ['EMSX'])],
  [
    agreement('ALL', PRODUCT_FAMILIES.filter((f) => f !== 'ECOMMERCE'), ['FULL_INVESTIGATION', 'PROOF_OF_DELIVERY', 'GENERIC']),
    // E-commerce items: only generic inquiries.
    agreement('ECOM', ['ECOMMERCE'], ['GENERIC']),
    agreement('EMSX', ['EMS'], ['FULL_INVESTIGATION']),
  ],
);
const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));

let db: TestDatabase;
let ds: DataSource;
let handler: RouteCaseMessageHandler;
let sent: OutboxEntry[];

async function route(envelope: Envelope): Promise<RoutingOutcome> {
  await sealAsSent(envelope);
  const writer = new OutboxWriter(throwawaySigner('PBHUB'));
  return ds.transaction((manager) =>
    handler.route(envelope, {
      manager,
      enqueue: async (...entries) => {
        sent.push(...entries);
        await writer.enqueue(manager, ...entries);
      },
    }),
  );
}

function opened(o: { caseId?: string; sender?: string; recipient?: string; origin?: string; destination?: string; itemId?: string; inquiryType?: InquiryType } = {}): Envelope {
  const sender = o.sender ?? 'CH';
  const recipient = o.recipient ?? 'US';
  return buildEnvelope({
    type: 'case.opened',
    sender,
    recipient,
    caseId: o.caseId ?? randomUUID(),
    body: create(CaseOpenedSchema, { reasons: [InquiryReason.NOT_ARRIVED],
      itemId: o.itemId ?? ITEM,
      inquiryType: o.inquiryType ?? InquiryType.FULL_INVESTIGATION,
      originOperator: o.origin ?? sender,
      destinationOperator: o.destination ?? recipient,
      customer: { name: 'Jane Doe' },
      description: { text: 'not arrived', language: 'en' },
    }),
  });
}

const accepted = (caseId: string, sender = 'US', recipient = 'CH') =>
  buildEnvelope({ type: 'case.accepted', sender, recipient, caseId, body: create(CaseAcceptedSchema, {}) });
const message = (caseId: string, kind: MessageKind, sender = 'US', recipient = 'CH') =>
  buildEnvelope({ type: 'case.message_added', sender, recipient, caseId, body: create(CaseMessageAddedSchema, { messageRef: randomUUID(), kind, body: { text: 'hello', language: 'en' } }) });
const resolved = (caseId: string, sender = 'CH', recipient = 'US') =>
  buildEnvelope({ type: 'case.resolved', sender, recipient, caseId, body: create(CaseResolvedSchema, { resolutionCode: ResolutionCode.DELIVERED }) });

function indexRow(caseId: string): Promise<CaseIndexEntity | null> {
  return ds.getRepository(CaseIndexEntity).findOneBy({ caseId });
}

/** The one message sent for the last routed envelope, as a refusal. */
function expectRefusal(refused: Envelope, reason: RefusalReason): CaseRefused {
  expect(sent).toHaveLength(1);
  const [entry] = sent;
  expect(entry.topic).toBe(topics.caseIn(refused.senderOperator));
  expect(entry.key).toBe(refused.caseId);
  expect(entry.envelope).toMatchObject({ type: 'case.refused', senderOperator: BROKER_SENDER_CODE, recipientOperator: refused.senderOperator, caseId: refused.caseId });
  expect(entry.envelope!.messageId).not.toBe(refused.messageId);
  expect(entry.envelope!.body.case).toBe('caseRefused');
  const body = entry.envelope!.body.value as CaseRefused;
  expect(body).toMatchObject({ reason, refusedMessageId: refused.messageId, refusedType: refused.type });
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

beforeAll(async () => {
  Logger.overrideLogger(false);
  db = await createTestDatabase('broker');
  ds = await new DataSource({ ...buildBrokerDataSourceOptions(db.url), extra: { max: 4 } }).initialize();
  const cases = new TypeOrmCaseIndexRepository(ds);
  const deadlines = new DeadlineService(registry, new TypeOrmDeadlineRepository(ds), topics, clock, new DeadlineMetrics(new Registry()));
  // Every post lists the key sealAsSent seals for by default, and only that one.
  const listed = new (class extends EncryptionKeyDirectory {
    override keysOf(): readonly EncryptionKey[] {
      return [{ id: 'throwaway-1', key: generateKeyPairSync('x25519').publicKey, notBefore: null, notAfter: null }];
    }
  })(new Map());
  handler = new RouteCaseMessageHandler(registry, cases, topics, new RouteTrackingBatchHandler(registry, new TypeOrmTrackingRouteRepository(ds), cases, topics, deadlines, new TrackingAuthorityMetrics(new Registry())), deadlines, listed);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

beforeEach(() => {
  sent = [];
});

describe('case.opened', () => {
  it('forwards the same envelope to the destination and indexes the case', async () => {
    const env = opened();
    await expect(route(env)).resolves.toEqual({ routedTo: 'US', status: 'SUBMITTED' });

    // The opening, then the deadline that starts with it (to both parties).
    expect(sent.map((e) => [e.topic, e.envelope!.type])).toEqual([
      ['pbit.op.US.case.in', 'case.opened'],
      ['pbit.op.CH.case.in', 'case.deadline'],
      ['pbit.op.US.case.in', 'case.deadline'],
    ]);
    expect(sent[0].topic).toBe('pbit.op.US.case.in');
    expect(sent[0].key).toBe(env.caseId);
    expect(encodeEnvelope(sent[0].envelope!)).toEqual(encodeEnvelope(env));

    expect(await indexRow(env.caseId)).toMatchObject({
      itemId: ITEM,
      inquiryType: 'FULL_INVESTIGATION',
      originOperator: 'CH',
      destinationOperator: 'US',
      status: 'SUBMITTED',
      lastMessageType: 'case.opened',
      messageCount: 1,
      resolvedAt: null,
      refusalReason: null,
    });
    const outbox = await ds.query(`SELECT topic, message_key FROM outbox_messages WHERE message_id = $1`, [env.messageId]);
    expect(outbox).toEqual([{ topic: 'pbit.op.US.case.in', message_key: env.caseId }]);
  });

  it('refuses a case when origin and destination share no network for the item’s product family (NO_SHARED_NETWORK)', async () => {
    const env = opened({ recipient: 'JP' });
    await expect(route(env)).resolves.toEqual({ refused: expect.objectContaining({ reason: 'NO_SHARED_NETWORK' }) });
    const body = expectRefusal(env, RefusalReason.NO_SHARED_NETWORK);
    expect(body.detail).toMatch(/^CH → JP, REGISTERED item RB123456785GB, FULL_INVESTIGATION: /);
    expect(body.detail).toMatch(/origin: ALL, ECOM; destination: EMSX/);
    expect(await indexRow(env.caseId)).toMatchObject({ status: 'REFUSED', refusalReason: 'NO_SHARED_NETWORK' });
    expect(await ds.query(`SELECT 1 FROM case_deadlines WHERE case_id = $1`, [env.caseId])).toEqual([]);
  });

  it('refuses an inquiry type the shared network does not handle (INQUIRY_TYPE_NOT_ALLOWED), and routes one it does', async () => {
    const serial = '31415926';
    const ecommerceItem = `HC${serial}${s10CheckDigit(serial)}US`;
    const env = opened({ itemId: ecommerceItem });
    await route(env);
    const body = expectRefusal(env, RefusalReason.INQUIRY_TYPE_NOT_ALLOWED);
    expect(body.detail).toMatch(new RegExp(`^CH → US, ECOMMERCE item ${ecommerceItem}, FULL_INVESTIGATION: FULL_INVESTIGATION inquiries are not allowed for ECOMMERCE items in ECOM`));
    expect(await indexRow(env.caseId)).toMatchObject({ status: 'REFUSED', refusalReason: 'INQUIRY_TYPE_NOT_ALLOWED' });

    sent = [];
    const generic = opened({ itemId: ecommerceItem, inquiryType: InquiryType.GENERIC });
    await expect(route(generic)).resolves.toEqual({ routedTo: 'US', status: 'SUBMITTED' });
    expect(await ds.query(`SELECT network, inquiry_type, product_family, responder_operator FROM case_deadlines WHERE case_id = $1`, [generic.caseId])).toEqual([
      { network: 'ECOM', inquiry_type: 'GENERIC', product_family: 'ECOMMERCE', responder_operator: 'US' },
    ]);
  });

  it('checks the agreement after the destination is known to be active', async () => {
    const env = opened({ recipient: 'XK', itemId: `EE${'27182818'}${s10CheckDigit('27182818')}CH` });
    await route(env);
    expectRefusal(env, RefusalReason.INACTIVE_DESTINATION);
  });

  it.each([
    ['an unknown destination', 'FR', RefusalReason.UNKNOWN_DESTINATION, 'UNKNOWN_DESTINATION'],
    ['an inactive destination', 'XK', RefusalReason.INACTIVE_DESTINATION, 'INACTIVE_DESTINATION'],
    ['the sender itself', 'CH', RefusalReason.SELF_ADDRESSED, 'SELF_ADDRESSED'],
  ])('refuses a case addressed to %s, back to the sender, and indexes it as REFUSED', async (_what, destination, reason, code) => {
    const env = opened({ recipient: destination });
    await expect(route(env)).resolves.toEqual({ refused: expect.objectContaining({ reason: code }) });
    expectRefusal(env, reason);
    expect(await indexRow(env.caseId)).toMatchObject({ status: 'REFUSED', refusalReason: code, originOperator: 'CH', destinationOperator: destination });
  });

  it('refuses a body whose parties disagree with the envelope as INVALID_MESSAGE', async () => {
    const env = opened({ origin: 'DE' });
    await route(env);
    expect(expectRefusal(env, RefusalReason.INVALID_MESSAGE).detail).toMatch(/origin_operator DE is not the sender CH/);
  });

  it('refuses customer data and free text sent in clear as INVALID_MESSAGE, forwarding nothing and storing none of it', async () => {
    const env = opened();
    // As an origin that did not seal would send it: past route()'s sealing.
    const clear = encodeEnvelope(env);
    const writer = new OutboxWriter(throwawaySigner('PBHUB'));
    const outcome = await ds.transaction((manager) => handler.route(decodeEnvelope(clear), { manager, enqueue: async (...entries) => { sent.push(...entries); await writer.enqueue(manager, ...entries); } }));
    expect(outcome).toEqual({ refused: expect.objectContaining({ reason: 'INVALID_MESSAGE' }) });
    expect(expectRefusal(env, RefusalReason.INVALID_MESSAGE).detail).toMatch(/customer and description must travel sealed for the recipient, never in clear/);
    expect(sent.filter((e) => e.topic === 'pbit.op.US.case.in')).toHaveLength(0);
    expect(await indexRow(env.caseId)).toBeNull();
    const stored: Array<{ n: string }> = await ds.query(`SELECT count(*)::text AS n FROM outbox_messages WHERE position(convert_to('Jane Doe', 'UTF8') in payload) > 0`);
    expect(stored[0].n).toBe('0');
  });

  it('refuses content sealed for a key the recipient does not list, so the sender hears it cannot be read', async () => {
    const env = await sealAsSent(opened(), DevSigningKeys.generate(['US']).sealer());
    await route(env);
    expect(expectRefusal(env, RefusalReason.INVALID_MESSAGE).detail).toMatch(/sealed for key "dev-1", which US does not list in the network file \(listed: throwaway-1\)/);
    expect(await indexRow(env.caseId)).toBeNull();
  });

  it('forwards sealed content it cannot read, byte for byte: the destination judges it once opened', async () => {
    const env = opened();
    // Trojan Source inside the sealed description: the broker cannot see it; the destination node refuses it when opened.
    (env.body.value as { description: { text: string } }).description.text = 'Parcel not received \u202eevil\u202c';
    await expect(route(env)).resolves.toEqual({ routedTo: 'US', status: 'SUBMITTED' });
    expect(encodeEnvelope(sent[0].envelope!)).toEqual(encodeEnvelope(env));
    expect(JSON.stringify(sent[0].envelope, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('Parcel not received');
  });

  it.each([
    ['an unknown reason code', [InquiryReason.DAMAGED, 99], /reasons has an unknown code \(99\)/],
    ['a repeated reason', [InquiryReason.DAMAGED, InquiryReason.DAMAGED], /reasons repeats a code/],
  ])('refuses an opening with %s as INVALID_MESSAGE: every receiver must be able to label each code', async (_what, reasons, detail) => {
    const env = opened();
    (env.body.value as { reasons: number[] }).reasons = reasons;
    await route(env);
    expect(expectRefusal(env, RefusalReason.INVALID_MESSAGE).detail).toMatch(detail);
    expect(sent.filter((e) => e.topic === 'pbit.op.US.case.in')).toHaveLength(0);
    expect(await indexRow(env.caseId)).toBeNull();
  });

  it('refuses a reply outcome it does not know, and reply facts on an information request, as INVALID_MESSAGE', async () => {
    const open = opened();
    await route(open);
    await route(accepted(open.caseId));
    sent = [];
    const unknown = message(open.caseId, MessageKind.REPLY);
    (unknown.body.value as { outcome: number }).outcome = 42;
    await route(unknown);
    expect(expectRefusal(unknown, RefusalReason.INVALID_MESSAGE).detail).toMatch(/outcome has an unknown code \(42\)/);
    sent = [];
    const misplaced = message(open.caseId, MessageKind.INFO_REQUEST);
    (misplaced.body.value as { outcome: number }).outcome = ReplyOutcome.FORWARDED;
    await route(misplaced);
    expect(expectRefusal(misplaced, RefusalReason.INVALID_MESSAGE).detail).toMatch(/belong to a REPLY only/);
    sent = [];
    const fine = message(open.caseId, MessageKind.REPLY);
    Object.assign(fine.body.value!, { outcome: ReplyOutcome.DELIVERED_WITH_SIGNATURE, signedBy: 'J. Doe', templateId: 'DELIVERED_WITH_SIGNATURE' });
    await route(fine);
    const forwarded = sent.filter((e) => e.envelope!.type === 'case.message_added');
    expect(forwarded.map((e) => e.topic)).toEqual(['pbit.op.CH.case.in']);
    expect(encodeEnvelope(forwarded[0].envelope!)).toEqual(encodeEnvelope(fine));
  });

  it('refuses an invalid item id without indexing anything', async () => {
    const env = opened({ itemId: 'RB123456784GB' });
    await route(env);
    expectRefusal(env, RefusalReason.INVALID_MESSAGE);
    expect(await indexRow(env.caseId)).toBeNull();
  });

  it('refuses to open a case id that exists between other operators as NOT_A_PARTY, leaving the index alone', async () => {
    const first = opened();
    await route(first);
    sent = [];
    const hijack = opened({ caseId: first.caseId, sender: 'DE', recipient: 'US' });
    await route(hijack);
    expectRefusal(hijack, RefusalReason.NOT_A_PARTY);
    expect(await indexRow(first.caseId)).toMatchObject({ originOperator: 'CH', status: 'SUBMITTED', messageCount: 1 });
  });
});

describe('follow-up messages', () => {
  it('routes a whole conversation to the other party and keeps the index in step', async () => {
    const open = opened();
    await route(open);

    const steps: Array<[Envelope, string, string]> = [
      [accepted(open.caseId), 'CH', 'OPEN'],
      [message(open.caseId, MessageKind.INFO_REQUEST), 'CH', 'AWAITING_INFO'],
      [message(open.caseId, MessageKind.INFO, 'CH', 'US'), 'US', 'OPEN'],
      [message(open.caseId, MessageKind.REPLY), 'CH', 'ANSWERED'],
      [resolved(open.caseId), 'US', 'RESOLVED'],
    ];
    const deadlineKinds: string[] = [];
    for (const [env, to, status] of steps) {
      sent = [];
      await expect(route(env)).resolves.toEqual({ routedTo: to, status });
      const [routed, ...deadlines] = sent;
      expect([routed.topic, routed.envelope!.messageId]).toEqual([topics.caseIn(to), env.messageId]);
      // Any deadline change goes to both parties, after the message that caused it.
      expect(deadlines.map((e) => e.envelope!.type).every((t) => t === 'case.deadline')).toBe(true);
      expect(deadlines.map((e) => e.topic).sort()).toEqual(deadlines.length ? [topics.caseIn('CH'), topics.caseIn('US')] : []);
      if (deadlines.length) deadlineKinds.push(DeadlineEventKind[(deadlines[0].envelope!.body.value as CaseDeadline).kind]);
    }
    // Accepting and resolving an answered case leave the clock alone.
    expect(deadlineKinds).toEqual(['PAUSED', 'RESUMED', 'ANSWERED']);
    const row = await indexRow(open.caseId);
    expect(row).toMatchObject({ status: 'RESOLVED', messageCount: 6, lastMessageType: 'case.resolved', resolutionCode: 'DELIVERED' });
    expect(row!.resolvedAt).toBeInstanceOf(Date);
  });

  it('refuses a reply from an operator that is not a party as NOT_A_PARTY', async () => {
    const open = opened();
    await route(open);
    sent = [];
    const intruder = message(open.caseId, MessageKind.REPLY, 'DE', 'CH');
    await route(intruder);
    expectRefusal(intruder, RefusalReason.NOT_A_PARTY);
    expect(await indexRow(open.caseId)).toMatchObject({ status: 'SUBMITTED', messageCount: 1 });
  });

  it('refuses a message from a party addressed to a third operator as NOT_A_PARTY', async () => {
    const open = opened();
    await route(open);
    sent = [];
    const misaddressed = message(open.caseId, MessageKind.REPLY, 'US', 'DE');
    await route(misaddressed);
    expect(expectRefusal(misaddressed, RefusalReason.NOT_A_PARTY).detail).toMatch(/expected CH/);
  });

  it('refuses a message for a case the broker never saw as UNKNOWN_CASE', async () => {
    const orphan = message(randomUUID(), MessageKind.REPLY);
    await route(orphan);
    expectRefusal(orphan, RefusalReason.UNKNOWN_CASE);
  });

  it('refuses a reply after the case was resolved as INVALID_MESSAGE with the domain code', async () => {
    const open = opened();
    await route(open);
    await route(accepted(open.caseId));
    await route(resolved(open.caseId));
    sent = [];
    const late = message(open.caseId, MessageKind.REPLY);
    await route(late);
    expect(expectRefusal(late, RefusalReason.INVALID_MESSAGE).detail).toMatch(/^CASE_CLOSED: /);
    expect(await indexRow(open.caseId)).toMatchObject({ status: 'RESOLVED', messageCount: 3 });
  });

  it('refuses a message kind the sender side may not send as INVALID_MESSAGE', async () => {
    const open = opened();
    await route(open);
    sent = [];
    const wrongSide = message(open.caseId, MessageKind.REPLY, 'CH', 'US');
    await route(wrongSide);
    expect(expectRefusal(wrongSide, RefusalReason.INVALID_MESSAGE).detail).toMatch(/^MESSAGE_KIND_NOT_ALLOWED: /);
  });

  it('refuses messages on a case the broker refused to open', async () => {
    const open = opened({ recipient: 'XK' });
    await route(open);
    sent = [];
    const next = message(open.caseId, MessageKind.INFO, 'CH', 'XK');
    await route(next);
    expect(expectRefusal(next, RefusalReason.INVALID_MESSAGE).detail).toMatch(/^CASE_CLOSED: /);
  });
});

describe('case.refused from an operator', () => {
  it('is poison (dead-lettered), never refused back', async () => {
    const open = opened();
    await route(open);
    sent = [];
    const forged = buildEnvelope({
      type: 'case.refused',
      sender: 'US',
      recipient: 'CH',
      caseId: open.caseId,
      body: create(CaseRefusedSchema, { reason: RefusalReason.NOT_A_PARTY, refusedMessageId: open.messageId, refusedType: 'case.opened' }),
    });
    await expect(route(forged)).rejects.toThrow(PoisonMessageError);
    await expect(route(forged)).rejects.toMatchObject({ code: 'TYPE_NOT_ACCEPTED' });
    expect(sent).toEqual([]);
  });

  it('so is a case.deadline: deadlines are the broker’s to announce', async () => {
    const open = opened();
    await route(open);
    sent = [];
    // Even with a body that breaks the rules (sequence 0): never refused, always dead-lettered.
    const forged = buildEnvelope({ type: 'case.deadline', sender: 'US', recipient: 'CH', caseId: open.caseId, body: create(CaseDeadlineSchema, { network: 'ALL', responderOperator: 'US' }) });
    await expect(route(forged)).rejects.toMatchObject({ code: 'TYPE_NOT_ACCEPTED', message: expect.stringMatching(/operators may not send case.deadline \(sent by US\)/) });
    expect(sent).toEqual([]);
  });
});

describe('case index queries', () => {
  it('filters by either party, status and item id, newest first', async () => {
    const repo = new TypeOrmCaseIndexRepository(ds);
    // An item id no other test uses, so the filters see only these two cases.
    const serial = String(Date.now() % 100_000_000).padStart(8, '0');
    const itemId = `EE${serial}${s10CheckDigit(serial)}CH`;
    const a = opened({ itemId, sender: 'DE', recipient: 'US' });
    const b = opened({ itemId, sender: 'US', recipient: 'DE' });
    await route(a);
    await route(b);
    await route(accepted(b.caseId, 'DE', 'US'));

    const both = await repo.list({ itemId }, { offset: 0, limit: 10 });
    expect(both.total).toBe(2);
    const byStatus = await repo.list({ itemId, status: 'OPEN' }, { offset: 0, limit: 10 });
    expect(byStatus.items.map((c) => c.caseId)).toEqual([b.caseId]);
    const asDe = await repo.list({ itemId, operator: 'DE' }, { offset: 0, limit: 1 });
    expect(asDe).toMatchObject({ total: 2, items: [expect.anything()] });
    expect((await repo.list({ itemId, operator: 'CH' }, { offset: 0, limit: 10 })).total).toBe(0);
  });
});
