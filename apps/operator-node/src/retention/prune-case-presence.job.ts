import { deleteInBatches, RetentionJob, RetentionRun } from '@postbridge/platform';

/** Presence rows expired more than this long ago: the sweep announces and deletes them only while a stream is open at the process. */
export const PRESENCE_LEFTOVER_MS = 3_600_000;

/** Presence entries nobody swept (no presence stream was open when they expired). */
export class PruneCasePresenceJob implements RetentionJob {
  readonly name = 'case-presence';
  readonly actions = ['deleted'] as const;

  async run(run: RetentionRun): Promise<void> {
    await deleteInBatches(run, 'deleted', 'case_presence', 'expires_at < $2', [new Date(run.now.getTime() - PRESENCE_LEFTOVER_MS)]);
  }
}
