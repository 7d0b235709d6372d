import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ClockPause, DeadlineEventKind, DeadlineState, InquiryType, ProductFamily, TargetUnit } from '@postbridge/domain';
import {
  CaseDeadlineRecord,
  CustomsEvent,
  DeadlineFilter,
  DeadlineRepository,
  ResponseFact,
  ResponseTimeFilter,
  ResponseTimeRow,
} from './deadline.repository.port';

interface DeadlineRow {
  case_id: string;
  item_id: string;
  network: string;
  origin_operator: string;
  responder_operator: string;
  inquiry_type: string;
  product_family: string;
  round: number;
  target_value: number;
  target_unit: string;
  target_ms: string;
  reminder_lead_ms: string;
  reminder_interval_ms: string;
  reminders_before_escalation: number;
  started_at: Date;
  pauses: ClockPause[];
  milestones_done: number;
  state: string;
  last_event: string;
  due_at: Date | null;
  next_check_at: Date | null;
  sequence: string;
  first_response_at: Date | null;
  first_response_working_ms: string | null;
  met: boolean | null;
  closed_at: Date | null;
}

const COLUMNS = `case_id, item_id, network, origin_operator, responder_operator, inquiry_type, product_family, round,
  target_value, target_unit, target_ms, reminder_lead_ms, reminder_interval_ms, reminders_before_escalation,
  started_at, pauses, milestones_done, state, last_event, due_at, next_check_at, sequence,
  first_response_at, first_response_working_ms, met, closed_at`;

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
const num = (s: string | null): number | null => (s === null ? null : Number(s));
const date = (n: number | null): Date | null => (n === null ? null : new Date(n));

function toRecord(r: DeadlineRow): CaseDeadlineRecord {
  return {
    caseId: r.case_id,
    itemId: r.item_id,
    network: r.network,
    originOperator: r.origin_operator,
    responderOperator: r.responder_operator,
    inquiryType: r.inquiry_type as InquiryType,
    productFamily: r.product_family as ProductFamily,
    round: r.round,
    targetValue: r.target_value,
    targetUnit: r.target_unit as TargetUnit,
    targetMs: Number(r.target_ms),
    policy: { leadMs: Number(r.reminder_lead_ms), intervalMs: Number(r.reminder_interval_ms), remindersBeforeEscalation: r.reminders_before_escalation },
    startedAt: r.started_at.getTime(),
    pauses: r.pauses,
    milestonesDone: r.milestones_done,
    state: r.state as DeadlineState,
    lastEvent: r.last_event as DeadlineEventKind,
    dueAt: ms(r.due_at),
    nextCheckAt: ms(r.next_check_at),
    sequence: Number(r.sequence),
    firstResponseAt: ms(r.first_response_at),
    firstResponseWorkingMs: num(r.first_response_working_ms),
    met: r.met,
    closedAt: ms(r.closed_at),
  };
}

/** Mutable columns, in the order of the UPDATE in save(); $1 is the case id. */
function mutable(d: CaseDeadlineRecord): unknown[] {
  return [
    d.round,
    d.targetValue,
    d.targetUnit,
    d.targetMs,
    d.policy.leadMs,
    d.policy.intervalMs,
    d.policy.remindersBeforeEscalation,
    new Date(d.startedAt),
    JSON.stringify(d.pauses),
    d.milestonesDone,
    d.state,
    d.lastEvent,
    date(d.dueAt),
    date(d.nextCheckAt),
    d.sequence,
    date(d.firstResponseAt),
    d.firstResponseWorkingMs,
    d.met,
    date(d.closedAt),
  ];
}

/** Raw SQL: instants go in and out as exact milliseconds, and bulk statements take arrays. */
@Injectable()
export class TypeOrmDeadlineRepository extends DeadlineRepository {
  constructor(@InjectDataSource() private readonly db: DataSource | EntityManager) {
    super();
  }

  private get manager(): EntityManager {
    return this.db instanceof DataSource ? this.db.manager : this.db;
  }

  inTransaction(manager: EntityManager): DeadlineRepository {
    return new TypeOrmDeadlineRepository(manager);
  }

  async insert(d: CaseDeadlineRecord): Promise<void> {
    await this.manager.query(
      `INSERT INTO case_deadlines (case_id, item_id, network, origin_operator, responder_operator, inquiry_type, product_family,
         round, target_value, target_unit, target_ms, reminder_lead_ms, reminder_interval_ms, reminders_before_escalation,
         started_at, pauses, milestones_done, state, last_event, due_at, next_check_at, sequence,
         first_response_at, first_response_working_ms, met, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)`,
      [d.caseId, d.itemId, d.network, d.originOperator, d.responderOperator, d.inquiryType, d.productFamily, ...mutable(d)],
    );
  }

  async findByCaseId(caseId: string, opts?: { forUpdate?: boolean }): Promise<CaseDeadlineRecord | null> {
    const rows: DeadlineRow[] = await this.manager.query(`SELECT ${COLUMNS} FROM case_deadlines WHERE case_id = $1${opts?.forUpdate ? ' FOR UPDATE' : ''}`, [caseId]);
    return rows.length > 0 ? toRecord(rows[0]) : null;
  }

  async save(d: CaseDeadlineRecord): Promise<void> {
    await this.manager.query(
      `UPDATE case_deadlines SET round = $2, target_value = $3, target_unit = $4, target_ms = $5, reminder_lead_ms = $6,
         reminder_interval_ms = $7, reminders_before_escalation = $8, started_at = $9, pauses = $10::jsonb, milestones_done = $11,
         state = $12, last_event = $13, due_at = $14, next_check_at = $15, sequence = $16, first_response_at = $17,
         first_response_working_ms = $18, met = $19, closed_at = $20, updated_at = now()
       WHERE case_id = $1`,
      [d.caseId, ...mutable(d)],
    );
  }

  async lockOpenByItemIds(itemIds: string[]): Promise<CaseDeadlineRecord[]> {
    if (itemIds.length === 0) return [];
    const rows: DeadlineRow[] = await this.manager.query(
      `SELECT ${COLUMNS} FROM case_deadlines WHERE item_id = ANY($1::varchar[]) AND closed_at IS NULL ORDER BY case_id FOR UPDATE`,
      [itemIds],
    );
    return rows.map(toRecord);
  }

  async lockDue(now: number, limit: number): Promise<CaseDeadlineRecord[]> {
    const rows: DeadlineRow[] = await this.manager.query(
      `SELECT ${COLUMNS} FROM case_deadlines WHERE next_check_at <= $1 ORDER BY next_check_at, case_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [new Date(now), limit],
    );
    return rows.map(toRecord);
  }

  async postpone(caseId: string, nextCheckAt: number): Promise<void> {
    await this.manager.query(`UPDATE case_deadlines SET next_check_at = $2, updated_at = now() WHERE case_id = $1`, [caseId, new Date(nextCheckAt)]);
  }

  async oldestDueCheck(now: number): Promise<number | null> {
    const [row]: Array<{ at: Date | null }> = await this.manager.query(`SELECT min(next_check_at) AS at FROM case_deadlines WHERE next_check_at <= $1`, [new Date(now)]);
    return ms(row?.at ?? null);
  }

  async list(filter: DeadlineFilter, page: { offset: number; limit: number }): Promise<{ items: CaseDeadlineRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.state) add('state = ?', filter.state);
    if (filter.responder) add('responder_operator = ?', filter.responder);
    if (filter.network) add('network = ?', filter.network);
    if (filter.party) {
      params.push(filter.party);
      where.push(`(origin_operator = $${params.length} OR responder_operator = $${params.length})`);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await this.manager.query(`SELECT count(*)::int AS total FROM case_deadlines ${clause}`, params);
    const rows: DeadlineRow[] = await this.manager.query(
      `SELECT ${COLUMNS} FROM case_deadlines ${clause} ORDER BY due_at ASC NULLS LAST, case_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: rows.map(toRecord), total };
  }

  async addCustomsEvents(events: CustomsEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const rows: Array<{ item_id: string }> = await this.manager.query(
      `INSERT INTO item_customs_events (item_id, code, occurred_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[])
       ON CONFLICT DO NOTHING
       RETURNING item_id`,
      [events.map((e) => e.itemId), events.map((e) => e.code), events.map((e) => new Date(e.occurredAt))],
    );
    return [...new Set(rows.map((r) => r.item_id))];
  }

  async customsEventsOf(itemIds: string[]): Promise<Map<string, CustomsEvent[]>> {
    const result = new Map<string, CustomsEvent[]>();
    if (itemIds.length === 0) return result;
    const rows: Array<{ item_id: string; code: string; occurred_at: Date }> = await this.manager.query(
      `SELECT item_id, code, occurred_at FROM item_customs_events WHERE item_id = ANY($1::varchar[]) ORDER BY item_id, occurred_at, code`,
      [itemIds],
    );
    for (const r of rows) {
      let list = result.get(r.item_id);
      if (!list) result.set(r.item_id, (list = []));
      list.push({ itemId: r.item_id, code: r.code, occurredAt: r.occurred_at.getTime() });
    }
    return result;
  }

  async addResponseFact(f: ResponseFact): Promise<void> {
    await this.manager.query(
      `INSERT INTO response_facts (case_id, round, network, origin_operator, responder_operator, inquiry_type, product_family,
         requested_at, answered_at, working_ms, paused_working_ms, target_ms, met, first_response_at, first_response_working_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (case_id, round) DO NOTHING`,
      [
        f.caseId,
        f.round,
        f.network,
        f.originOperator,
        f.responderOperator,
        f.inquiryType,
        f.productFamily,
        new Date(f.requestedAt),
        new Date(f.answeredAt),
        f.workingMs,
        f.pausedWorkingMs,
        f.targetMs,
        f.met,
        date(f.firstResponseAt),
        f.firstResponseWorkingMs,
      ],
    );
  }

  async responseTimes(filter: ResponseTimeFilter): Promise<ResponseTimeRow[]> {
    // Medians and p90 interpolate (percentile_cont). First response is per case: taken from round 1.
    const rows: Array<{
      responder: string;
      network: string;
      answered: number;
      met: number;
      missed: number;
      median_ms: number | null;
      p90_ms: number | null;
      median_first_ms: number | null;
    }> = await this.manager.query(
      `SELECT responder_operator AS responder, network,
         count(*)::int AS answered,
         (count(*) FILTER (WHERE met))::int AS met,
         (count(*) FILTER (WHERE NOT met))::int AS missed,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY working_ms) AS median_ms,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY working_ms) AS p90_ms,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_working_ms) FILTER (WHERE round = 1) AS median_first_ms
       FROM response_facts
       WHERE ($1::timestamptz IS NULL OR answered_at >= $1)
         AND ($2::timestamptz IS NULL OR answered_at < $2)
         AND ($3::varchar IS NULL OR responder_operator = $3)
         AND ($4::varchar IS NULL OR network = $4)
         AND ($5::varchar IS NULL OR origin_operator = $5 OR responder_operator = $5)
       GROUP BY responder_operator, network
       ORDER BY responder_operator, network`,
      [date(filter.from ?? null), date(filter.to ?? null), filter.responder ?? null, filter.network ?? null, filter.party ?? null],
    );
    return rows.map((r) => ({
      responder: r.responder,
      network: r.network,
      answered: r.answered,
      met: r.met,
      missed: r.missed,
      medianWorkingMs: r.median_ms === null ? null : Number(r.median_ms),
      p90WorkingMs: r.p90_ms === null ? null : Number(r.p90_ms),
      medianFirstResponseWorkingMs: r.median_first_ms === null ? null : Number(r.median_first_ms),
    }));
  }
}
