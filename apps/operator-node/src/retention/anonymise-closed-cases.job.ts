import { daysBefore, RetentionJob, RetentionRun } from '@postbridge/platform';
import { TERMINAL_STATUSES } from '@postbridge/domain';
import { CaseAnonymiser } from '../privacy/shared/case-anonymiser';

// The terminal statuses, frozen as SQL literals (RESOLVED, REFUSED).
const CLOSED = TERMINAL_STATUSES.map((st) => `'${st}'`).join(', ');

/**
 * Removes the customer's data from cases closed (RESOLVED or REFUSED) more than `days` ago, through
 * the CaseAnonymiser (removal RETENTION): codes, timings and ids stay, so reports do not change.
 * The period counts from `closed_at`, when this node closed the case or learned of its closing, on
 * this node's clock: `resolved_at` of a case the partner resolved is the partner's clock, which would
 * keep the data for ever if it ran ahead, or remove it at once if it ran behind.
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
        // The statuses are written out as in the partial index cases_closed_at_with_personal_data_idx, so it is used.
        const rows: Array<{ id: string }> = await run.runner.query(
          `SELECT id FROM cases
           WHERE personal_data_removed_at IS NULL AND status IN (${CLOSED}) AND closed_at < $2
           ORDER BY closed_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
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
