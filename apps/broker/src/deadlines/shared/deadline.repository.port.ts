import type { EntityManager } from 'typeorm';
import type { ClockPause, DeadlineEventKind, DeadlineState, InquiryType, ProductFamily, ReminderPolicy, TargetUnit } from '@postbridge/domain';

/** The deadline clock of a case, current round. Instants are epoch milliseconds. */
export interface CaseDeadlineRecord {
  caseId: string;
  itemId: string;
  network: string;
  originOperator: string;
  responderOperator: string;
  inquiryType: InquiryType;
  productFamily: ProductFamily;
  round: number;
  targetValue: number;
  targetUnit: TargetUnit;
  /** The target as working time of the responder's calendar, fixed when the round started. */
  targetMs: number;
  policy: ReminderPolicy;
  startedAt: number;
  pauses: ClockPause[];
  /** How many of milestonesFor(targetMs, policy) were sent, in order. */
  milestonesDone: number;
  state: DeadlineState;
  lastEvent: DeadlineEventKind;
  dueAt: number | null;
  /** When the watcher must look at it again; null while there is nothing to wait for (paused, closed). */
  nextCheckAt: number | null;
  sequence: number;
  firstResponseAt: number | null;
  firstResponseWorkingMs: number | null;
  met: boolean | null;
  closedAt: number | null;
}

export interface ResponseFact {
  caseId: string;
  round: number;
  network: string;
  originOperator: string;
  responderOperator: string;
  inquiryType: InquiryType;
  productFamily: ProductFamily;
  requestedAt: number;
  answeredAt: number;
  workingMs: number;
  pausedWorkingMs: number;
  targetMs: number;
  met: boolean;
  firstResponseAt: number | null;
  firstResponseWorkingMs: number | null;
}

export interface CustomsEvent {
  itemId: string;
  code: string;
  occurredAt: number;
}

export interface DeadlineFilter {
  state?: DeadlineState;
  responder?: string;
  network?: string;
  /** Only cases this operator is a party to (origin or responder). */
  party?: string;
}

export interface ResponseTimeFilter {
  /** answered_at >= from */
  from?: number;
  /** answered_at < to */
  to?: number;
  responder?: string;
  network?: string;
  /** Only answers to cases this operator is a party to. */
  party?: string;
}

/** Per responder and network. Durations in working milliseconds; null when there is nothing to measure. */
export interface ResponseTimeRow {
  responder: string;
  network: string;
  answered: number;
  met: number;
  missed: number;
  medianWorkingMs: number | null;
  p90WorkingMs: number | null;
  medianFirstResponseWorkingMs: number | null;
}

/**
 * Port for deadlines, response facts and customs events (DI token). Writes happen inside the routing
 * or watcher transaction (`inTransaction`), with the case.deadline messages they announce.
 */
export abstract class DeadlineRepository {
  abstract inTransaction(manager: EntityManager): DeadlineRepository;
  abstract insert(row: CaseDeadlineRecord): Promise<void>;
  /** Locks the row until the transaction ends when `forUpdate` is set. */
  abstract findByCaseId(caseId: string, opts?: { forUpdate?: boolean }): Promise<CaseDeadlineRecord | null>;
  /** Writes every mutable column of the row. */
  abstract save(row: CaseDeadlineRecord): Promise<void>;
  /** Open rounds of these items, locked (case id order). */
  abstract lockOpenByItemIds(itemIds: string[]): Promise<CaseDeadlineRecord[]>;
  /** Rows to look at (next_check_at <= now), oldest first, locked with SKIP LOCKED so replicas share the work. */
  abstract lockDue(now: number, limit: number): Promise<CaseDeadlineRecord[]>;
  /** Moves only the next check (the row is not otherwise changed). */
  abstract postpone(caseId: string, nextCheckAt: number): Promise<void>;
  /** The earliest next_check_at that is due, for the watcher lag gauge. */
  abstract oldestDueCheck(now: number): Promise<number | null>;
  abstract list(filter: DeadlineFilter, page: { offset: number; limit: number }): Promise<{ items: CaseDeadlineRecord[]; total: number }>;

  /** Inserts the events not stored yet; returns the items that got at least one new event. */
  abstract addCustomsEvents(events: CustomsEvent[]): Promise<string[]>;
  /** All customs events of these items, in time order per item. */
  abstract customsEventsOf(itemIds: string[]): Promise<Map<string, CustomsEvent[]>>;

  /** One per answered round; a second write of the same round is ignored. */
  abstract addResponseFact(fact: ResponseFact): Promise<void>;
  abstract responseTimes(filter: ResponseTimeFilter): Promise<ResponseTimeRow[]>;
}
