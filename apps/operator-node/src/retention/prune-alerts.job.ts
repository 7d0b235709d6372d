import { daysBefore, deleteInBatches, RetentionJob, RetentionRun } from '@postbridge/platform';

/** Alerts `days` after they were raised: notices of the moment, read within days, not a record. */
export class PruneAlertsJob implements RetentionJob {
  readonly name = 'alerts';
  readonly actions = ['deleted'] as const;

  constructor(readonly days: number) {}

  async run(run: RetentionRun): Promise<void> {
    await deleteInBatches(run, 'deleted', 'node_alerts', 'created_at < $2', [daysBefore(run.now, this.days)]);
  }
}
