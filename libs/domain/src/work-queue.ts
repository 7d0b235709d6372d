import { CaseStatus, DeadlineState, WorkQueue } from './inquiry-codes';

/** What a node knows of a case that decides its work queue. */
export interface WorkQueueFacts {
  /** This node's side of the case. */
  readonly side: 'ORIGIN' | 'DESTINATION';
  readonly status: CaseStatus;
  /** State of the broker's deadline clock as last received; null before any snapshot. */
  readonly deadlineState: DeadlineState | null;
  /** Agent of this node the case is assigned to; null when unassigned. */
  readonly assignee: string | null;
  /** The destination post has sent a message on the case (a reply or an information request). */
  readonly responded: boolean;
}

const CLOSED: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['RESOLVED', 'REFUSED']);
const LATE: ReadonlySet<DeadlineState> = new Set<DeadlineState>(['OVERDUE', 'ESCALATED']);
// Where the next move is the destination's (to answer) or the origin's (to add information or close).
const DESTINATION_TO_ACT: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['SUBMITTED', 'OPEN']);
const ORIGIN_TO_ACT: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['AWAITING_INFO', 'ANSWERED']);

/**
 * The one work queue a case is in at a node. The rules are checked in order, so the queues are a
 * partition: closed cases first, then anything late or about to be, then new incoming inquiries
 * nobody has taken, then whose move it is. Nodes classify in SQL as well (listQueue): that query
 * must agree with this function, and a test compares both on generated cases.
 */
export function workQueueOf(f: WorkQueueFacts): WorkQueue {
  if (CLOSED.has(f.status)) return 'RESOLVED';
  if (f.deadlineState !== null && LATE.has(f.deadlineState)) return 'OVERDUE';
  if (f.deadlineState === 'DUE_SOON') return 'DUE_SOON';
  const destinationToAct = f.side === 'DESTINATION' && DESTINATION_TO_ACT.has(f.status);
  if (destinationToAct && f.assignee === null && !f.responded) return 'NEW';
  if (destinationToAct || (f.side === 'ORIGIN' && ORIGIN_TO_ACT.has(f.status))) return f.assignee === null ? 'AWAITING_OUR_REPLY' : 'IN_PROGRESS';
  return 'AWAITING_PARTNER';
}
