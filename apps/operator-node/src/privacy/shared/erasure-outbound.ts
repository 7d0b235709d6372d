import { Injectable } from '@nestjs/common';
import { ActorSchema, buildEnvelope, CaseErasedSchema, create } from '@postbridge/contracts';
import type { UnitOfWorkScope } from '@postbridge/messaging';
import { NodeContext } from '../../node-context';
import { ErasureOutbound, LocalErasure } from './erasure-outbound.port';
import { caseParties } from './case-parties';

/** Tells the partner post through the outbox: a signed `case.erased`, committed with the local erasure. */
@Injectable()
export class OutboxErasureOutbound extends ErasureOutbound {
  constructor(private readonly node: NodeContext) {
    super();
  }

  async announce(scope: UnitOfWorkScope, erasure: LocalErasure): Promise<void> {
    const me = this.node.operatorCode;
    const parties = await caseParties(scope.manager, erasure.caseId);
    if (!parties) throw new Error(`case ${erasure.caseId} is not held here`);
    const partner = parties.originOperator === me ? parties.destinationOperator : parties.originOperator;
    await scope.enqueue({
      topic: this.node.outboundCaseTopic,
      key: erasure.caseId,
      envelope: buildEnvelope({
        type: 'case.erased',
        sender: me,
        recipient: partner,
        caseId: erasure.caseId,
        occurredAt: erasure.at,
        body: create(CaseErasedSchema, {
          erasureId: erasure.erasureId,
          erasedBy: create(ActorSchema, { agentId: erasure.erasedBy.id, displayName: erasure.erasedBy.displayName, operatorCode: me }),
          forced: erasure.forced,
        }),
      }),
    });
  }
}
