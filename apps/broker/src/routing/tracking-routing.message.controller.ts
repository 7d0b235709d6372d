import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TRACKING_BATCH_PATTERN, TrackingBatch } from '@postbridge/contracts';
import { EnvelopeContext } from '@postbridge/messaging';
import { RouteTrackingBatchHandler } from './route-tracking-batch.handler';

/**
 * Kafka entry point for `<p>.op.X.tracking.out`. The transport has decoded the batch, checked its
 * sender against the topic and claimed its batch id in the inbox, inside `ctx.manager`'s transaction.
 */
@Controller()
export class TrackingRoutingMessageController {
  constructor(private readonly handler: RouteTrackingBatchHandler) {}

  @EventPattern(TRACKING_BATCH_PATTERN)
  async trackingBatch(@Payload() batch: TrackingBatch, @Ctx() ctx: EnvelopeContext): Promise<void> {
    await this.handler.route(batch, ctx);
  }
}
