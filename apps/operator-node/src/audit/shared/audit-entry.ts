/** One line of the audit log: identities, routes and case ids, never the customer data itself. */
export interface AuditEntry {
  id?: string;
  at?: Date;
  principalId: string;
  displayName: string;
  clientId: string | null;
  /** `partner`: written when applying a partner post's message (case.erased, its confirmation), not a request here. */
  via: 'bearer' | 'session' | 'partner';
  method: string;
  route: string;
  operation: string;
  caseId: string | null;
  status: number;
  detail: Record<string, unknown> | null;
}

export interface AuditFilter {
  caseId?: string;
  principalId?: string;
  from?: Date;
  to?: Date;
}
