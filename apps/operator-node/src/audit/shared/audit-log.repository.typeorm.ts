import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditEntry, AuditFilter } from './audit-entry';
import { AuditLogRepository } from './audit-log.repository.port';

interface Row {
  id: string;
  at: Date;
  principal_id: string;
  display_name: string;
  client_id: string | null;
  via: 'bearer' | 'session';
  method: string;
  route: string;
  operation: string;
  case_id: string | null;
  status: number;
  detail: Record<string, unknown> | null;
}

@Injectable()
export class TypeOrmAuditLogRepository extends AuditLogRepository {
  constructor(private readonly ds: DataSource) {
    super();
  }

  async append(e: AuditEntry, tx?: EntityManager): Promise<void> {
    await (tx ?? this.ds).query(
      `INSERT INTO audit_log (principal_id, display_name, client_id, via, method, route, operation, case_id, status, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [e.principalId, e.displayName, e.clientId, e.via, e.method, e.route, e.operation, e.caseId, e.status, e.detail === null ? null : JSON.stringify(e.detail)],
    );
  }

  async list(f: AuditFilter, page: { offset: number; limit: number }): Promise<{ items: AuditEntry[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (column: string, op: string, v: unknown) => {
      params.push(v);
      where.push(`${column} ${op} $${params.length}`);
    };
    if (f.caseId) add('case_id', '=', f.caseId);
    if (f.principalId) add('principal_id', '=', f.principalId);
    if (f.from) add('at', '>=', f.from);
    if (f.to) add('at', '<', f.to);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await this.ds.query(`SELECT count(*)::int AS total FROM audit_log ${clause}`, params);
    const rows: Row[] = await this.ds.query(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, page.limit, page.offset]);
    return {
      total,
      items: rows.map((r) => ({
        id: r.id, at: r.at, principalId: r.principal_id, displayName: r.display_name, clientId: r.client_id, via: r.via, method: r.method, route: r.route,
        operation: r.operation, caseId: r.case_id, status: r.status, detail: r.detail,
      })),
    };
  }
}
