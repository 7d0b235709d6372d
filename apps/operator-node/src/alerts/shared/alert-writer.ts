import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ALERTS_CHANNEL, NewAlert } from './alert';

// Transaction-level advisory lock taken before an alert id is drawn and held until commit: alert
// transactions commit in the order of their ids, so every reader can catch up with `id > last`
// and never skip an alert that committed late. Writers take it as their last step, so it is
// held only for the commit itself.
const ALERT_ORDER_LOCK = 5_064_274_012;

/**
 * Raises alerts inside the caller's transaction: they exist, and are announced (NOTIFY is
 * delivered at commit), only if the change that raised them commits.
 */
@Injectable()
export class AlertWriter {
  async raise(tx: EntityManager, ...alerts: NewAlert[]): Promise<string[]> {
    if (alerts.length === 0) return [];
    await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [ALERT_ORDER_LOCK]);
    const params: unknown[] = [];
    const rows = alerts.map((a) => {
      const n = params.push(a.type, a.caseId, a.itemId, a.audience, a.assignee, JSON.stringify(a.payload));
      return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
    });
    const inserted: Array<{ id: string }> = await tx.query(
      `INSERT INTO node_alerts (type, case_id, item_id, audience, assignee, payload) VALUES ${rows.join(', ')} RETURNING id::text AS id`,
      params,
    );
    const ids = inserted.map((r) => r.id);
    const newest = ids.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a));
    await tx.query(`SELECT pg_notify($1, $2)`, [ALERTS_CHANNEL, newest]);
    return ids;
  }
}
