import { Injectable, Logger } from '@nestjs/common';
import {
  BROKER_SENDER_CODE, bodyOf, CasePriority as PCasePriority, Envelope, InquiryReason as PInquiryReason, InquiryType as PInquiryType, LanguageSource as PLanguageSource, MessageKind as PMessageKind,
  occurredAt, RefusalReason as PRefusalReason, ReplyOutcome as PReplyOutcome, RequestedAction as PRequestedAction, ResolutionCode as PResolutionCode, timestampDate, toCode,
} from '@postbridge/contracts';
import { CasePriority, InquiryReason, InquiryType, isTerminal, LanguageSource, MessageKind, parseS10, RefusalReason, ReplyOutcome, RequestedAction, ResolutionCode, transition } from '@postbridge/domain';
import { EnvelopeContext, PoisonMessageError } from '@postbridge/messaging';
import { AlertWriter } from '../../alerts/shared/alert-writer';
import { caseAlert } from '../../alerts/shared/case-alerts';
import { NodeContext } from '../../node-context';
import { ErasureRepository } from '../../privacy/shared/erasure.repository.port';
import { caseAcceptedEnvelope } from '../shared/case-envelopes';
import { CaseEntity } from '../shared/case.entity';
import { CaseMessageEntity } from '../shared/case-message.entity';
import { CaseRepository } from '../shared/case.repository.port';
import { lockInboundCase } from './inbound-case';
import { InboundCaseQuota } from './inbound-case-quota';
import { checkBody, code, required } from './inbound-fields';

/**
 * Applies what the partner post (through the broker) says about a case to this node's copy.
 * Runs inside the transport's transaction: the inbox claim, these writes, any reply message and
 * the alerts they raise commit together (alerts last: see AlertWriter).
 */
@Injectable()
export class ApplyInboundCaseHandler {
  private readonly logger = new Logger(ApplyInboundCaseHandler.name);

  constructor(
    private readonly node: NodeContext,
    private readonly cases: CaseRepository,
    private readonly alerts: AlertWriter,
    private readonly quota: InboundCaseQuota,
    private readonly erasures: ErasureRepository,
  ) {}

  async caseOpened(env: Envelope, ctx: EnvelopeContext): Promise<void> {
    checkBody(env);
    const me = this.node.operatorCode;
    const b = bodyOf(env, 'case.opened');
    if (b.destinationOperator !== me) throw new PoisonMessageError('MISDIRECTED', `case for ${b.destinationOperator} delivered to ${me}`);
    if (b.originOperator !== env.senderOperator) throw new PoisonMessageError('INVALID_FIELD', 'origin_operator differs from the sender');
    if (await this.cases.findById(env.caseId, ctx.manager)) {
      this.logger.warn(`case ${env.caseId} already known; ignoring a second case.opened`);
      return;
    }
    let item;
    try {
      item = parseS10(required(b.itemId, 'item_id'));
    } catch (e) {
      throw new PoisonMessageError('INVALID_FIELD', `item_id: ${(e as Error).message}`);
    }
    const openedAt = occurredAt(env);
    const now = new Date();
    // The partner erased the case before its opening got here (applyPartnerErasure recorded it for a
    // case this node did not hold yet): the copy is stored without the customer's data, as the
    // CaseAnonymiser leaves a case, so nothing the erasure covers is kept here.
    const erased = (await this.erasures.ofCases([env.caseId], ctx.manager)).find((e) => e.origin === 'PARTNER' && e.partnerOperator === b.originOperator);
    const submitted = transition(null, { type: 'OPEN' }, 'ORIGIN');
    const open = transition(submitted, { type: 'ACCEPT' }, 'DESTINATION');
    const customer = {
      customerName: required(b.customer?.name, 'customer.name'), customerEmail: b.customer?.email || null,
      customerPhone: b.customer?.phone || null, customerLanguage: b.customer?.preferredLanguage || null,
      descriptionText: required(b.description?.text, 'description.text'),
    };
    const c: CaseEntity = Object.assign(new CaseEntity(), {
      id: env.caseId, itemId: item.id, productFamily: item.productFamily,
      inquiryType: code<InquiryType>(PInquiryType, b.inquiryType, 'inquiry_type'),
      originOperator: b.originOperator, destinationOperator: me, status: open,
      ...(erased
        ? { customerName: '', customerEmail: null, customerPhone: null, customerLanguage: null, descriptionText: '', personalDataRemovedAt: erased.erasedAt, personalDataRemoval: 'ERASURE' as const }
        : customer),
      descriptionLanguage: b.description?.language || 'und', descriptionLanguageSource: languageSource(b.description?.languageSource),
      reasons: b.reasons.map((r) => code<InquiryReason>(PInquiryReason, r, 'reasons')),
      requestedActions: b.requestedActions.map((a) => code<RequestedAction>(PRequestedAction, a, 'requested_actions')),
      openedByAgent: b.openedBy?.agentId || 'unknown', openedAt, acceptedAt: now, resolvedAt: null, resolutionCode: null,
      resolutionNoteText: null, resolutionNoteLanguage: null, resolutionNoteLanguageSource: null, refusalReason: null, refusalDetail: null,
      dueAt: null, trackingSummary: null, lastActivityAt: now, version: 1, idempotencyKey: null, trackingUpdatedAt: null, deliveredConsiderResolving: false, createdAt: now, updatedAt: now,
      // Unspecified (an older sender) or a value this build does not know reads as NORMAL.
      priority: toCode<CasePriority>(PCasePriority, b.priority) ?? 'NORMAL',
      assignee: null, assignedAt: null, firstResponseAt: null, deadlineState: null, deadline: null,
    });
    await this.cases.insert(ctx.manager, c);
    await this.cases.addHistory(
      ctx.manager,
      { caseId: c.id, occurredAt: openedAt, operatorCode: c.originOperator, agentId: c.openedByAgent, action: 'OPENED', fromStatus: null, toStatus: submitted, detail: { itemId: c.itemId, inquiryType: c.inquiryType, reasons: c.reasons, requestedActions: c.requestedActions, priority: c.priority }, envelopeMessageId: env.messageId },
      { caseId: c.id, occurredAt: now, operatorCode: me, agentId: null, action: 'DELIVERED', fromStatus: submitted, toStatus: open, detail: {}, envelopeMessageId: null },
    );
    await ctx.enqueue({ topic: this.node.outboundCaseTopic, key: c.id, envelope: caseAcceptedEnvelope(c, me, now) });
    const inquiry = { openedBy: c.openedByAgent, customerLanguage: c.customerLanguage };
    const pastQuota = await this.quota.count(ctx.manager, c, me);
    await this.alerts.raise(
      ctx.manager,
      caseAlert(c, me, 'NEW_INQUIRY', inquiry),
      ...(c.priority === 'URGENT' ? [caseAlert(c, me, 'URGENT_INQUIRY', inquiry)] : []),
      ...(pastQuota ? [pastQuota] : []),
    );
  }

  async caseAccepted(env: Envelope, ctx: EnvelopeContext): Promise<void> {
    checkBody(env);
    const c = await this.load(env, ctx);
    const from = c.status;
    const to = transition(from, { type: 'ACCEPT' }, this.sideOfSender(c, env));
    const at = occurredAt(env);
    await this.cases.update(ctx.manager, c, { status: to, acceptedAt: c.acceptedAt ?? at, lastActivityAt: new Date() });
    await this.cases.addHistory(ctx.manager, { caseId: c.id, occurredAt: at, operatorCode: env.senderOperator, agentId: null, action: 'DELIVERED', fromStatus: from, toStatus: to, detail: {}, envelopeMessageId: env.messageId });
  }

  async caseMessageAdded(env: Envelope, ctx: EnvelopeContext): Promise<void> {
    checkBody(env);
    const b = bodyOf(env, 'case.message_added');
    const c = await this.load(env, ctx);
    const kind = code<MessageKind>(PMessageKind, b.kind, 'kind');
    const at = occurredAt(env);
    const from = c.status;
    // A message that crossed the resolution in flight is kept and marked, not lost.
    const afterClose = isTerminal(from);
    const to = afterClose ? from : transition(from, { type: 'MESSAGE', kind }, this.sideOfSender(c, env));
    const bodyText = required(b.body?.text, 'body.text');
    // The case's personal data was removed (an erasure, possibly forced while the case was open, or
    // retention): the partner's text and who signed are not stored, as the CaseAnonymiser leaves
    // them, or they would be kept forever (nothing anonymises the case again).
    const removed = hasNoPersonalData(c);
    const m: CaseMessageEntity = Object.assign(new CaseMessageEntity(), {
      id: required(b.messageRef, 'message_ref'), caseId: c.id, kind, bodyText: removed ? '' : bodyText, bodyLanguage: b.body?.language || 'und',
      bodyLanguageSource: languageSource(b.body?.languageSource), outcome: toCode<ReplyOutcome>(PReplyOutcome, b.outcome), eventAt: b.eventAt ? timestampDate(b.eventAt) : null,
      signedBy: removed ? null : b.signedBy || null, office: b.office || null, templateId: b.templateId || null,
      authorAgent: b.author?.agentId || 'unknown', authorOperator: env.senderOperator, sentAt: at, receivedAfterClose: afterClose, createdAt: new Date(),
    });
    await this.cases.addMessage(ctx.manager, m);
    const firstResponse = env.senderOperator === c.destinationOperator && c.firstResponseAt === null ? { firstResponseAt: at } : {};
    await this.cases.update(ctx.manager, c, { status: to, lastActivityAt: new Date(), ...firstResponse });
    await this.cases.addHistory(ctx.manager, {
      caseId: c.id, occurredAt: at, operatorCode: env.senderOperator, agentId: m.authorAgent, action: 'MESSAGE_ADDED', fromStatus: from, toStatus: to,
      detail: { kind, messageId: m.id, language: m.bodyLanguage, ...(m.outcome ? { outcome: m.outcome } : {}), ...(m.templateId ? { templateId: m.templateId } : {}), ...(afterClose ? { receivedAfterClose: true } : {}) },
      envelopeMessageId: env.messageId,
    });
    await this.alerts.raise(ctx.manager, caseAlert(c, this.node.operatorCode, 'REPLY_RECEIVED', { kind, messageId: m.id, author: m.authorAgent, ...(m.outcome ? { outcome: m.outcome } : {}), ...(afterClose ? { receivedAfterClose: true } : {}) }));
  }

  async caseResolved(env: Envelope, ctx: EnvelopeContext): Promise<void> {
    checkBody(env);
    const b = bodyOf(env, 'case.resolved');
    const c = await this.load(env, ctx);
    const from = c.status;
    const to = transition(from, { type: 'RESOLVE' }, this.sideOfSender(c, env));
    const at = occurredAt(env);
    const resolutionCode = code<ResolutionCode>(PResolutionCode, b.resolutionCode, 'resolution_code');
    // No note on a case whose personal data was removed (see caseMessageAdded); its language stays, as the anonymiser leaves it.
    const noteText = hasNoPersonalData(c) ? null : b.note?.text || null;
    const now = new Date();
    await this.cases.update(ctx.manager, c, {
      // resolvedAt is the partner's time, shown and reported; closedAt is this node's, for retention.
      status: to, resolvedAt: at, closedAt: now, resolutionCode, resolutionNoteText: noteText, resolutionNoteLanguage: b.note?.text ? b.note.language || 'und' : null,
      resolutionNoteLanguageSource: b.note?.text ? languageSource(b.note.languageSource) : null, lastActivityAt: now,
    });
    await this.cases.addHistory(ctx.manager, {
      caseId: c.id, occurredAt: at, operatorCode: env.senderOperator, agentId: b.resolvedBy?.agentId || null, action: 'RESOLVED', fromStatus: from, toStatus: to,
      detail: { resolutionCode }, envelopeMessageId: env.messageId,
    });
  }

  async caseRefused(env: Envelope, ctx: EnvelopeContext): Promise<void> {
    checkBody(env);
    const b = bodyOf(env, 'case.refused');
    const c = await this.load(env, ctx);
    const reason = code<RefusalReason>(PRefusalReason, b.reason, 'reason');
    const at = occurredAt(env);
    const from = c.status;
    // A refused re-send of an opening the partner already has must not undo the case.
    if (b.refusedType === 'case.opened' && from === 'SUBMITTED') {
      const to = transition(from, { type: 'REFUSE' }, 'NETWORK');
      const now = new Date();
      await this.cases.update(ctx.manager, c, { status: to, refusalReason: reason, refusalDetail: b.detail, lastActivityAt: now, closedAt: now });
      await this.cases.addHistory(ctx.manager, { caseId: c.id, occurredAt: at, operatorCode: BROKER_SENDER_CODE, agentId: null, action: 'REFUSED', fromStatus: from, toStatus: to, detail: { reason, detail: b.detail }, envelopeMessageId: env.messageId });
      await this.alerts.raise(ctx.manager, caseAlert(c, this.node.operatorCode, 'CASE_REFUSED', { reason, detail: b.detail, refusedType: b.refusedType }));
      return;
    }
    // A later message was refused: the case stays as it is, the history says what did not get through.
    await this.cases.update(ctx.manager, c, { lastActivityAt: new Date() });
    await this.cases.addHistory(ctx.manager, {
      caseId: c.id, occurredAt: at, operatorCode: BROKER_SENDER_CODE, agentId: null, action: 'MESSAGE_REFUSED', fromStatus: from, toStatus: from,
      detail: { reason, detail: b.detail, refusedType: b.refusedType, refusedMessageId: b.refusedMessageId }, envelopeMessageId: env.messageId,
    });
    await this.alerts.raise(ctx.manager, caseAlert(c, this.node.operatorCode, 'CASE_REFUSED', { reason, detail: b.detail, refusedType: b.refusedType, refusedMessageId: b.refusedMessageId }));
  }

  private load(env: Envelope, ctx: EnvelopeContext): Promise<CaseEntity> {
    return lockInboundCase(this.cases, this.node.operatorCode, env, ctx.manager);
  }

  private sideOfSender(c: CaseEntity, env: Envelope): 'ORIGIN' | 'DESTINATION' {
    return env.senderOperator === c.originOperator ? 'ORIGIN' : 'DESTINATION';
  }
}

const hasNoPersonalData = (c: CaseEntity): boolean => c.personalDataRemovedAt != null;

// A sender older than language_source leaves it unspecified: its tags were always the agent's.
const languageSource = (v: number | undefined): LanguageSource => toCode<LanguageSource>(PLanguageSource, v ?? 0) ?? 'GIVEN';
