import { Counter, Registry } from 'prom-client';
import type { EntityManager } from 'typeorm';
import type { NewAlert } from '../../alerts/shared/alert';
import { caseAlert } from '../../alerts/shared/case-alerts';
import type { CaseEntity } from '../shared/case.entity';

/** Hourly counts older than this are pruned (they only ever serve the current hour). */
const KEEP_DAYS = 7;

/**
 * The per-partner quota of inbound cases: each case a partner opens here is counted for its clock
 * hour (UTC) in the transaction that stores it, and the one that goes past the quota raises one
 * INBOUND_QUOTA_EXCEEDED alert for supervisors. Only that one (the counter row is locked until
 * commit), so a flood alerts once per partner and hour, not per case. Nothing is refused: a
 * customer's case past the quota is stored and answered like any other.
 */
export class InboundCaseQuota {
  private readonly cases: Counter<'partner' | 'quota'>;

  /** `perHour`: INBOUND_CASES_PER_PARTNER_PER_HOUR; 0 counts without ever alerting. */
  constructor(private readonly perHour: number, registry: Registry) {
    this.cases = new Counter({
      name: 'postbridge_inbound_cases_total',
      help: 'Cases opened here by partner posts, by partner and whether they came within its hourly quota (within) or past it (over)',
      labelNames: ['partner', 'quota'],
      registers: [registry],
    });
  }

  /** Counts `c` (just stored, opened by `c.originOperator`); the alert to raise with it, if it is the first past the quota. */
  async count(tx: EntityManager, c: CaseEntity, me: string): Promise<NewAlert | null> {
    const partner = c.originOperator;
    const [row]: Array<{ cases: number; hour_start: Date }> = await tx.query(
      `INSERT INTO inbound_case_counts (partner_operator, hour_start, cases) VALUES ($1, date_trunc('hour', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', 1)
       ON CONFLICT (partner_operator, hour_start) DO UPDATE SET cases = inbound_case_counts.cases + 1
       RETURNING cases, hour_start`,
      [partner],
    );
    // A new hour's first case: the old hours are no longer needed.
    if (row.cases === 1) await tx.query(`DELETE FROM inbound_case_counts WHERE hour_start < now() - make_interval(days => $1)`, [KEEP_DAYS]);
    const over = this.perHour > 0 && row.cases > this.perHour;
    // Counted before the commit: a transaction retried after a transient failure counts twice.
    this.cases.inc({ partner, quota: over ? 'over' : 'within' });
    if (!over || row.cases !== this.perHour + 1) return null;
    return caseAlert(c, me, 'INBOUND_QUOTA_EXCEEDED', { quotaPerHour: this.perHour, hourStart: new Date(row.hour_start).toISOString() }, 'SUPERVISORS');
  }
}
