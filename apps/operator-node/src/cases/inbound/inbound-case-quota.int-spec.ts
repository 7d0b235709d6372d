import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { buildEnvelope, CaseOpenedSchema, create, CustomerContactSchema, Envelope, InquiryReason, InquiryType, LocalizedTextSchema, TopicNames } from '@postbridge/contracts';
import { throwawaySigner } from '@postbridge/dev-infra';
import { EnvelopeContext, OutboxWriter } from '@postbridge/messaging';
import { createTestDatabase, TestDatabase } from '../../../../../test/harness/database';
import { AlertWriter } from '../../alerts/shared/alert-writer';
import { buildOperatorNodeDataSourceOptions } from '../../database/operator-node-data-source';
import { NodeContext } from '../../node-context';
import { TypeOrmErasureRepository } from '../../privacy/shared/erasure.repository.typeorm';
import { TypeOrmCaseRepository } from '../shared/case.repository.typeorm';
import { ApplyInboundCaseHandler } from './apply-inbound-case.handler';
import { InboundCaseQuota } from './inbound-case-quota';

// The per-partner quota of inbound cases at US (2 an hour here), through the inbound handler against
// a real database, each case in its own transaction as the Kafka transport runs it.

const topics = new TopicNames('pbit');
const QUOTA = 2;
let db: TestDatabase;
let ds: DataSource;
let registry: Registry;
let handler: ApplyInboundCaseHandler;

async function openedBy(origin: string): Promise<string> {
  const caseId = randomUUID();
  const e: Envelope = buildEnvelope({
    type: 'case.opened', sender: origin, recipient: 'US', caseId,
    body: create(CaseOpenedSchema, {
      itemId: 'RB123456785GB', inquiryType: InquiryType.GENERIC, reasons: [InquiryReason.NOT_ARRIVED], originOperator: origin, destinationOperator: 'US',
      customer: create(CustomerContactSchema, { name: 'Jane' }), description: create(LocalizedTextSchema, { text: 'Where is it?', language: 'en' }),
    }),
  });
  await ds.transaction((manager) => handler.caseOpened(e, new EnvelopeContext([topics.caseIn('US'), 0, '0', {}, manager, new OutboxWriter(throwawaySigner('US')), null])));
  return caseId;
}

const quotaAlerts = async () =>
  (await ds.query(`SELECT case_id, audience, payload FROM node_alerts WHERE type = 'INBOUND_QUOTA_EXCEEDED' ORDER BY id`)) as Array<{ case_id: string; audience: string; payload: Record<string, unknown> }>;

async function counted(partner: string, quota: 'within' | 'over'): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'postbridge_inbound_cases_total')!;
  return (metric.values as Array<{ labels: Record<string, string>; value: number }>).find((v) => v.labels.partner === partner && v.labels.quota === quota)?.value ?? 0;
}

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false });
  await ds.initialize();
  registry = new Registry();
  handler = new ApplyInboundCaseHandler(new NodeContext('US', 'US', 'US', 'UTC', ['en'], topics), new TypeOrmCaseRepository(ds), new AlertWriter(), new InboundCaseQuota(QUOTA, registry), new TypeOrmErasureRepository(ds));
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('inbound case quota per partner', () => {
  it('alerts supervisors once, on the first case past the quota, stores every case, and counts each partner apart', async () => {
    const ch = [await openedBy('CH'), await openedBy('CH')];
    expect(await quotaAlerts()).toEqual([]);
    const third = await openedBy('CH');
    ch.push(third, await openedBy('CH'), await openedBy('CH'));
    // JP's cases count against JP's quota only.
    await openedBy('JP');

    const alerts = await quotaAlerts();
    expect(alerts).toEqual([{ case_id: third, audience: 'SUPERVISORS', payload: expect.objectContaining({ partnerOperator: 'CH', direction: 'INCOMING', quotaPerHour: QUOTA, hourStart: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/) }) }]);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM cases WHERE origin_operator = 'CH' AND id = ANY($1::uuid[])`, [ch]))[0].n)).toBe(5);
    // Every stored case still tells its agents.
    expect(Number((await ds.query(`SELECT count(*) AS n FROM node_alerts WHERE type = 'NEW_INQUIRY' AND case_id = ANY($1::uuid[])`, [ch]))[0].n)).toBe(5);
    expect({ within: await counted('CH', 'within'), over: await counted('CH', 'over'), jp: await counted('JP', 'within') }).toEqual({ within: 2, over: 3, jp: 1 });
  });

  it('alerts again in the next hour, once', async () => {
    // The hour so far becomes the previous one.
    await ds.query(`UPDATE inbound_case_counts SET hour_start = hour_start - interval '1 hour'`);
    for (let i = 0; i < QUOTA + 3; i++) await openedBy('CH');
    expect((await quotaAlerts()).map((a) => a.payload.partnerOperator)).toEqual(['CH', 'CH']);
  });

  it('prunes the counts of hours older than a week when a partner starts a new hour', async () => {
    await ds.query(`INSERT INTO inbound_case_counts (partner_operator, hour_start, cases) VALUES ('DE', now() - interval '8 days', 9)`);
    await openedBy('FR');
    expect(await ds.query(`SELECT partner_operator FROM inbound_case_counts WHERE partner_operator = 'DE'`)).toEqual([]);
  });
});
