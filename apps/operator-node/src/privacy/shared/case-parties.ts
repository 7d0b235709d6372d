import type { EntityManager } from 'typeorm';

/** The two posts of a case held at this node, or null. */
export async function caseParties(manager: EntityManager, caseId: string): Promise<{ originOperator: string; destinationOperator: string } | null> {
  const rows: Array<{ origin_operator: string; destination_operator: string }> = await manager.query('SELECT origin_operator, destination_operator FROM cases WHERE id = $1', [caseId]);
  return rows.length === 0 ? null : { originOperator: rows[0].origin_operator, destinationOperator: rows[0].destination_operator };
}
