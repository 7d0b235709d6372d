import type { EntityManager } from 'typeorm';
import type { AuditEntry, AuditFilter } from './audit-entry';

/** Append and read only: the table refuses changes (migration 900). */
export abstract class AuditLogRepository {
  /** With `tx`, the entry commits (or not) with the caller's change: for entries written outside a request. */
  abstract append(e: AuditEntry, tx?: EntityManager): Promise<void>;
  abstract list(filter: AuditFilter, page: { offset: number; limit: number }): Promise<{ items: AuditEntry[]; total: number }>;
}
