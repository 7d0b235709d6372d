import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { transition } from '@postbridge/domain';
import { UnitOfWork } from '@postbridge/messaging';
import { ApiException } from '@postbridge/platform';
import type { Reader } from '../../i18n/reader';
import { NodeContext } from '../../node-context';
import { Agent } from '../shared/agent.decorator';
import { caseOpenedEnvelope } from '../shared/case-envelopes';
import { CaseEntity } from '../shared/case.entity';
import { CaseRepository } from '../shared/case.repository.port';
import { tagFreeText } from '../shared/free-text';
import { OpenCaseRequest } from './open-case.request.dto';
import { CaseAutoPopulation } from './case-auto-population';

/** A retry comes within minutes; after a day the key may name a new request. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;

@Injectable()
export class OpenCaseService {
  constructor(
    private readonly node: NodeContext,
    private readonly cases: CaseRepository,
    private readonly uow: UnitOfWork,
    private readonly autoPopulation: CaseAutoPopulation,
  ) {}

  /**
   * Stores the case and its `case.opened` message in one transaction; the relay delivers it.
   * With an idempotency key, a retried request returns the case the first one opened.
   */
  async execute(req: OpenCaseRequest, agent: Agent, reader: Reader, idempotencyKey?: string): Promise<{ case: CaseEntity; replayed: boolean }> {
    if (idempotencyKey) {
      const earlier = await this.cases.findByIdempotencyKey(idempotencyKey);
      if (earlier && Date.now() - earlier.createdAt.getTime() > IDEMPOTENCY_KEY_TTL_MS) await this.cases.releaseIdempotencyKey(earlier.id, idempotencyKey);
      else if (earlier) return { case: this.sameRequest(earlier, req, agent), replayed: true };
    }
    try {
      return { case: await this.open(req, agent, reader, idempotencyKey ?? null), replayed: false };
    } catch (e) {
      // Two retries raced: the loser returns the winner's case.
      if (idempotencyKey && (e as { code?: string }).code === '23505') {
        const earlier = await this.cases.findByIdempotencyKey(idempotencyKey);
        if (earlier) return { case: this.sameRequest(earlier, req, agent), replayed: true };
      }
      throw e;
    }
  }

  private sameRequest(earlier: CaseEntity, req: OpenCaseRequest, agent: Agent): CaseEntity {
    const same =
      earlier.itemId === req.itemId && (req.destinationOperator === undefined || earlier.destinationOperator === req.destinationOperator) && earlier.inquiryType === req.inquiryType &&
      earlier.priority === (req.priority ?? 'NORMAL') && earlier.openedByAgent === agent.id &&
      // A case opened before reasons existed has none: its key still replays.
      (earlier.reasons.length === 0 || (sameCodes(earlier.reasons, req.reasons) && sameCodes(earlier.requestedActions, req.requestedActions ?? [])));
    if (!same) {
      throw new ApiException(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different case request', { caseId: earlier.id });
    }
    return earlier;
  }

  private async open(req: OpenCaseRequest, agent: Agent, reader: Reader, idempotencyKey: string | null): Promise<CaseEntity> {
    const me = this.node.operatorCode;
    const now = new Date();
    const tracking = await this.autoPopulation.planNewCase(req, now);
    const { item, destinationOperator } = tracking;
    const description = tagFreeText(req.description, reader);
    const c: CaseEntity = Object.assign(new CaseEntity(), {
      id: randomUUID(),
      itemId: item.id,
      productFamily: item.productFamily,
      inquiryType: req.inquiryType,
      reasons: req.reasons,
      requestedActions: req.requestedActions ?? [],
      priority: req.priority ?? 'NORMAL',
      originOperator: me,
      destinationOperator,
      status: transition(null, { type: 'OPEN' }, 'ORIGIN'),
      customerName: req.customer.name,
      customerEmail: req.customer.email ?? null,
      customerPhone: req.customer.phone ?? null,
      customerLanguage: req.customer.preferredLanguage ?? null,
      descriptionText: description.text,
      descriptionLanguage: description.language,
      descriptionLanguageSource: description.languageSource,
      openedByAgent: agent.id,
      openedAt: now,
      acceptedAt: null,
      resolvedAt: null,
      resolutionCode: null,
      resolutionNoteText: null,
      resolutionNoteLanguage: null,
      resolutionNoteLanguageSource: null,
      refusalReason: null,
      refusalDetail: null,
      dueAt: null,
      trackingSummary: tracking.summary,
      lastActivityAt: now,
      version: 1,
      idempotencyKey,
      trackingUpdatedAt: null,
      deliveredConsiderResolving: tracking.delivered,
      assignee: null,
      assignedAt: null,
      firstResponseAt: null,
      deadlineState: null,
      deadline: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.uow.run(async ({ manager, enqueue }) => {
      await this.cases.insert(manager, c);
      await this.cases.addHistory(manager, {
        caseId: c.id, occurredAt: now, operatorCode: me, agentId: agent.id, action: 'OPENED', fromStatus: null, toStatus: c.status,
        detail: { itemId: c.itemId, inquiryType: c.inquiryType, reasons: c.reasons, requestedActions: c.requestedActions, destinationOperator: c.destinationOperator, priority: c.priority }, envelopeMessageId: null,
      });
      const envelope = caseOpenedEnvelope(c, agent);
      await enqueue({ topic: this.node.outboundCaseTopic, key: c.id, envelope });
    });
    return c;
  }
}

const sameCodes = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));
