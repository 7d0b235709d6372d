import {
  CaseDeadline,
  CaseDeadlineSchema,
  create,
  DeadlineEventKind as DeadlineEventKindEnum,
  DeadlineState as DeadlineStateEnum,
  fromCode,
  PauseReason as PauseReasonEnum,
  TargetUnit as TargetUnitEnum,
  timestampFromDate,
} from '@postbridge/contracts';
import {
  DeadlineClock,
  DeadlineEventKind,
  DeadlineMilestone,
  DeadlineState,
  evaluateDeadline,
  instantAtElapsed,
  milestonesFor,
  PauseReason,
  WorkingCalendar,
} from '@postbridge/domain';
import type { CaseDeadlineRecord } from './deadline.repository.port';

/** Where a deadline stands at an instant (for a closed round: when it closed). */
export interface DeadlineView {
  state: DeadlineState;
  dueAt: number | null;
  nextMilestoneAt: number | null;
  elapsedMs: number;
  /** target - elapsed: negative once overdue (as case.deadline carries it). */
  remainingMs: number;
  pausedFor: PauseReason[];
  remindersSent: number;
  /** Milestones due but not sent yet (the watcher sends them). */
  fire: DeadlineMilestone[];
}

export function clockOf(d: CaseDeadlineRecord): DeadlineClock {
  return { startedAt: d.startedAt, targetMs: d.targetMs, pauses: d.pauses };
}

export const isClosed = (d: CaseDeadlineRecord): boolean => d.closedAt !== null;

/** While the round runs, its state follows the last milestone sent, unless the clock stands still. */
export function runningState(milestones: readonly DeadlineMilestone[], done: number, pausedFor: readonly PauseReason[]): DeadlineState {
  if (pausedFor.length > 0) return 'PAUSED';
  const last = done > 0 ? milestones[done - 1].kind : null;
  if (last === 'ESCALATED') return 'ESCALATED';
  if (last === 'OVERDUE' || last === 'REMINDER') return 'OVERDUE';
  if (last === 'DUE_SOON') return 'DUE_SOON';
  return 'RUNNING';
}

export function viewOf(cal: WorkingCalendar, d: CaseDeadlineRecord, now: number): DeadlineView {
  const clock = clockOf(d);
  const closed = isClosed(d);
  const ev = evaluateDeadline(cal, clock, d.policy, d.milestonesDone, closed ? d.closedAt! : now);
  const milestones = milestonesFor(d.targetMs, d.policy);
  const remindersSent = milestones.slice(0, d.milestonesDone).filter((m) => m.reminderNumber !== null).length;
  const remainingMs = ev.remainingMs;
  if (closed) {
    return { state: d.state, dueAt: null, nextMilestoneAt: null, elapsedMs: ev.elapsedMs, remainingMs, pausedFor: [], remindersSent, fire: [] };
  }
  const next = d.milestonesDone < milestones.length ? instantAtElapsed(cal, clock, milestones[d.milestonesDone].atElapsedMs) : null;
  return {
    state: runningState(milestones, d.milestonesDone, ev.pausedFor),
    dueAt: ev.dueAt,
    nextMilestoneAt: next,
    elapsedMs: ev.elapsedMs,
    remainingMs,
    pausedFor: ev.pausedFor,
    remindersSent,
    fire: ev.fire,
  };
}

const ts = (at: number | null) => (at === null ? undefined : timestampFromDate(new Date(at)));

/** The full snapshot both parties get (they keep the one with the highest sequence). */
export function caseDeadlineBody(d: CaseDeadlineRecord, view: DeadlineView, kind: DeadlineEventKind, responderTimeZone: string): CaseDeadline {
  return create(CaseDeadlineSchema, {
    kind: fromCode(DeadlineEventKindEnum, kind),
    sequence: BigInt(d.sequence),
    round: d.round,
    network: d.network,
    responderOperator: d.responderOperator,
    responderTimeZone,
    targetValue: d.targetValue,
    targetUnit: fromCode(TargetUnitEnum, d.targetUnit),
    targetWorkingMs: BigInt(d.targetMs),
    state: fromCode(DeadlineStateEnum, view.state),
    roundStartedAt: ts(d.startedAt),
    dueAt: ts(view.dueAt),
    remainingWorkingMs: BigInt(view.remainingMs),
    elapsedWorkingMs: BigInt(view.elapsedMs),
    pauseReasons: view.pausedFor.map((r) => fromCode(PauseReasonEnum, r)),
    remindersSent: view.remindersSent,
    remindersBeforeEscalation: d.policy.remindersBeforeEscalation,
    nextMilestoneAt: ts(view.nextMilestoneAt),
    firstResponseAt: ts(d.firstResponseAt),
    met: d.met ?? false,
  });
}
