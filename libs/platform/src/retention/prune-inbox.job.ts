import { daysBefore, deleteInBatches, RetentionJob, RetentionRun } from './retention-job';

/**
 * Inbox rows (libs/messaging): the record that a message was applied, which makes a redelivery a
 * duplicate. `days` must exceed how long Kafka can redeliver (the consumed topics' retention.ms)
 * plus how long a dead letter may be replayed (the DLQ's retention.ms): deploy/kafka/create-topics.sh
 * sets 7 and 14 days, the default here is 30.
 */
export class PruneInboxJob implements RetentionJob {
  readonly name = 'inbox';
  readonly actions = ['deleted'] as const;

  constructor(readonly days: number) {}

  async run(run: RetentionRun): Promise<void> {
    await deleteInBatches(run, 'deleted', 'inbox_messages', 'received_at < $2', [daysBefore(run.now, this.days)]);
  }
}
