import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { transition } from '@postbridge/domain';
import { UnitOfWork } from '@postbridge/messaging';
import { NodeContext } from '../../node-context';
import { Agent } from '../shared/agent.decorator';
import { caseMessageEnvelope } from '../shared/case-envelopes';
import { CaseEntity } from '../shared/case.entity';
import { CaseMessageEntity } from '../shared/case-message.entity';
import { lockForChange } from '../shared/case-lookup';
import { sideOf } from '../shared/case.mapper';
import { CaseRepository } from '../shared/case.repository.port';
import { AddCaseMessageRequest } from './add-case-message.request.dto';

@Injectable()
export class AddCaseMessageService {
  constructor(private readonly node: NodeContext, private readonly cases: CaseRepository, private readonly uow: UnitOfWork) {}

  async execute(caseId: string, req: AddCaseMessageRequest, agent: Agent): Promise<CaseEntity> {
    const me = this.node.operatorCode;
    return this.uow.run(async ({ manager, enqueue }) => {
      const c = await lockForChange(this.cases, manager, caseId, req.expectedVersion);
      const from = c.status;
      const to = transition(from, { type: 'MESSAGE', kind: req.kind }, sideOf(c, me));
      const now = new Date();
      const m: CaseMessageEntity = Object.assign(new CaseMessageEntity(), {
        id: randomUUID(), caseId, kind: req.kind, bodyText: req.body.text, bodyLanguage: req.body.language,
        authorAgent: agent.id, authorOperator: me, sentAt: now, receivedAfterClose: false, createdAt: now,
      });
      await this.cases.addMessage(manager, m);
      // The destination's first message ends the case's time in the NEW queue, at both nodes.
      const firstResponse = sideOf(c, me) === 'DESTINATION' && c.firstResponseAt === null ? { firstResponseAt: now } : {};
      const updated = await this.cases.update(manager, c, { status: to, lastActivityAt: now, ...firstResponse });
      await this.cases.addHistory(manager, {
        caseId, occurredAt: now, operatorCode: me, agentId: agent.id, action: 'MESSAGE_ADDED', fromStatus: from, toStatus: to,
        detail: { kind: req.kind, messageId: m.id, language: req.body.language }, envelopeMessageId: null,
      });
      await enqueue({ topic: this.node.outboundCaseTopic, key: caseId, envelope: caseMessageEnvelope(c, me, m, agent) });
      return updated;
    });
  }
}
