import { Injectable } from '@nestjs/common';
import { transition } from '@postbridge/domain';
import { UnitOfWork } from '@postbridge/messaging';
import type { Reader } from '../../i18n/reader';
import { NodeContext } from '../../node-context';
import { Agent } from '../shared/agent.decorator';
import { caseResolvedEnvelope } from '../shared/case-envelopes';
import { CaseEntity } from '../shared/case.entity';
import { assertTakesFreeText, lockForChange } from '../shared/case-lookup';
import { sideOf } from '../shared/case.mapper';
import { tagFreeText } from '../shared/free-text';
import { CaseRepository } from '../shared/case.repository.port';
import { ResolveCaseRequest } from './resolve-case.request.dto';

@Injectable()
export class ResolveCaseService {
  constructor(private readonly node: NodeContext, private readonly cases: CaseRepository, private readonly uow: UnitOfWork) {}

  async execute(caseId: string, req: ResolveCaseRequest, agent: Agent, reader: Reader): Promise<CaseEntity> {
    const note = req.note ? tagFreeText(req.note, reader) : null;
    const me = this.node.operatorCode;
    return this.uow.run(async ({ manager, enqueue }) => {
      const c = await lockForChange(this.cases, manager, caseId, req.expectedVersion);
      const from = c.status;
      const to = transition(from, { type: 'RESOLVE' }, sideOf(c, me));
      // Resolving is allowed, a note (free text) is not.
      if (note) assertTakesFreeText(c);
      const now = new Date();
      const updated = await this.cases.update(manager, c, {
        status: to, resolvedAt: now, closedAt: now, resolutionCode: req.resolutionCode,
        resolutionNoteText: note?.text ?? null, resolutionNoteLanguage: note?.language ?? null, resolutionNoteLanguageSource: note?.languageSource ?? null, lastActivityAt: now,
      });
      await this.cases.addHistory(manager, {
        caseId, occurredAt: now, operatorCode: me, agentId: agent.id, action: 'RESOLVED', fromStatus: from, toStatus: to,
        detail: { resolutionCode: req.resolutionCode }, envelopeMessageId: null,
      });
      await enqueue({ topic: this.node.outboundCaseTopic, key: caseId, envelope: caseResolvedEnvelope(c, me, req.resolutionCode, note, agent, now) });
      return updated;
    });
  }
}
