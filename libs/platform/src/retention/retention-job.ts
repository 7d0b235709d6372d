import { QueryRunner } from 'typeorm';

/** What a job gets for one run: the time, the batch size, and a connection of its own holding the job's lock. */
export interface RetentionRun {
  /** The job clock's time at the start of the run: every cutoff is computed from it. */
  readonly now: Date;
  /** Rows per statement. */
  readonly batchSize: number;
  /** The job's connection; each query commits on its own unless the job opens a transaction. */
  readonly runner: QueryRunner;
  /** Adds to postbridge_retention_rows_total{job,action}. */
  count(action: string, rows: number): void;
  /** True once the process is shutting down: stop between batches. */
  readonly stopping: boolean;
}

/**
 * One kind of data with a retention period. `name` labels the metrics and keys the advisory lock
 * that keeps two replicas from running the job at once.
 */
export interface RetentionJob {
  readonly name: string;
  /** The `action` labels the job counts (deleted, anonymised, cleared), declared at 0 at start. */
  readonly actions: readonly string[];
  run(run: RetentionRun): Promise<void>;
}

/** `now - days`, for cutoffs. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/**
 * Deletes the rows of `table` matching `where` (parameters $2, $3, ... : `params`), at most
 * `run.batchSize` per statement, until a statement deletes fewer. Rows an application transaction
 * holds are skipped (SKIP LOCKED) and taken at the next run. Returns the rows deleted.
 * `table` and `where` are code, never input.
 */
export async function deleteInBatches(run: RetentionRun, action: string, table: string, where: string, params: unknown[] = []): Promise<number> {
  let total = 0;
  for (;;) {
    // ctid = ANY(ARRAY(...)) is a TID scan: each statement touches only its batch, whatever the table's key.
    const [, deleted]: [unknown, number] = await run.runner.query(
      `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT $1 FOR UPDATE SKIP LOCKED))`,
      [run.batchSize, ...params],
    );
    total += deleted;
    run.count(action, deleted);
    if (deleted < run.batchSize || run.stopping) return total;
  }
}

/**
 * As deleteInBatches, but sets `set` (e.g. `idempotency_key = NULL`) on the matching rows instead
 * of deleting them; `where` must stop matching a row once it is updated.
 */
export async function updateInBatches(run: RetentionRun, action: string, table: string, set: string, where: string, params: unknown[] = []): Promise<number> {
  let total = 0;
  for (;;) {
    const [, updated]: [unknown, number] = await run.runner.query(
      `UPDATE ${table} SET ${set} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT $1 FOR UPDATE SKIP LOCKED))`,
      [run.batchSize, ...params],
    );
    total += updated;
    run.count(action, updated);
    if (updated < run.batchSize || run.stopping) return total;
  }
}
