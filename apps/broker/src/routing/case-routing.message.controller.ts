import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope } from '@postbridge/contracts';
import { EnvelopeContext } from '@postbridge/messaging';
import { RouteCaseMessageHandler } from './route-case-message.handler';

/**
 * Kafka entry point. By the time a method runs the transport has decoded the envelope, checked
 * the sender against the topic and claimed the message in the inbox, inside `ctx.manager`'s transaction.
 */
@Controller()
export class CaseRoutingMessageController {
  constructor(private readonly handler: RouteCaseMessageHandler) {}

  @EventPattern('case.opened')
  async caseOpened(@Payload() envelope: Envelope, @Ctx() ctx: EnvelopeContext): Promise<void> {
    await this.handler.route(envelope, ctx);
  }

  @EventPattern('case.accepted')
  async caseAccepted(@Payload() envelope: Envelope, @Ctx() ctx: EnvelopeContext): Promise<void> {
    await this.handler.route(envelope, ctx);
  }

  @EventPattern('case.message_added')
  async caseMessageAdded(@Payload() envelope: Envelope, @Ctx() ctx: EnvelopeContext): Promise<void> {
    await this.handler.route(envelope, ctx);
  }

  @EventPattern('case.resolved')
  async caseResolved(@Payload() envelope: Envelope, @Ctx() ctx: EnvelopeContext): Promise<void> {
    await this.handler.route(envelope, ctx);
  }

  @EventPattern('case.erased')
  async caseErased(@Payload() envelope: Envelope, @Ctx() ctx: EnvelopeContext): Promise<void> {
    await this.handler.route(envelope, ctx);
  }

  @EventPattern('case.erasure_confirmed')
  async caseErasureConfirmed(@Payload() envelope: Envelope, @Ctx() ctx: EnvelopeContext): Promise<void> {
    await this.handler.route(envelope, ctx);
  }

  // Bound so the refusal is dead-lettered as TYPE_NOT_ACCEPTED rather than UNHANDLED_TYPE.
  @EventPattern('case.refused')
  async caseRefused(@Payload() envelope: Envelope, @Ctx() ctx: EnvelopeContext): Promise<void> {
    await this.handler.route(envelope, ctx);
  }

  // Likewise: deadlines are the broker's to announce.
  @EventPattern('case.deadline')
  async caseDeadline(@Payload() envelope: Envelope, @Ctx() ctx: EnvelopeContext): Promise<void> {
    await this.handler.route(envelope, ctx);
  }
}
