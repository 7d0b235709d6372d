import { Injectable } from '@nestjs/common';
import { checkInquiryWindow, InquiryType, legOf, occurredAtLocalIso, S10ItemId, summarize } from '@postbridge/domain';
import { ApiException } from '@postbridge/platform';
import { NodeContext } from '../../node-context';
import { TrackingEventRepository } from '../../tracking/shared/tracking-event.repository.port';
import { timelineSummaryView, TimelineSummaryView } from '../../tracking/shared/timeline-summary.view';

export interface AutoPopulated {
  destinationOperator: string;
  summary: TimelineSummaryView | null;
  delivered: boolean;
}

/**
 * What a new case learns from the item's timeline at this node, and the rules that timeline
 * imposes: the agent supplies only what the customer says.
 */
@Injectable()
export class CaseAutoPopulation {
  constructor(private readonly node: NodeContext, private readonly tracking: TrackingEventRepository) {}

  async forNewCase(item: S10ItemId, inquiryType: InquiryType, requestedDestination: string | undefined, now: Date): Promise<AutoPopulated> {
    const events = await this.tracking.eventsOf(item.id);
    const summary = events.length ? summarize(events) : null;
    const delivered = summary?.deliveredAt != null;

    if (inquiryType === 'PROOF_OF_DELIVERY' && !delivered) {
      throw new ApiException(422, 'PROOF_OF_DELIVERY_UNAVAILABLE', `tracking shows no delivery of ${item.id}: a written proof of delivery can only be requested for a delivered item`);
    }
    // The window runs from the posting day as the origin post counts it (its local date).
    const posting = events.filter((e) => e.code === 'EMA').sort((a, b) => a.instant - b.instant)[0];
    if (posting) checkInquiryWindow(item.productFamily, occurredAtLocalIso(posting), now);

    // The post that scanned the item in the destination country is the destination post.
    const reportedByDestination = events
      .filter((e) => legOf(e.code) === 'DESTINATION' && e.sourceOperator !== this.node.operatorCode)
      .sort((a, b) => b.instant - a.instant)[0];
    const destinationOperator = requestedDestination ?? reportedByDestination?.sourceOperator;
    if (!destinationOperator) {
      throw new ApiException(422, 'DESTINATION_REQUIRED', `tracking of ${item.id} does not show the destination post yet: give destinationOperator`);
    }
    return { destinationOperator, summary: summary ? timelineSummaryView(summary) : null, delivered };
  }
}
