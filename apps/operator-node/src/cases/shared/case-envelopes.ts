import { buildEnvelope, create, ActorSchema, CaseAcceptedSchema, CasePriority as PCasePriority, CaseMessageAddedSchema, CaseOpenedSchema, CaseResolvedSchema, CustomerContactSchema, Envelope, fromCode, InquiryType as PInquiryType, LocalizedTextSchema, MessageKind as PMessageKind, ResolutionCode as PResolutionCode } from '@postbridge/contracts';
import type { MessageKind, ResolutionCode } from '@postbridge/domain';
import type { Agent } from './agent.decorator';
import { CaseEntity } from './case.entity';
import { CaseMessageEntity } from './case-message.entity';

// Builders for what this node tells the other party. Codes travel as proto enums, text with its language.

const actor = (a: Agent, operatorCode: string) => create(ActorSchema, { agentId: a.id, displayName: a.displayName, operatorCode });
const text = (t: string, language: string) => create(LocalizedTextSchema, { text: t, language });
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
      description: text(c.descriptionText, c.descriptionLanguage),
      openedBy: actor(agent, c.originOperator),
      priority: fromCode(PCasePriority, c.priority),
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
      body: text(m.bodyText, m.bodyLanguage),
      author: actor(agent, me),
    }),
  });
}

export function caseResolvedEnvelope(c: CaseEntity, me: string, code: ResolutionCode, note: { text: string; language: string } | null, agent: Agent, at: Date): Envelope {
  return buildEnvelope({
    type: 'case.resolved',
    sender: me,
    recipient: counterpart(c, me),
    caseId: c.id,
    occurredAt: at,
    body: create(CaseResolvedSchema, {
      resolutionCode: fromCode(PResolutionCode, code),
      note: note ? text(note.text, note.language) : undefined,
      resolvedBy: actor(agent, me),
    }),
  });
}
