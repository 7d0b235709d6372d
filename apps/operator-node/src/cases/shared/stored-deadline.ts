import type { DeadlineEventKind, DeadlineState, PauseReason, TargetUnit } from '@postbridge/domain';

/**
 * A case's deadline as this node keeps it: the broker's latest `case.deadline` snapshot (instants
 * as ISO strings), plus the outcome of the last answered round, which later snapshots no longer carry.
 */
export interface StoredDeadline {
  kind: DeadlineEventKind;
  sequence: string;
  round: number;
  network: string;
  responderOperator: string;
  responderTimeZone: string;
  target: { value: number; unit: TargetUnit };
  targetWorkingMs: number;
  state: DeadlineState;
  roundStartedAt: string | null;
  dueAt: string | null;
  remainingWorkingMs: number;
  elapsedWorkingMs: number;
  pausedFor: PauseReason[];
  remindersSent: number;
  remindersBeforeEscalation: number;
  nextMilestoneAt: string | null;
  firstResponseAt: string | null;
  lastAnswerMet: boolean | null;
  /** When the broker took the snapshot. */
  asOf: string;
}
