import { DateTime } from 'luxon';
import { allowedActions, workQueueOf, WorkQueue } from '@postbridge/domain';
import { CaseEntity } from './case.entity';
import { CaseHistoryEntity } from './case-history.entity';
import { CaseMessageEntity } from './case-message.entity';
import { CaseDeadlineResponse, CaseHistoryEntryResponse, CaseMessageResponse, CaseResponse } from './case.response.dto';
import { StoredDeadline } from './stored-deadline';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Whose copy is shown: this node's operator code and time zone (NodeContext fits). */
export interface CaseViewer {
  readonly operatorCode: string;
  readonly timeZone: string;
}

export function sideOf(c: Pick<CaseEntity, 'originOperator'>, me: string): 'ORIGIN' | 'DESTINATION' {
  return c.originOperator === me ? 'ORIGIN' : 'DESTINATION';
}

export function queueOf(c: CaseEntity, me: string): WorkQueue {
  return workQueueOf({ side: sideOf(c, me), status: c.status, deadlineState: c.deadlineState, assignee: c.assignee, responded: c.firstResponseAt !== null });
}

/** An instant as ISO-8601 with the offset of `zone`, e.g. 2026-11-30T14:00:00.000-05:00. */
export function inZone(instant: string | null, zone: string): string | null {
  return instant === null ? null : DateTime.fromMillis(Date.parse(instant), { zone }).toISO();
}

export function toDeadlineResponse(d: StoredDeadline, viewerZone: string): CaseDeadlineResponse {
  return {
    state: d.state,
    lastEvent: d.kind,
    network: d.network,
    round: d.round,
    responderOperator: d.responderOperator,
    target: { value: d.target.value, unit: d.target.unit },
    dueAt: d.dueAt,
    dueAtLocal: inZone(d.dueAt, viewerZone),
    dueAtResponderLocal: inZone(d.dueAt, d.responderTimeZone),
    responderTimeZone: d.responderTimeZone,
    remainingWorkingMinutes: Math.trunc(d.remainingWorkingMs / 60_000) || 0,
    pausedFor: d.pausedFor,
    remindersSent: d.remindersSent,
    remindersBeforeEscalation: d.remindersBeforeEscalation,
    nextMilestoneAt: d.nextMilestoneAt,
    firstResponseAt: d.firstResponseAt,
    lastAnswerMet: d.lastAnswerMet,
    asOf: d.asOf,
  };
}

export function toCaseResponse(c: CaseEntity, viewer: CaseViewer, messages?: CaseMessageEntity[]): CaseResponse {
  const me = viewer.operatorCode;
  return {
    id: c.id,
    itemId: c.itemId,
    productFamily: c.productFamily,
    inquiryType: c.inquiryType,
    priority: c.priority,
    direction: c.originOperator === me ? 'OUTGOING' : 'INCOMING',
    originOperator: c.originOperator,
    destinationOperator: c.destinationOperator,
    status: c.status,
    queue: queueOf(c, me),
    assignee: c.assignee,
    customer: { name: c.customerName, email: c.customerEmail, phone: c.customerPhone, preferredLanguage: c.customerLanguage },
    description: { text: c.descriptionText, language: c.descriptionLanguage },
    openedBy: c.openedByAgent,
    openedAt: c.openedAt.toISOString(),
    acceptedAt: iso(c.acceptedAt),
    resolvedAt: iso(c.resolvedAt),
    resolution: c.resolutionCode
      ? { code: c.resolutionCode, note: c.resolutionNoteText ? { text: c.resolutionNoteText, language: c.resolutionNoteLanguage ?? 'und' } : null }
      : null,
    refusal: c.refusalReason ? { reason: c.refusalReason, detail: c.refusalDetail ?? '' } : null,
    dueAt: iso(c.dueAt),
    deadline: c.deadline ? toDeadlineResponse(c.deadline, viewer.timeZone) : null,
    trackingSummary: c.trackingSummary,
    trackingUpdatedAt: iso(c.trackingUpdatedAt),
    deliveredConsiderResolving: c.deliveredConsiderResolving,
    lastActivityAt: c.lastActivityAt.toISOString(),
    version: c.version,
    allowedActions: allowedActions(c.status, sideOf(c, me)),
    messages: messages?.map(toMessageResponse),
  };
}

export function toMessageResponse(m: CaseMessageEntity): CaseMessageResponse {
  return {
    id: m.id,
    kind: m.kind,
    body: { text: m.bodyText, language: m.bodyLanguage },
    authorAgent: m.authorAgent,
    authorOperator: m.authorOperator,
    sentAt: m.sentAt.toISOString(),
    receivedAfterClose: m.receivedAfterClose,
  };
}

export function toHistoryEntry(h: CaseHistoryEntity): CaseHistoryEntryResponse {
  return {
    occurredAt: h.occurredAt.toISOString(),
    operatorCode: h.operatorCode,
    agentId: h.agentId,
    action: h.action,
    fromStatus: h.fromStatus,
    toStatus: h.toStatus,
    detail: h.detail,
  };
}
