import { WorkQueue } from '@postbridge/domain';

// The work queue of a case in SQL, for listQueue's filter and counts. It must agree with
// workQueueOf (libs/domain/src/work-queue.ts) rule for rule; a test compares both on generated
// cases stored in a real database. `:me` is this node's operator code; `c` the cases alias.
// "Responded": the destination's first message is recorded in first_response_at.
const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const queue = (q: WorkQueue) => `'${q}'`;

const SIDE_IS_ORIGIN = `c.origin_operator = :me`;
const DESTINATION_TO_ACT = `(NOT (${SIDE_IS_ORIGIN}) AND c.status IN (${quoted(['SUBMITTED', 'OPEN'])}))`;
const ORIGIN_TO_ACT = `(${SIDE_IS_ORIGIN} AND c.status IN (${quoted(['AWAITING_INFO', 'ANSWERED'])}))`;

export const WORK_QUEUE_SQL = `(CASE
  WHEN c.status IN (${quoted(['RESOLVED', 'REFUSED'])}) THEN ${queue('RESOLVED')}
  WHEN c.deadline_state IN (${quoted(['OVERDUE', 'ESCALATED'])}) THEN ${queue('OVERDUE')}
  WHEN c.deadline_state = 'DUE_SOON' THEN ${queue('DUE_SOON')}
  WHEN ${DESTINATION_TO_ACT} AND c.assignee IS NULL AND c.first_response_at IS NULL THEN ${queue('NEW')}
  WHEN ${DESTINATION_TO_ACT} OR ${ORIGIN_TO_ACT} THEN (CASE WHEN c.assignee IS NULL THEN ${queue('AWAITING_OUR_REPLY')} ELSE ${queue('IN_PROGRESS')} END)
  ELSE ${queue('AWAITING_PARTNER')}
END)`;
