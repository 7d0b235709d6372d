import { ApiException } from '@postbridge/platform';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@postbridge/messaging';
import { NodeContext } from '../../node-context';
import { Agent } from '../shared/agent.decorator';
import { CaseEntity } from '../shared/case.entity';
import { caseNotFound, lockForChange } from '../shared/case-lookup';
import { CaseRepository } from '../shared/case.repository.port';
import { AssignCaseRequest } from './assign-case.request.dto';

/**
 * Who works on a case is this node's business: nothing is sent to the partner. It is still a
 * change of the case (version bump, history), so two supervisors cannot overwrite each other unseen.
 */
@Injectable()
export class AssignCaseService {
  constructor(private readonly node: NodeContext, private readonly cases: CaseRepository, private readonly uow: UnitOfWork) {}

  /** Without `mayAssignOthers` (supervisors have it) an agent takes an unassigned case, or gives back its own. */
  async execute(caseId: string, req: AssignCaseRequest, agent: Agent, mayAssignOthers: boolean): Promise<CaseEntity> {
    const me = this.node.operatorCode;
    if (!mayAssignOthers && req.agentId !== null && req.agentId !== agent.id) {
      throw new ApiException(403, 'ASSIGN_OTHERS_DENIED', 'only a supervisor assigns a case to someone else; you may assign it to yourself');
    }
    return this.uow.run(async ({ manager }) => {
      const c = req.expectedVersion !== undefined ? await lockForChange(this.cases, manager, caseId, req.expectedVersion) : await this.cases.lockById(manager, caseId);
      if (!c) throw caseNotFound(caseId);
      if (!mayAssignOthers && c.assignee !== null && c.assignee !== agent.id && c.assignee !== req.agentId) {
        throw new ApiException(403, 'ASSIGN_OTHERS_DENIED', `the case is assigned to ${c.assignee}; only a supervisor takes it from them`);
      }
      // Assigning whoever already has it changes nothing.
      if (c.assignee === req.agentId) return c;
      const now = new Date();
      const previous = c.assignee;
      const updated = await this.cases.update(manager, c, { assignee: req.agentId, assignedAt: req.agentId === null ? null : now });
      await this.cases.addHistory(manager, {
        caseId, occurredAt: now, operatorCode: me, agentId: agent.id, action: req.agentId === null ? 'UNASSIGNED' : 'ASSIGNED', fromStatus: c.status, toStatus: c.status,
        detail: { assignee: req.agentId, previousAssignee: previous }, envelopeMessageId: null,
      });
      return updated;
    });
  }
}
