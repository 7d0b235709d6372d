import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope } from '@postbridge/contracts';
import { EnvelopeContext } from '@postbridge/messaging';
import { ApplyCaseDeadlineHandler } from './apply-case-deadline.handler';
import { ApplyInboundCaseHandler } from './apply-inbound-case.handler';

/** Kafka side of the node: envelope types from the broker, bound as Nest event patterns. */
@Controller()
export class CaseInboundMessageController {
  constructor(private readonly handler: ApplyInboundCaseHandler, private readonly deadlines: ApplyCaseDeadlineHandler) {}

  @EventPattern('case.opened')
  opened(@Payload() e: Envelope, @Ctx() ctx: EnvelopeContext) {
    return this.handler.caseOpened(e, ctx);
  }

  @EventPattern('case.accepted')
  accepted(@Payload() e: Envelope, @Ctx() ctx: EnvelopeContext) {
    return this.handler.caseAccepted(e, ctx);
  }

  @EventPattern('case.message_added')
  messageAdded(@Payload() e: Envelope, @Ctx() ctx: EnvelopeContext) {
    return this.handler.caseMessageAdded(e, ctx);
  }

  @EventPattern('case.resolved')
  resolved(@Payload() e: Envelope, @Ctx() ctx: EnvelopeContext) {
    return this.handler.caseResolved(e, ctx);
  }

  @EventPattern('case.refused')
  refused(@Payload() e: Envelope, @Ctx() ctx: EnvelopeContext) {
    return this.handler.caseRefused(e, ctx);
  }

  @EventPattern('case.deadline')
  deadline(@Payload() e: Envelope, @Ctx() ctx: EnvelopeContext) {
    return this.deadlines.caseDeadline(e, ctx);
  }
}
