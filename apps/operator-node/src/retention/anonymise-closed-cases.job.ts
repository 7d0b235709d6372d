import { daysBefore, RetentionJob, RetentionRun } from '@postbridge/platform';
import { TERMINAL_STATUSES } from '@postbridge/domain';
import { CaseAnonymiser } from '../privacy/shared/case-anonymiser';

// The terminal statuses, frozen as SQL literals (RESOLVED, REFUSED).
const CLOSED = TERMINAL_STATUSES.map((st) => `'${st}'`).join(', ');

/**
 * Removes the customer's data from cases closed (RESOLVED or REFUSED) more than `days` ago, through
 * the CaseAnonymiser (removal RETENTION): codes, timings and ids stay, so reports do not change.
 * A refusal sets no resolved_at; its closing time is its last activity.
 */
export class AnonymiseClosedCasesJob implements RetentionJob {
  readonly name = 'closed-cases';
  readonly actions = ['anonymised'] as const;

  constructor(readonly days: number, private readonly anonymiser: CaseAnonymiser) {}

  async run(run: RetentionRun): Promise<void> {
    const cutoff = daysBefore(run.now, this.days);
    for (;;) {
      await run.runner.startTransaction();
      try {
        // SKIP LOCKED: a case an agent or a partner message is changing right now waits for the next run.
        // The statuses are written out as in the partial index cases_closed_with_personal_data_idx, so it is used.
        const rows: Array<{ id: string }> = await run.runner.query(
          `SELECT id FROM cases
           WHERE personal_data_removed_at IS NULL AND status IN (${CLOSED}) AND COALESCE(resolved_at, last_activity_at) < $2
           ORDER BY COALESCE(resolved_at, last_activity_at) LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [run.batchSize, cutoff],
        );
        const done = rows.length ? await this.anonymiser.anonymise(run.runner.manager, rows.map((r) => r.id), 'RETENTION', run.now) : 0;
        await run.runner.commitTransaction();
        run.count('anonymised', done);
        if (rows.length < run.batchSize || run.stopping) return;
      } catch (e) {
        if (run.runner.isTransactionActive) await run.runner.rollbackTransaction();
        throw e;
      }
    }
  }
}
