import { Injectable } from '@nestjs/common';
import { ActorSchema, buildEnvelope, CaseErasedSchema, create } from '@postbridge/contracts';
import { OutboxRelay, OutboxWriter } from '@postbridge/messaging';
import type { EntityManager } from 'typeorm';
import { NodeContext } from '../../node-context';
import { ErasureOutbound, LocalErasure } from './erasure-outbound.port';
import { caseParties } from './case-parties';

/** Tells the partner post through the outbox: a signed `case.erased`, committed with the local erasure. */
@Injectable()
export class OutboxErasureOutbound extends ErasureOutbound {
  constructor(
    private readonly node: NodeContext,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  async announce(manager: EntityManager, erasure: LocalErasure): Promise<void> {
    const me = this.node.operatorCode;
    const parties = await caseParties(manager, erasure.caseId);
    if (!parties) throw new Error(`case ${erasure.caseId} is not held here`);
    const partner = parties.originOperator === me ? parties.destinationOperator : parties.originOperator;
    await this.outbox.enqueue(manager, {
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
    // Published soon after the caller commits; the relay also polls, so an early wake loses nothing.
    this.relay.wake();
  }
}
