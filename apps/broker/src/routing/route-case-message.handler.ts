import { Injectable, Logger, Optional } from '@nestjs/common';
import { decodeProtectedHeader } from 'jose';
import {
  bodyOf,
  bodyProblem,
  EncryptionKeyDirectory,
  Envelope,
  InquiryType as InquiryTypeEnum,
  MessageKind as MessageKindEnum,
  occurredAt,
  ResolutionCode as ResolutionCodeEnum,
  sealedOf,
  TopicNames,
  toCode,
} from '@postbridge/contracts';
import {
  AgreementMatch,
  CaseAction,
  CaseStatus,
  DomainError,
  InquiryType,
  matchAgreement,
  MessageKind,
  PartySide,
  ProductFamily,
  ResolutionCode,
  transition,
  validateS10,
} from '@postbridge/domain';
import { PoisonMessageError } from '@postbridge/messaging';
import { CaseIndexRepository, IndexedCase } from '../case-index/shared/case-index.repository.port';
import { DeadlineService } from '../deadlines/shared/deadline.service';
import { OperatorRegistry } from '../registry/operator-registry';
import { buildRefusalEnvelope, Refusal } from './refusal';
import { RouteTrackingBatchHandler } from './route-tracking-batch.handler';
import type { RoutingScope } from './routing-scope';

export type RoutingOutcome = { routedTo: string; status: CaseStatus } | { refused: Refusal };

type Agreed = Extract<AgreementMatch, { ok: true }>;

export type { RoutingScope } from './routing-scope';

/**
 * Routes one case message from an operator to the other party of the case, keeping the case
 * index in step. The sender was already checked against the topic (verifySender), so
 * `envelope.senderOperator` is trusted here. Anything the broker cannot route is answered with a
 * case.refused to the sender, in the same transaction; it never throws for a routing decision.
 * What is routed also moves the case's deadline clock (DeadlineService), in the same transaction.
 */
@Injectable()
export class RouteCaseMessageHandler {
  private readonly logger = new Logger(RouteCaseMessageHandler.name);

  constructor(
    private readonly registry: OperatorRegistry,
    private readonly cases: CaseIndexRepository,
    private readonly topics: TopicNames,
    private readonly tracking: RouteTrackingBatchHandler,
    private readonly deadlines: DeadlineService,
    // The network file's encryption keys: sealed content for a key the recipient does not list is
    // refused back to its sender, who would otherwise never hear that the recipient cannot read it.
    @Optional() private readonly encryptionKeys?: EncryptionKeyDirectory,
  ) {}

  async route(envelope: Envelope, scope: RoutingScope): Promise<RoutingOutcome> {
    // Only the broker says these; checked first so that their bodies are never judged (or refused).
    if (envelope.type === 'case.refused' || envelope.type === 'case.deadline') {
      // Dead-lettering (not refusing) them also means refusals never loop.
      throw new PoisonMessageError('TYPE_NOT_ACCEPTED', `operators may not send ${envelope.type} (sent by ${envelope.senderOperator})`);
    }
    // A body the receiving node could not store is refused here, so its sender hears about it.
    const problem = bodyProblem(envelope) ?? this.sealedKeyProblem(envelope);
    if (problem) return this.refuse(envelope, { reason: 'INVALID_MESSAGE', detail: problem }, scope);
    switch (envelope.type) {
      case 'case.opened':
        return this.routeOpened(envelope, scope);
      case 'case.accepted':
      case 'case.message_added':
      case 'case.resolved':
        return this.routeFollowUp(envelope, scope);
      case 'case.erased':
      case 'case.erasure_confirmed':
        return this.routeErasure(envelope, scope);
      default:
        throw new PoisonMessageError('UNKNOWN_TYPE', `the broker does not route "${envelope.type}"`);
    }
  }

  private async routeOpened(envelope: Envelope, scope: RoutingScope): Promise<RoutingOutcome> {
    const body = bodyOf(envelope, 'case.opened');
    const sender = envelope.senderOperator;
    const destination = envelope.recipientOperator;
    const cases = this.cases.inTransaction(scope.manager);
    const existing = await cases.findById(envelope.caseId, { forUpdate: true });

    const item = validateS10(body.itemId);
    const itemId = item.ok ? item.value.id : null;
    const family = item.ok ? item.value.productFamily : null;
    const inquiryType = toCode<InquiryType>(InquiryTypeEnum, body.inquiryType);
    const checked = this.checkOpened(envelope, existing, itemId, family, inquiryType);

    if ('reason' in checked) {
      // Ops see refused openings too, unless the id belongs to another case or the body is unusable.
      if (!existing && itemId && inquiryType) {
        const refused = transition(transition(null, { type: 'OPEN' }, 'ORIGIN'), { type: 'REFUSE' }, 'NETWORK');
        await cases.insert(this.newRow(envelope, itemId, inquiryType, refused, checked.reason));
      }
      return this.refuse(envelope, checked, scope);
    }

    const status = transition(null, { type: 'OPEN' }, 'ORIGIN');
    // Non-null: checkOpened refuses any opening without a valid item id and inquiry type.
    await cases.insert(this.newRow(envelope, itemId!, inquiryType!, status, null));
    // The case names the item's parties: tracking events held for want of a destination go there now.
    await this.tracking.releaseForOpenedCase({ itemId: itemId!, originOperator: sender, destinationOperator: destination }, scope);
    const outcome = await this.forward(envelope, destination, status, scope, sender);
    // After the forwarded opening in the outbox: the destination learns of the case before its deadline.
    await this.deadlines.caseOpened(
      { caseId: envelope.caseId, itemId: itemId!, originOperator: sender, responderOperator: destination, inquiryType: inquiryType!, productFamily: family!, agreement: checked },
      scope,
    );
    return outcome;
  }

  /**
   * First reason to turn the opening away, in a fixed order so the reason is stable; otherwise the
   * agreement (network, target, reminders) the case runs under.
   */
  private checkOpened(envelope: Envelope, existing: IndexedCase | null, itemId: string | null, family: ProductFamily | null, inquiryType: InquiryType | null): Refusal | Agreed {
    const body = bodyOf(envelope, 'case.opened');
    const sender = envelope.senderOperator;
    const destination = envelope.recipientOperator;
    if (body.originOperator !== sender) {
      return { reason: 'INVALID_MESSAGE', detail: `origin_operator ${body.originOperator || '(empty)'} is not the sender ${sender}` };
    }
    if (body.destinationOperator !== destination) {
      return { reason: 'INVALID_MESSAGE', detail: `destination_operator ${body.destinationOperator || '(empty)'} differs from recipient_operator ${destination}` };
    }
    if (!itemId) return { reason: 'INVALID_MESSAGE', detail: `item_id "${body.itemId}" is not a valid S10 item id` };
    if (!inquiryType) return { reason: 'INVALID_MESSAGE', detail: 'inquiry_type is unspecified' };
    if (destination === sender) return { reason: 'SELF_ADDRESSED', detail: `${sender} addressed a case to itself` };
    const dest = this.registry.find(destination);
    if (!dest) return { reason: 'UNKNOWN_DESTINATION', detail: `${destination} is not an operator of this network` };
    if (!dest.active) return { reason: 'INACTIVE_DESTINATION', detail: `${destination} (${dest.name}) does not accept new cases` };
    // Non-null family: a valid item id has one. The sender is registered (verifySender checked its topic).
    const agreement = matchAgreement(this.registry.agreements(), this.registry.find(sender)?.networks ?? [], dest.networks, family!, inquiryType);
    if (!agreement.ok) {
      return { reason: agreement.code, detail: `${sender} → ${destination}, ${family} item ${itemId}, ${inquiryType}: ${agreement.detail}` };
    }
    if (existing) {
      if (existing.originOperator !== sender || existing.destinationOperator !== destination) {
        return { reason: 'NOT_A_PARTY', detail: `case ${envelope.caseId} already exists between other operators` };
      }
      // Same parties, new message id: a second opening of a case the broker already has.
      return this.transitionRefusal(existing.status, { type: 'OPEN' }, 'ORIGIN') ?? { reason: 'INVALID_MESSAGE', detail: `case ${envelope.caseId} is already open` };
    }
    return agreement;
  }

  private async routeFollowUp(envelope: Envelope, scope: RoutingScope): Promise<RoutingOutcome> {
    const sender = envelope.senderOperator;
    const cases = this.cases.inTransaction(scope.manager);
    // Locked: the two parties write different topics, so their messages for one case can race.
    const row = await cases.findById(envelope.caseId, { forUpdate: true });
    if (!row) return this.refuse(envelope, { reason: 'UNKNOWN_CASE', detail: `no case ${envelope.caseId} has been opened through this broker` }, scope);

    if (sender !== row.originOperator && sender !== row.destinationOperator) {
      return this.refuse(envelope, { reason: 'NOT_A_PARTY', detail: `${sender} is not a party to case ${envelope.caseId}` }, scope);
    }
    const side: PartySide = sender === row.originOperator ? 'ORIGIN' : 'DESTINATION';
    const other = side === 'ORIGIN' ? row.destinationOperator : row.originOperator;
    if (envelope.recipientOperator !== other) {
      return this.refuse(envelope, { reason: 'NOT_A_PARTY', detail: `${envelope.recipientOperator} is not the other party of case ${envelope.caseId} (expected ${other})` }, scope);
    }

    const action = this.actionOf(envelope);
    if ('reason' in action) return this.refuse(envelope, action, scope);
    let status: CaseStatus;
    try {
      status = transition(row.status, action.action, side);
    } catch (e) {
      if (e instanceof DomainError) return this.refuse(envelope, this.domainRefusal(e), scope);
      throw e;
    }

    const at = occurredAt(envelope);
    await cases.update(row.caseId, {
      status,
      lastMessageType: envelope.type,
      lastMessageAt: at,
      messageCount: row.messageCount + 1,
      ...(action.resolution ? { resolvedAt: at, resolutionCode: action.resolution } : {}),
    });
    // Routed even if the recipient has since become inactive: only new cases are turned away.
    const outcome = await this.forward(envelope, other, status, scope, sender);
    if (action.action.type === 'MESSAGE') await this.deadlines.messageRouted(row.caseId, action.action.kind, side, scope);
    else if (action.action.type === 'RESOLVE') await this.deadlines.caseResolved(row.caseId, scope);
    return outcome;
  }

  private sealedKeyProblem(envelope: Envelope): string | null {
    const sealed = sealedOf(envelope);
    if (!sealed || !this.encryptionKeys) return null;
    // The shape was checked (bodyProblem): the header decodes and names a key.
    const kid = decodeProtectedHeader(sealed.jwe).kid as string;
    const listed = this.encryptionKeys.keysOf(envelope.recipientOperator).map((k) => k.id);
    return listed.includes(kid) ? null : `sealed for key "${kid}", which ${envelope.recipientOperator} does not list in the network file (listed: ${listed.join(', ') || 'none'})`;
  }

  /**
   * An erasure and its confirmation pass between the parties in any state (a case may be erased
   * while open, when forced): they change neither the case's status nor its clock. The broker holds
   * no customer data of its own to erase.
   */
  private async routeErasure(envelope: Envelope, scope: RoutingScope): Promise<RoutingOutcome> {
    const sender = envelope.senderOperator;
    const row = await this.cases.inTransaction(scope.manager).findById(envelope.caseId, { forUpdate: true });
    if (!row) return this.refuse(envelope, { reason: 'UNKNOWN_CASE', detail: `no case ${envelope.caseId} has been opened through this broker` }, scope);
    if (sender !== row.originOperator && sender !== row.destinationOperator) {
      return this.refuse(envelope, { reason: 'NOT_A_PARTY', detail: `${sender} is not a party to case ${envelope.caseId}` }, scope);
    }
    const other = sender === row.originOperator ? row.destinationOperator : row.originOperator;
    if (envelope.recipientOperator !== other) {
      return this.refuse(envelope, { reason: 'NOT_A_PARTY', detail: `${envelope.recipientOperator} is not the other party of case ${envelope.caseId} (expected ${other})` }, scope);
    }
    return this.forward(envelope, other, row.status, scope, sender);
  }

  private actionOf(envelope: Envelope): { action: CaseAction; resolution?: ResolutionCode } | Refusal {
    switch (envelope.type) {
      case 'case.accepted':
        return { action: { type: 'ACCEPT' } };
      case 'case.message_added': {
        const kind = toCode<MessageKind>(MessageKindEnum, bodyOf(envelope, 'case.message_added').kind);
        return kind ? { action: { type: 'MESSAGE', kind } } : { reason: 'INVALID_MESSAGE', detail: 'message kind is unspecified' };
      }
      case 'case.resolved': {
        const code = toCode<ResolutionCode>(ResolutionCodeEnum, bodyOf(envelope, 'case.resolved').resolutionCode);
        return code ? { action: { type: 'RESOLVE' }, resolution: code } : { reason: 'INVALID_MESSAGE', detail: 'resolution_code is unspecified' };
      }
      default:
        throw new PoisonMessageError('UNKNOWN_TYPE', `"${envelope.type}" is not a follow-up message`);
    }
  }

  private transitionRefusal(from: CaseStatus, action: CaseAction, side: PartySide): Refusal | null {
    try {
      transition(from, action, side);
      return null;
    } catch (e) {
      if (e instanceof DomainError) return this.domainRefusal(e);
      throw e;
    }
  }

  private domainRefusal(e: DomainError): Refusal {
    return { reason: 'INVALID_MESSAGE', detail: `${e.code}: ${e.message}` };
  }

  private newRow(envelope: Envelope, itemId: string, inquiryType: InquiryType, status: CaseStatus, refusalReason: string | null) {
    const at = occurredAt(envelope);
    return {
      caseId: envelope.caseId,
      itemId,
      inquiryType,
      originOperator: envelope.senderOperator,
      destinationOperator: envelope.recipientOperator,
      status,
      openedAt: at,
      lastMessageType: envelope.type,
      lastMessageAt: at,
      messageCount: 1,
      resolvedAt: null,
      resolutionCode: null,
      refusalReason,
    };
  }

  private async forward(envelope: Envelope, recipient: string, status: CaseStatus, scope: RoutingScope, sender: string): Promise<RoutingOutcome> {
    // The message as its sender signed it (same bytes, same message id): the recipient dedupes on
    // it and verifies the origin's signature. The envelope was validated and has no unknown fields.
    await scope.enqueue({ topic: this.topics.caseIn(recipient), key: envelope.caseId, envelope, forward: scope.signedValue ?? undefined });
    this.logger.log(`routed ${envelope.type} ${envelope.messageId} of case ${envelope.caseId}: ${sender} → ${recipient} (${status})`);
    return { routedTo: recipient, status };
  }

  private async refuse(envelope: Envelope, refusal: Refusal, scope: RoutingScope): Promise<RoutingOutcome> {
    if (envelope.type === 'case.refused') throw new PoisonMessageError('TYPE_NOT_ACCEPTED', 'a refusal is never refused');
    await scope.enqueue({ topic: this.topics.caseIn(envelope.senderOperator), key: envelope.caseId, envelope: buildRefusalEnvelope(envelope, refusal) });
    this.logger.warn(`refused ${envelope.type} ${envelope.messageId} of case ${envelope.caseId} from ${envelope.senderOperator}: ${refusal.reason}: ${refusal.detail}`);
    return { refused: refusal };
  }
}
