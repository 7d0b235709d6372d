import { Injectable } from '@nestjs/common';
import { ActorSchema, bodyOf, bodyProblem, buildEnvelope, CaseErasureConfirmedSchema, create, Envelope, occurredAt, timestampDate, timestampFromDate } from '@postbridge/contracts';
import { EnvelopeContext, PoisonMessageError } from '@postbridge/messaging';
import { NodeContext } from '../../node-context';
import { ErasureService } from '../shared/erasure.service';

/**
 * What the partner post says about erasures: it erased its copy of a case's customer data and asks
 * this node to do the same (`case.erased`, answered with `case.erasure_confirmed`; ErasureService
 * checks the sender is the case's other party), or it confirms an erasure made here. Runs in the transport's transaction: the erasure, its record, the audit
 * entry and the confirmation commit together.
 */
@Injectable()
export class ApplyPartnerErasureHandler {
  constructor(
    private readonly node: NodeContext,
    private readonly erasures: ErasureService,
  ) {}

  async caseErased(env: Envelope, ctx: EnvelopeContext): Promise<void> {
    check(env);
    const b = bodyOf(env, 'case.erased');
    const erasedBy = { id: b.erasedBy?.agentId || 'unknown', displayName: b.erasedBy?.displayName || '' };
    const { erasedAt } = await this.erasures.applyPartnerErasure(ctx.manager, { caseId: env.caseId, partner: env.senderOperator, erasureId: b.erasureId, erasedBy, forced: b.forced, at: occurredAt(env) });
    const me = this.node.operatorCode;
    await ctx.enqueue({
      topic: this.node.outboundCaseTopic,
      key: env.caseId,
      envelope: buildEnvelope({
        type: 'case.erasure_confirmed',
        sender: me,
        recipient: env.senderOperator,
        caseId: env.caseId,
        occurredAt: erasedAt,
        body: create(CaseErasureConfirmedSchema, {
          erasureId: b.erasureId,
          erasedBy: create(ActorSchema, { agentId: 'system', displayName: 'PostBridge node', operatorCode: me }),
          erasedAt: timestampFromDate(erasedAt),
        }),
      }),
    });
  }

  async erasureConfirmed(env: Envelope, ctx: EnvelopeContext): Promise<void> {
    check(env);
    const b = bodyOf(env, 'case.erasure_confirmed');
    await this.erasures.markConfirmed(ctx.manager, {
      erasureId: b.erasureId,
      caseId: env.caseId,
      partner: env.senderOperator,
      erasedBy: { id: b.erasedBy?.agentId || 'unknown', displayName: b.erasedBy?.displayName || '' },
      erasedAt: timestampDate(b.erasedAt!),
    });
  }
}

function check(env: Envelope): void {
  const problem = bodyProblem(env, 'opened');
  if (problem) throw new PoisonMessageError('INVALID_FIELD', problem);
}
