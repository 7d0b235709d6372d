import type { EntityManager } from 'typeorm';
import type { CasePriority, CaseStatus, WorkQueue } from '@postbridge/domain';
import { CaseEntity } from './case.entity';
import { CaseHistoryEntity } from './case-history.entity';
import { CaseMessageEntity } from './case-message.entity';

/** The transaction a use case runs in; adapters use it, handlers just pass it along. */
export type Tx = EntityManager;

export interface CaseListFilter {
  status?: CaseStatus;
  direction?: 'OUTGOING' | 'INCOMING';
  itemId?: string;
  page: number;
  pageSize: number;
}

export interface QueueFilter {
  queue?: WorkQueue;
  assignee?: string;
  /** Only cases nobody at this node is assigned to. */
  unassigned?: boolean;
  priority?: CasePriority;
  /** true: only cases the broker escalated; false: all but those. */
  escalated?: boolean;
  direction?: 'OUTGOING' | 'INCOMING';
  page: number;
  pageSize: number;
}

/** Persistence port for cases (DI token); the TypeORM adapter implements it. */
export abstract class CaseRepository {
  abstract findById(id: string, tx?: Tx): Promise<CaseEntity | null>;
  abstract findByIdempotencyKey(key: string): Promise<CaseEntity | null>;
  /** Frees an expired key so the same caller may use it again. */
  abstract releaseIdempotencyKey(caseId: string, key: string): Promise<void>;
  /** Locks the row until the transaction ends, so concurrent changes serialise. */
  abstract lockById(tx: Tx, id: string): Promise<CaseEntity | null>;
  abstract insert(tx: Tx, c: CaseEntity): Promise<void>;
  /** Saves the changed fields and bumps the version. */
  abstract update(tx: Tx, c: CaseEntity, changes: Partial<CaseEntity>): Promise<CaseEntity>;
  /** Saves fields that are not the parties' shared state (the broker's deadline clock): no version bump. */
  abstract updateWithoutVersion(tx: Tx, c: CaseEntity, changes: Partial<CaseEntity>): Promise<CaseEntity>;
  abstract addMessage(tx: Tx, m: CaseMessageEntity): Promise<void>;
  abstract addHistory(tx: Tx, ...entries: Array<Omit<CaseHistoryEntity, 'id' | 'recordedAt'>>): Promise<void>;
  abstract messagesOf(caseId: string): Promise<CaseMessageEntity[]>;
  abstract historyOf(caseId: string): Promise<CaseHistoryEntity[]>;
  abstract list(me: string, filter: CaseListFilter): Promise<{ items: CaseEntity[]; total: number }>;
  /** Cases of a work queue (see workQueueOf), by due time (none last), then oldest first. */
  abstract listQueue(me: string, filter: QueueFilter): Promise<{ items: CaseEntity[]; total: number }>;
  /** How many cases each work queue holds at this node; every queue is present. */
  abstract queueCounts(me: string): Promise<Record<WorkQueue, number>>;
}
