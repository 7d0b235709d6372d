import { RetentionJob, RetentionRun, updateInBatches } from '@postbridge/platform';
import { IDEMPOTENCY_KEY_TTL_MS } from '../cases/open-case/open-case.service';

/**
 * Idempotency-Key hashes on cases opened more than 24 hours ago: past that, the API promises that
 * the same key opens a new case (IDEMPOTENCY_KEY_TTL_MS), so the hash is of no use. Not a variable:
 * it is part of the API contract with CRMs.
 */
export class ClearIdempotencyKeysJob implements RetentionJob {
  readonly name = 'idempotency-keys';
  readonly actions = ['cleared'] as const;

  async run(run: RetentionRun): Promise<void> {
    await updateInBatches(run, 'cleared', 'cases', 'idempotency_key = NULL', 'idempotency_key IS NOT NULL AND created_at < $2', [new Date(run.now.getTime() - IDEMPOTENCY_KEY_TTL_MS)]);
  }
}
