import { daysBefore, deleteInBatches, RetentionJob, RetentionRun } from '@postbridge/platform';

// A case about the item is still open at the broker (its deadline clock is not closed).
const NO_LIVE_CASE = (table: string) => `NOT EXISTS (SELECT 1 FROM case_deadlines d WHERE d.item_id = ${table}.item_id AND d.closed_at IS NULL)`;

/**
 * What the broker knows of items' routes (tracking_routes, by last change) and their customs scans
 * (item_customs_events, by arrival), `days` later, unless a case about the item is still open.
 */
export class PruneTrackingRoutesJob implements RetentionJob {
  readonly name = 'tracking-routes';
  readonly actions = ['deleted'] as const;

  constructor(readonly days: number) {}

  async run(run: RetentionRun): Promise<void> {
    const cutoff = daysBefore(run.now, this.days);
    await deleteInBatches(run, 'deleted', 'tracking_routes', `updated_at < $2 AND ${NO_LIVE_CASE('tracking_routes')}`, [cutoff]);
    if (!run.stopping) await deleteInBatches(run, 'deleted', 'item_customs_events', `received_at < $2 AND ${NO_LIVE_CASE('item_customs_events')}`, [cutoff]);
  }
}
