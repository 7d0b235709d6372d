import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  BROKER_SENDER_CODE, buildEnvelope, CaseDeadlineSchema, create, DeadlineEventKind, DeadlineState, Envelope, PauseReason, TargetUnit, timestampFromDate, TopicNames,
} from '@postbridge/contracts';
import { EnvelopeContext, OutboxWriter, PoisonMessageError } from '@postbridge/messaging';
import { createTestDatabase, TestDatabase } from '../../../../../test/harness/database';
import { AlertWriter } from '../../alerts/shared/alert-writer';
import { buildOperatorNodeDataSourceOptions } from '../../database/operator-node-data-source';
import { readerOf } from '../../i18n/reader';
import { NodeContext } from '../../node-context';
import { CaseEntity } from '../shared/case.entity';
import { CaseView, toCaseResponse } from '../shared/case.mapper';
import { TypeOrmCaseRepository } from '../shared/case.repository.typeorm';
import { ApplyCaseDeadlineHandler } from './apply-case-deadline.handler';
import { throwawaySigner } from '@postbridge/dev-infra';

// The broker's deadline snapshots applied to both parties' copies of a case (CH asks, US answers),
// each in its own transaction as the Kafka transport runs it.

const topics = new TopicNames('pbit');
const nodes = { CH: new NodeContext('CH', 'Swiss Post', 'CH', 'Europe/Zurich', ['de'], topics), US: new NodeContext('US', 'USPS', 'US', 'America/New_York', ['en'], topics) };
const view = (node: NodeContext): CaseView => ({ operatorCode: node.operatorCode, timeZone: node.timeZone, reader: readerOf({ node }) });
let db: TestDatabase;
let ds: DataSource;
const handlers = new Map<string, ApplyCaseDeadlineHandler>();

const DUE = new Date('2026-11-30T19:00:00Z');

async function apply(node: 'CH' | 'US', e: Envelope, after?: () => Promise<void>): Promise<void> {
  if (!handlers.has(node)) handlers.set(node, new ApplyCaseDeadlineHandler(nodes[node], new TypeOrmCaseRepository(ds), new AlertWriter()));
  await ds.transaction(async (manager) => {
    await handlers.get(node)!.caseDeadline(e, new EnvelopeContext([topics.caseIn(node), 0, '0', {}, manager, new OutboxWriter(throwawaySigner('US')), null]));
    await after?.();
  });
}

interface SnapshotInit {
  sequence: number;
  kind: DeadlineEventKind;
  state: DeadlineState;
  dueAt?: Date | null;
  remindersSent?: number;
  pauses?: PauseReason[];
  round?: number;
  met?: boolean;
  sender?: string;
  recipient?: string;
  responder?: string;
  responderTimeZone?: string;
}

const snapshot = (caseId: string, o: SnapshotInit) =>
  buildEnvelope({
    type: 'case.deadline', sender: o.sender ?? BROKER_SENDER_CODE, recipient: o.recipient ?? 'US', caseId,
    body: create(CaseDeadlineSchema, {
      kind: o.kind, sequence: BigInt(o.sequence), round: o.round ?? 1, network: 'PRIME', responderOperator: o.responder ?? 'US', responderTimeZone: o.responderTimeZone ?? 'America/New_York',
      targetValue: 4, targetUnit: TargetUnit.WORKING_HOURS, targetWorkingMs: BigInt(4 * 3_600_000), state: o.state,
      roundStartedAt: timestampFromDate(new Date('2026-11-30T14:00:00Z')), dueAt: o.dueAt === null ? undefined : timestampFromDate(o.dueAt ?? DUE),
      remainingWorkingMs: BigInt(90 * 60_000), elapsedWorkingMs: BigInt(150 * 60_000), pauseReasons: o.pauses ?? [],
      remindersSent: o.remindersSent ?? 0, remindersBeforeEscalation: 2, met: o.met ?? false,
    }),
  });

const insertCase = async (origin: string, destination: string, o: { assignee?: string } = {}) => {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO cases (id, item_id, product_family, inquiry_type, origin_operator, destination_operator, status, customer_name, description_text, description_language, opened_by_agent, opened_at, last_activity_at, version, assignee)
     VALUES ($1, 'RB123456785GB', 'REGISTERED', 'GENERIC', $2, $3, 'OPEN', 'Jane', 'x', 'en', 'anna', now(), now(), 2, $4)`,
    [id, origin, destination, o.assignee ?? null],
  );
  return id;
};
const caseAt = (id: string) => ds.manager.findOneByOrFail(CaseEntity, { id });
const history = async (id: string) => (await ds.query(`SELECT action, operator_code, detail FROM case_history WHERE case_id = $1 ORDER BY id`, [id])) as Array<{ action: string; operator_code: string; detail: any }>;
const alertsOf = async (id: string) => (await ds.query(`SELECT type, audience, assignee, payload FROM node_alerts WHERE case_id = $1 ORDER BY id`, [id])) as Array<{ type: string; audience: string; assignee: string | null; payload: any }>;

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = await new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false }).initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('ApplyCaseDeadlineHandler', () => {
  it('stores the snapshot with its history entry, without bumping the case version, and shows it in both local times', async () => {
    const id = await insertCase('CH', 'US');
    await apply('US', snapshot(id, { sequence: 1, kind: DeadlineEventKind.STARTED, state: DeadlineState.RUNNING }));
    const c = await caseAt(id);
    expect(c).toMatchObject({ version: 2, deadline: { sequence: '1' }, deadlineState: 'RUNNING', dueAt: DUE });
    expect(c.deadline).toMatchObject({ kind: 'STARTED', network: 'PRIME', round: 1, target: { value: 4, unit: 'WORKING_HOURS' }, targetWorkingMs: 14_400_000, pausedFor: [], lastAnswerMet: null });
    expect(await history(id)).toEqual([{ action: 'DEADLINE_STARTED', operator_code: 'PBHUB', detail: expect.objectContaining({ sequence: '1', state: 'RUNNING', dueAt: DUE.toISOString() }) }]);
    // Starting the clock is recorded, not alerted.
    expect(await alertsOf(id)).toEqual([]);

    const us = toCaseResponse(c, view(nodes.US));
    expect(us.deadline).toMatchObject({
      state: 'RUNNING', lastEvent: 'STARTED', dueAt: '2026-11-30T19:00:00.000Z', dueAtLocal: '2026-11-30T14:00:00.000-05:00', dueAtResponderLocal: '2026-11-30T14:00:00.000-05:00',
      responderTimeZone: 'America/New_York', remainingWorkingMinutes: 90, remindersSent: 0, remindersBeforeEscalation: 2, firstResponseAt: null,
    });
    expect(us.dueAt).toBe('2026-11-30T19:00:00.000Z');
    expect(toCaseResponse(c, view(nodes.CH)).deadline?.dueAtLocal).toBe('2026-11-30T20:00:00.000+01:00');
  });

  it('applies only a newer sequence: redelivered and overtaken snapshots change nothing', async () => {
    const id = await insertCase('CH', 'US');
    await apply('US', snapshot(id, { sequence: 1, kind: DeadlineEventKind.STARTED, state: DeadlineState.RUNNING }));
    await apply('US', snapshot(id, { sequence: 3, kind: DeadlineEventKind.OVERDUE, state: DeadlineState.OVERDUE, remindersSent: 1 }));
    // Sequence 2 arrives late (a retried send), then 3 again (redelivery): both ignored.
    await apply('US', snapshot(id, { sequence: 2, kind: DeadlineEventKind.DUE_SOON, state: DeadlineState.DUE_SOON, remindersSent: 1 }));
    await apply('US', snapshot(id, { sequence: 3, kind: DeadlineEventKind.OVERDUE, state: DeadlineState.OVERDUE, remindersSent: 1 }));
    const c = await caseAt(id);
    expect(c).toMatchObject({ deadline: { sequence: '3' }, deadlineState: 'OVERDUE', version: 2 });
    expect(c.deadline?.kind).toBe('OVERDUE');
    expect((await history(id)).map((h) => h.action)).toEqual(['DEADLINE_STARTED', 'DEADLINE_OVERDUE']);
    expect((await alertsOf(id)).map((a) => a.type)).toEqual(['OVERDUE']);

    // Sequences are compared as numbers, not as text ("10" > "9").
    await apply('US', snapshot(id, { sequence: 9, kind: DeadlineEventKind.REMINDER, state: DeadlineState.OVERDUE, remindersSent: 2 }));
    await apply('US', snapshot(id, { sequence: 10, kind: DeadlineEventKind.ESCALATED, state: DeadlineState.ESCALATED, remindersSent: 2 }));
    await apply('US', snapshot(id, { sequence: 9, kind: DeadlineEventKind.REMINDER, state: DeadlineState.OVERDUE, remindersSent: 2 }));
    expect(await caseAt(id)).toMatchObject({ deadline: { sequence: '10' }, deadlineState: 'ESCALATED' });
  });

  it('alerts at both nodes on due soon, overdue, reminder and escalation (supervisors), with the assignee', async () => {
    // One database holds both nodes' copies here, as two cases: the asker's (CH) and the responder's (US).
    const id = await insertCase('CH', 'US', { assignee: 'anna' });
    const usId = await insertCase('CH', 'US', { assignee: 'bob' });
    const steps: Array<[number, DeadlineEventKind, DeadlineState]> = [
      [1, DeadlineEventKind.STARTED, DeadlineState.RUNNING],
      [2, DeadlineEventKind.DUE_SOON, DeadlineState.DUE_SOON],
      [3, DeadlineEventKind.OVERDUE, DeadlineState.OVERDUE],
      [4, DeadlineEventKind.REMINDER, DeadlineState.OVERDUE],
      [5, DeadlineEventKind.ESCALATED, DeadlineState.ESCALATED],
    ];
    for (const [sequence, kind, state] of steps) {
      await apply('CH', snapshot(id, { sequence, kind, state, recipient: 'CH', remindersSent: Math.max(0, sequence - 2) }));
      await apply('US', snapshot(usId, { sequence, kind, state, remindersSent: Math.max(0, sequence - 2) }));
    }
    for (const [caseId, assignee, direction] of [[id, 'anna', 'OUTGOING'], [usId, 'bob', 'INCOMING']]) {
      const alerts = await alertsOf(caseId);
      expect(alerts.map((a) => `${a.type}/${a.audience}`)).toEqual(['DEADLINE_APPROACHING/AGENTS', 'OVERDUE/AGENTS', 'REMINDER/AGENTS', 'ESCALATED/SUPERVISORS']);
      expect(alerts.every((a) => a.assignee === assignee)).toBe(true);
      expect(alerts[3].payload).toMatchObject({ direction, deadlineState: 'ESCALATED', responderOperator: 'US', remindersSent: 3, remindersBeforeEscalation: 2, dueAt: DUE.toISOString() });
    }
    expect((await history(usId)).map((h) => h.action)).toEqual(['DEADLINE_STARTED', 'DEADLINE_DUE_SOON', 'DEADLINE_OVERDUE', 'DEADLINE_REMINDER', 'DEADLINE_ESCALATED']);
  });

  it('keeps pauses, the due time going away while paused, and the outcome of the last answer into the next round', async () => {
    const id = await insertCase('CH', 'US');
    await apply('US', snapshot(id, { sequence: 1, kind: DeadlineEventKind.STARTED, state: DeadlineState.RUNNING }));
    await apply('US', snapshot(id, { sequence: 2, kind: DeadlineEventKind.PAUSED, state: DeadlineState.PAUSED, dueAt: null, pauses: [PauseReason.AWAITING_INFO, PauseReason.CUSTOMS_HOLD] }));
    let c = await caseAt(id);
    expect(c).toMatchObject({ deadlineState: 'PAUSED', dueAt: null });
    expect(toCaseResponse(c, view(nodes.US)).deadline).toMatchObject({ pausedFor: ['AWAITING_INFO', 'CUSTOMS_HOLD'], dueAt: null, dueAtLocal: null, dueAtResponderLocal: null });
    await apply('US', snapshot(id, { sequence: 3, kind: DeadlineEventKind.ANSWERED, state: DeadlineState.MET, dueAt: null, met: true }));
    expect((await caseAt(id)).deadline?.lastAnswerMet).toBe(true);
    await apply('US', snapshot(id, { sequence: 4, kind: DeadlineEventKind.STARTED, state: DeadlineState.RUNNING, round: 2 }));
    c = await caseAt(id);
    expect(c.deadline).toMatchObject({ round: 2, state: 'RUNNING', lastAnswerMet: true });
    expect(await alertsOf(id)).toEqual([]);
  });

  it('stores nothing and alerts nobody when the transaction does not commit', async () => {
    const id = await insertCase('CH', 'US');
    await expect(apply('US', snapshot(id, { sequence: 1, kind: DeadlineEventKind.OVERDUE, state: DeadlineState.OVERDUE }), async () => {
      throw new Error('inbox commit failed');
    })).rejects.toThrow('inbox commit failed');
    expect(await caseAt(id)).toMatchObject({ deadline: null });
    expect(await history(id)).toEqual([]);
    expect(await alertsOf(id)).toEqual([]);
  });

  it('refuses as poison what only the broker may say, or what cannot apply', async () => {
    const id = await insertCase('CH', 'US');
    const poison = async (e: Envelope, code: string) => {
      const err = await apply('US', e).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(PoisonMessageError);
      expect(err).toMatchObject({ code });
    };
    const ok = { sequence: 1, kind: DeadlineEventKind.OVERDUE, state: DeadlineState.OVERDUE };
    // The partner post cannot move the clock: only the broker (PBHUB) sends deadlines.
    await poison(snapshot(id, { ...ok, sender: 'CH' }), 'TYPE_NOT_ACCEPTED');
    await poison(snapshot(randomUUID(), ok), 'UNKNOWN_CASE');
    await poison(snapshot(id, { ...ok, responder: 'DE' }), 'INVALID_FIELD');
    await poison(snapshot(id, { ...ok, responderTimeZone: 'Mars/Olympus_Mons' }), 'INVALID_FIELD');
    await poison(snapshot(id, { ...ok, state: DeadlineState.UNSPECIFIED }), 'INVALID_FIELD');
    await poison(snapshot(id, { ...ok, kind: 99 as DeadlineEventKind }), 'INVALID_FIELD');
    await poison(snapshot(id, { ...ok, sequence: 0 }), 'INVALID_FIELD');
    const other = await insertCase('DE', 'JP');
    await poison(snapshot(other, { ...ok, responder: 'JP' }), 'NOT_A_PARTY');
    expect(await caseAt(id)).toMatchObject({ deadline: null });
    expect(await history(id)).toEqual([]);
    expect(await alertsOf(id)).toEqual([]);
  });
});
