import { daysBefore, deleteInBatches, RetentionJob, RetentionRun } from '@postbridge/platform';

/** Cached machine translations `days` after they were made: translated customer text, and a cache (a deleted one is translated again when shown). */
export class PruneTranslationsJob implements RetentionJob {
  readonly name = 'translations';
  readonly actions = ['deleted'] as const;

  constructor(readonly days: number) {}

  async run(run: RetentionRun): Promise<void> {
    await deleteInBatches(run, 'deleted', 'text_translations', 'created_at < $2', [daysBefore(run.now, this.days)]);
  }
}
