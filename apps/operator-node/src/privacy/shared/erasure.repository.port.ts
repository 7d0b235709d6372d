import type { EntityManager } from 'typeorm';
import type { Erasure } from './erasure';

export interface ErasureFilter {
  caseId?: string;
}

/** The erasures table: one row per erased case and origin; rows are never deleted. */
export abstract class ErasureRepository {
  /** This node's own erasures of these cases (at most one per case). */
  abstract localOf(tx: EntityManager, caseIds: string[]): Promise<Erasure[]>;
  /** Locks the row, for a confirmation. */
  abstract lockById(tx: EntityManager, id: string): Promise<Erasure | null>;
  abstract insert(tx: EntityManager, ...erasures: Erasure[]): Promise<void>;
  /** Inserts unless the id exists; false when it did (a partner's erasure applied before). */
  abstract insertIfNew(tx: EntityManager, erasure: Erasure): Promise<boolean>;
  abstract findById(tx: EntityManager, id: string): Promise<Erasure | null>;
  abstract saveConfirmation(tx: EntityManager, e: Erasure): Promise<void>;
  abstract list(filter: ErasureFilter, page: { offset: number; limit: number }): Promise<{ items: Erasure[]; total: number }>;
  /** Every erasure (either origin) of these cases, oldest first. */
  abstract ofCases(caseIds: string[], tx?: EntityManager): Promise<Erasure[]>;
}
