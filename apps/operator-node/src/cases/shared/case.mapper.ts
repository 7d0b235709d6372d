import { allowedActions } from '@postbridge/domain';
import { CaseEntity } from './case.entity';
import { CaseHistoryEntity } from './case-history.entity';
import { CaseMessageEntity } from './case-message.entity';
import { CaseHistoryEntryResponse, CaseMessageResponse, CaseResponse } from './case.response.dto';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function sideOf(c: Pick<CaseEntity, 'originOperator'>, me: string): 'ORIGIN' | 'DESTINATION' {
  return c.originOperator === me ? 'ORIGIN' : 'DESTINATION';
}

export function toCaseResponse(c: CaseEntity, me: string, messages?: CaseMessageEntity[]): CaseResponse {
  return {
    id: c.id,
    itemId: c.itemId,
    productFamily: c.productFamily,
    inquiryType: c.inquiryType,
    direction: c.originOperator === me ? 'OUTGOING' : 'INCOMING',
    originOperator: c.originOperator,
    destinationOperator: c.destinationOperator,
    status: c.status,
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
