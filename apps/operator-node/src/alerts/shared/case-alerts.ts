import type { AlertType, DeadlineEventKind } from '@postbridge/domain';
import type { CaseEntity } from '../../cases/shared/case.entity';
import type { AlertAudience, NewAlert } from './alert';

/** An alert about a case, with what every alert says of it; `details` are the trigger's own. */
export function caseAlert(c: CaseEntity, me: string, type: AlertType, details: Record<string, unknown> = {}, audience: AlertAudience = 'AGENTS'): NewAlert {
  return {
    type,
    caseId: c.id,
    itemId: c.itemId,
    audience,
    assignee: c.assignee ?? null,
    payload: {
      direction: c.originOperator === me ? 'OUTGOING' : 'INCOMING',
      partnerOperator: c.originOperator === me ? c.destinationOperator : c.originOperator,
      inquiryType: c.inquiryType,
      priority: c.priority ?? 'NORMAL',
      status: c.status,
      ...details,
    },
  };
}

/** Deadline milestones that alert people; the others (started, paused, ...) are only recorded. */
export const DEADLINE_ALERTS: Partial<Record<DeadlineEventKind, { type: AlertType; audience: AlertAudience }>> = {
  DUE_SOON: { type: 'DEADLINE_APPROACHING', audience: 'AGENTS' },
  OVERDUE: { type: 'OVERDUE', audience: 'AGENTS' },
  REMINDER: { type: 'REMINDER', audience: 'AGENTS' },
  // The agreement escalates to the responder's supervisors.
  ESCALATED: { type: 'ESCALATED', audience: 'SUPERVISORS' },
};
