import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope } from '@postbridge/contracts';
import { EnvelopeContext } from '@postbridge/messaging';
import { ApplyPartnerErasureHandler } from './apply-partner-erasure.handler';

/** Kafka side of erasures: what the partner post erased, and its confirmations of ours. */
@Controller()
export class ErasureInboundMessageController {
  constructor(private readonly handler: ApplyPartnerErasureHandler) {}

  @EventPattern('case.erased')
  erased(@Payload() e: Envelope, @Ctx() ctx: EnvelopeContext) {
    return this.handler.caseErased(e, ctx);
  }

  @EventPattern('case.erasure_confirmed')
  confirmed(@Payload() e: Envelope, @Ctx() ctx: EnvelopeContext) {
    return this.handler.erasureConfirmed(e, ctx);
  }
}
