import type { AuditEntry, AuditFilter } from './audit-entry';

/** Append and read only: the table refuses changes (migration 900). */
export abstract class AuditLogRepository {
  abstract append(e: AuditEntry): Promise<void>;
  abstract list(filter: AuditFilter, page: { offset: number; limit: number }): Promise<{ items: AuditEntry[]; total: number }>;
}
