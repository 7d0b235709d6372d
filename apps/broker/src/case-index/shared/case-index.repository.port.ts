import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '@postbridge/domain';

export interface IndexedCase {
  caseId: string;
  itemId: string;
  inquiryType: string;
  originOperator: string;
  destinationOperator: string;
  status: CaseStatus;
  openedAt: Date;
  lastMessageType: string;
  lastMessageAt: Date;
  messageCount: number;
  resolvedAt: Date | null;
  resolutionCode: string | null;
  refusalReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewIndexedCase = Omit<IndexedCase, 'createdAt' | 'updatedAt'>;

export type IndexedCaseChange = Pick<IndexedCase, 'status' | 'lastMessageType' | 'lastMessageAt' | 'messageCount'> &
  Partial<Pick<IndexedCase, 'resolvedAt' | 'resolutionCode'>>;

export interface IndexedCaseFilter {
  status?: CaseStatus;
  /** Either party. */
  operator?: string;
  itemId?: string;
  /** Only cases this operator is a party to (the caller's scope). */
  party?: string;
}

/** The parties of the case about an item that tracking events follow (see findPartiesByItemIds). */
export interface CaseParties {
  itemId: string;
  originOperator: string;
  destinationOperator: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Port for the case index (DI token). Routing writes inside the consumer's transaction, hence
 * `inTransaction(manager)`: the index row, inbox claim and forwarded message commit together.
 */
export abstract class CaseIndexRepository {
  abstract inTransaction(manager: EntityManager): CaseIndexRepository;
  /** Locks the row until the transaction ends when `forUpdate` is set. */
  abstract findById(caseId: string, opts?: { forUpdate?: boolean }): Promise<IndexedCase | null>;
  abstract insert(row: NewIndexedCase): Promise<void>;
  abstract update(caseId: string, change: IndexedCaseChange): Promise<void>;
  /** Per item, the parties of its most recently opened case that was not refused; one statement. */
  abstract findPartiesByItemIds(itemIds: string[]): Promise<Map<string, CaseParties>>;
  abstract list(filter: IndexedCaseFilter, page: { offset: number; limit: number }): Promise<Page<IndexedCase>>;
}
