import { daysBefore, deleteInBatches, RetentionJob, RetentionRun } from '@postbridge/platform';

/**
 * Tracking events held for an item whose destination never became known, `days` after they
 * arrived. Released events are deleted when they are released; these would stay forever.
 */
export class PrunePendingTrackingEventsJob implements RetentionJob {
  readonly name = 'pending-tracking-events';
  readonly actions = ['deleted'] as const;

  constructor(readonly days: number) {}

  async run(run: RetentionRun): Promise<void> {
    await deleteInBatches(run, 'deleted', 'pending_tracking_events', 'received_at < $2', [daysBefore(run.now, this.days)]);
  }
}
