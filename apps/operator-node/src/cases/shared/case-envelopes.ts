import {
  buildEnvelope, create, ActorSchema, CaseAcceptedSchema, CasePriority as PCasePriority, CaseMessageAddedSchema, CaseOpenedSchema, CaseResolvedSchema, CustomerContactSchema, Envelope, fromCode,
  InquiryReason as PInquiryReason, InquiryType as PInquiryType, LanguageSource as PLanguageSource, LocalizedTextSchema, MessageKind as PMessageKind, ReplyOutcome as PReplyOutcome,
  RequestedAction as PRequestedAction, ResolutionCode as PResolutionCode, timestampFromDate,
} from '@postbridge/contracts';
import type { LanguageSource, MessageKind, ResolutionCode } from '@postbridge/domain';
import type { TaggedText } from './free-text';
import type { Agent } from './agent.decorator';
import { CaseEntity } from './case.entity';
import { CaseMessageEntity } from './case-message.entity';

// Builders for what this node tells the other party. Codes travel as proto enums, text with its language.

const actor = (a: Agent, operatorCode: string) => create(ActorSchema, { agentId: a.id, displayName: a.displayName, operatorCode });
const text = (t: string, language: string, source: LanguageSource) => create(LocalizedTextSchema, { text: t, language, languageSource: fromCode(PLanguageSource, source) });
const counterpart = (c: CaseEntity, me: string) => (c.originOperator === me ? c.destinationOperator : c.originOperator);

export function caseOpenedEnvelope(c: CaseEntity, agent: Agent): Envelope {
  return buildEnvelope({
    type: 'case.opened',
    sender: c.originOperator,
    recipient: c.destinationOperator,
    caseId: c.id,
    occurredAt: c.openedAt,
    body: create(CaseOpenedSchema, {
      itemId: c.itemId,
      inquiryType: fromCode(PInquiryType, c.inquiryType),
      originOperator: c.originOperator,
      destinationOperator: c.destinationOperator,
      customer: create(CustomerContactSchema, { name: c.customerName, email: c.customerEmail ?? '', phone: c.customerPhone ?? '', preferredLanguage: c.customerLanguage ?? '' }),
      description: text(c.descriptionText, c.descriptionLanguage, c.descriptionLanguageSource),
      openedBy: actor(agent, c.originOperator),
      priority: fromCode(PCasePriority, c.priority),
      reasons: c.reasons.map((r) => fromCode(PInquiryReason, r)),
      requestedActions: c.requestedActions.map((a) => fromCode(PRequestedAction, a)),
    }),
  });
}

export function caseAcceptedEnvelope(c: CaseEntity, me: string, at: Date): Envelope {
  return buildEnvelope({
    type: 'case.accepted',
    sender: me,
    recipient: counterpart(c, me),
    caseId: c.id,
    occurredAt: at,
    body: create(CaseAcceptedSchema, { acceptedBy: create(ActorSchema, { agentId: 'system', displayName: 'PostBridge node', operatorCode: me }) }),
  });
}

export function caseMessageEnvelope(c: CaseEntity, me: string, m: CaseMessageEntity, agent: Agent): Envelope {
  return buildEnvelope({
    type: 'case.message_added',
    sender: me,
    recipient: counterpart(c, me),
    caseId: c.id,
    occurredAt: m.sentAt,
    body: create(CaseMessageAddedSchema, {
      messageRef: m.id,
      kind: fromCode(PMessageKind, m.kind as MessageKind),
      body: text(m.bodyText, m.bodyLanguage, m.bodyLanguageSource),
      author: actor(agent, me),
      outcome: m.outcome ? fromCode(PReplyOutcome, m.outcome) : PReplyOutcome.UNSPECIFIED,
      eventAt: m.eventAt ? timestampFromDate(m.eventAt) : undefined,
      signedBy: m.signedBy ?? '',
      office: m.office ?? '',
      templateId: m.templateId ?? '',
    }),
  });
}

export function caseResolvedEnvelope(c: CaseEntity, me: string, code: ResolutionCode, note: TaggedText | null, agent: Agent, at: Date): Envelope {
  return buildEnvelope({
    type: 'case.resolved',
    sender: me,
    recipient: counterpart(c, me),
    caseId: c.id,
    occurredAt: at,
    body: create(CaseResolvedSchema, {
      resolutionCode: fromCode(PResolutionCode, code),
      note: note ? text(note.text, note.language, note.languageSource) : undefined,
      resolvedBy: actor(agent, me),
    }),
  });
}
