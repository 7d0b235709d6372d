import { PauseReason } from '../inquiry-codes';
import { activePauseReasons, DeadlineClock, dueAtOf, elapsedWorkingMs, instantAtElapsed } from './deadline-clock';
import { WorkingCalendar } from './working-calendar';

/** From a network agreement; all durations are working time on the deadline's clock. */
export interface ReminderPolicy {
  readonly leadMs: number;
  readonly intervalMs: number;
  /** N >= 1: the DUE_SOON notice is reminder 1, then N - 1 REMINDERs after the target, then ESCALATED. */
  readonly remindersBeforeEscalation: number;
}

export type DeadlineMilestoneKind = 'DUE_SOON' | 'OVERDUE' | 'REMINDER' | 'ESCALATED';

export interface DeadlineMilestone {
  readonly kind: DeadlineMilestoneKind;
  /** Working ms on the clock at which it is due. */
  readonly atElapsedMs: number;
  /** 1 for DUE_SOON, k for the k-th REMINDER, null otherwise. */
  readonly reminderNumber: number | null;
}

export interface DeadlineEvaluation {
  /** Milestones due now and not yet sent, in order. */
  readonly fire: DeadlineMilestone[];
  /** When the first milestone not fired falls due; null while paused or when none is left. */
  readonly nextMilestoneAt: number | null;
  readonly dueAt: number | null;
  readonly elapsedMs: number;
  /** target - elapsed: negative once overdue (as case.deadline carries it). */
  readonly remainingMs: number;
  readonly pausedFor: PauseReason[];
}

export function reminderPolicyProblems(p: ReminderPolicy): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(p.leadMs) || p.leadMs < 0) problems.push(`leadMs must be a whole number >= 0, got ${p.leadMs}`);
  if (!Number.isSafeInteger(p.intervalMs) || p.intervalMs < 0) problems.push(`intervalMs must be a whole number >= 0, got ${p.intervalMs}`);
  if (!Number.isSafeInteger(p.remindersBeforeEscalation) || p.remindersBeforeEscalation < 1) {
    problems.push(`remindersBeforeEscalation must be a whole number >= 1, got ${p.remindersBeforeEscalation}`);
  }
  return problems;
}

/**
 * The milestones of one round, in the order they fall due (ties: DUE_SOON, OVERDUE, REMINDER,
 * ESCALATED). Their index is what `milestonesDone` counts, so the list must stay stable for a
 * given target and policy.
 */
export function milestonesFor(targetMs: number, p: ReminderPolicy): DeadlineMilestone[] {
  if (!Number.isSafeInteger(targetMs) || targetMs < 0) throw new RangeError(`targetMs must be a whole number >= 0, got ${targetMs}`);
  const problems = reminderPolicyProblems(p);
  if (problems.length > 0) throw new RangeError(`Invalid reminder policy: ${problems.join('; ')}`);
  const n = p.remindersBeforeEscalation;
  const milestones: DeadlineMilestone[] = [
    { kind: 'DUE_SOON', atElapsedMs: Math.max(0, targetMs - p.leadMs), reminderNumber: 1 },
    { kind: 'OVERDUE', atElapsedMs: targetMs, reminderNumber: null },
  ];
  for (let k = 2; k <= n; k++) milestones.push({ kind: 'REMINDER', atElapsedMs: targetMs + (k - 1) * p.intervalMs, reminderNumber: k });
  milestones.push({ kind: 'ESCALATED', atElapsedMs: targetMs + n * p.intervalMs, reminderNumber: null });
  // Built in due order (lead and interval are >= 0), ties already in kind order: no sort needed.
  return milestones;
}

/**
 * What a watcher must do at `now` for a clock of which the first `milestonesDone` milestones
 * were already sent: the milestones to send now and when to look again.
 */
export function evaluateDeadline(
  cal: WorkingCalendar,
  c: DeadlineClock,
  p: ReminderPolicy,
  milestonesDone: number,
  now: number,
): DeadlineEvaluation {
  if (!Number.isSafeInteger(milestonesDone) || milestonesDone < 0) {
    throw new RangeError(`milestonesDone must be a whole number >= 0, got ${milestonesDone}`);
  }
  const milestones = milestonesFor(c.targetMs, p);
  const elapsedMs = elapsedWorkingMs(cal, c, now);
  const fire: DeadlineMilestone[] = [];
  let i = milestonesDone;
  while (i < milestones.length && milestones[i].atElapsedMs <= elapsedMs) fire.push(milestones[i++]);
  const pausedFor = activePauseReasons(c, now);
  const next = milestones[i];
  // While paused the clock cannot reach anything; the resume recomputes it.
  const nextMilestoneAt = next && pausedFor.length === 0 ? instantAtElapsed(cal, c, next.atElapsedMs) : null;
  return {
    fire,
    nextMilestoneAt,
    dueAt: dueAtOf(cal, c),
    elapsedMs,
    remainingMs: c.targetMs - elapsedMs,
    pausedFor,
  };
}
