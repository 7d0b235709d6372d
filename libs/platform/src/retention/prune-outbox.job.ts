import { daysBefore, deleteInBatches, RetentionJob, RetentionRun } from './retention-job';

/**
 * Sent outbox rows (libs/messaging), `days` after Kafka acknowledged them: kept that long for
 * support (what was published, when). Unsent rows are never touched: they are messages owed to
 * another party that nobody else has.
 */
export class PruneOutboxJob implements RetentionJob {
  readonly name = 'outbox';
  readonly actions = ['deleted'] as const;

  constructor(readonly days: number) {}

  async run(run: RetentionRun): Promise<void> {
    await deleteInBatches(run, 'deleted', 'outbox_messages', 'sent_at IS NOT NULL AND sent_at < $2', [daysBefore(run.now, this.days)]);
  }
}
