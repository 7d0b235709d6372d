import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '@postbridge/domain';
import type { ErasableCase } from './erasure';

interface Row {
  id: string;
  status: CaseStatus;
  origin_operator: string;
  destination_operator: string;
  accepted_at: Date | null;
}

const toCase = (r: Row): ErasableCase => ({ id: r.id, status: r.status, originOperator: r.origin_operator, destinationOperator: r.destination_operator, acceptedAt: r.accepted_at });

/**
 * The cases a privacy request is about, locked in id order for the erasure's transaction (so a
 * message or a retention run on them waits, and two erasures never deadlock).
 */
export const CustomerCases = {
  async lockById(tx: EntityManager, caseId: string): Promise<ErasableCase | null> {
    const rows: Row[] = await tx.query(`SELECT id, status, origin_operator, destination_operator, accepted_at FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    return rows.length ? toCase(rows[0]) : null;
  },

  /** Cases whose customer email is `email`, compared case-insensitively (the index on lower(customer_email)). */
  async lockByEmail(tx: EntityManager, email: string): Promise<ErasableCase[]> {
    const rows: Row[] = await tx.query(
      `SELECT id, status, origin_operator, destination_operator, accepted_at FROM cases WHERE lower(customer_email) = lower($1) ORDER BY id FOR UPDATE`,
      [email],
    );
    return rows.map(toCase);
  },
};
