import { daysBefore, deleteInBatches, RetentionJob, RetentionRun } from '@postbridge/platform';
import { TERMINAL_STATUSES } from '@postbridge/domain';

/** Tracking events `days` after they reached this node, except those of an item with an open case (its timeline). */
export class PruneTrackingEventsJob implements RetentionJob {
  readonly name = 'tracking-events';
  readonly actions = ['deleted'] as const;

  constructor(readonly days: number) {}

  async run(run: RetentionRun): Promise<void> {
    await deleteInBatches(
      run,
      'deleted',
      'tracking_events',
      `received_at < $2 AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.item_id = tracking_events.item_id AND c.status <> ALL($3::varchar[]))`,
      [daysBefore(run.now, this.days), TERMINAL_STATUSES],
    );
  }
}
