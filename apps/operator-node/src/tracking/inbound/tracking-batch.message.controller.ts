import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TRACKING_BATCH_PATTERN, TrackingBatch } from '@postbridge/contracts';
import { EnvelopeContext, PoisonMessageError } from '@postbridge/messaging';
import { NodeContext } from '../../node-context';
import { IngestTrackingEventsService } from '../ingest-tracking-events/ingest-tracking-events.service';
import { trackingEventInputOf } from '../shared/tracking-event.proto-mapper';
import { RejectedTrackingEvent, rejectionCodes } from '../shared/validate-tracking-events';
import { ApplyPartnerTrackingHandler } from './apply-partner-tracking.handler';

/**
 * Kafka side of tracking. `tracking.feed`: this post's own systems, ingested as over REST (and
 * forwarded). `tracking.in`: partners' events from the broker, stored only. Bad events are logged
 * and counted, never dead-lettered with the batch: the good events next to them must get through.
 */
@Controller()
export class TrackingBatchMessageController {
  private readonly logger = new Logger(TrackingBatchMessageController.name);

  constructor(private readonly node: NodeContext, private readonly ingest: IngestTrackingEventsService, private readonly partner: ApplyPartnerTrackingHandler) {}

  @EventPattern(TRACKING_BATCH_PATTERN)
  async batch(@Payload() batch: TrackingBatch, @Ctx() ctx: EnvelopeContext): Promise<void> {
    const { topics, operatorCode: me } = this.node;
    if (ctx.topic === topics.trackingFeed(me)) {
      const r = await this.ingest.executeWithin({ manager: ctx.manager, enqueue: (...entries) => ctx.enqueue(...entries) }, batch.events.map(trackingEventInputOf));
      this.report(batch, ctx.topic, r.accepted, r.duplicates, r.rejected);
    } else if (ctx.topic === topics.trackingIn(me)) {
      const r = await this.partner.apply(ctx.manager, batch);
      this.report(batch, ctx.topic, r.stored, r.duplicates, r.rejected);
    } else {
      // The sender check already refuses other topics; this guards a wiring mistake.
      throw new PoisonMessageError('UNEXPECTED_TOPIC', `tracking batch on ${ctx.topic}`);
    }
  }

  private report(batch: TrackingBatch, topic: string, stored: number, duplicates: number, rejected: readonly RejectedTrackingEvent[]): void {
    const line = `tracking batch ${batch.batchId} from ${batch.senderOperator} on ${topic}: ${stored} stored, ${duplicates} duplicate, ${rejected.length} rejected`;
    if (rejected.length === 0) {
      this.logger.debug(line);
      return;
    }
    const codes = [...rejectionCodes(rejected)].map(([code, n]) => `${code}×${n}`).join(', ');
    const examples = rejected.slice(0, 3).map((r) => `#${r.index} ${r.errors.map((e) => `${e.field} ${e.code}: ${e.message}`).join('; ')}`).join(' | ');
    this.logger.warn(`${line} (${codes}); e.g. ${examples}`);
  }
}
