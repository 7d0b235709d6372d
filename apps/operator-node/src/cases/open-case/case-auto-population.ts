import { Injectable, Optional } from '@nestjs/common';
import { EncryptionKeyDirectory } from '@postbridge/contracts';
import { checkInquiryWindow, InquiryType, InquiryWindowDates, legOf, occurredAtLocalIso, parseS10, S10ItemId, summarize } from '@postbridge/domain';
import { ApiException } from '@postbridge/platform';
import { NodeContext } from '../../node-context';
import { TrackingEventRepository } from '../../tracking/shared/tracking-event.repository.port';
import { timelineSummaryView, TimelineSummaryView } from '../../tracking/shared/timeline-summary.view';

export interface AutoPopulated {
  destinationOperator: string;
  summary: TimelineSummaryView | null;
  delivered: boolean;
  /** The filing window the case passed; null when tracking shows no posting (no window to check). */
  filingWindow: InquiryWindowDates | null;
}

/** What a case about this item would be opened with: openCase stores it, previewCase shows it. */
export interface NewCasePlan extends AutoPopulated {
  item: S10ItemId;
}

/**
 * What a new case learns from the item's timeline at this node, and the rules that timeline
 * imposes: the agent supplies only what the customer says.
 */
@Injectable()
export class CaseAutoPopulation {
  constructor(
    private readonly node: NodeContext,
    private readonly tracking: TrackingEventRepository,
    // The network file's posts, by their encryption keys: a case goes only to a post its customer data can be sealed for.
    @Optional() private readonly partners?: EncryptionKeyDirectory,
  ) {}

  /**
   * Every check openCase makes of the item before it stores anything, with what the timeline fills
   * in; previewCase runs exactly this, so a preview refuses what opening would.
   */
  async planNewCase(req: { itemId: string; inquiryType: InquiryType; destinationOperator?: string }, now: Date): Promise<NewCasePlan> {
    const me = this.node.operatorCode;
    const item = parseS10(req.itemId);
    const populated = await this.forNewCase(item, req.inquiryType, req.destinationOperator, now);
    if (populated.destinationOperator === me) {
      throw new ApiException(422, 'SELF_ADDRESSED', `a case must be addressed to a partner post, not to ${me} itself`);
    }
    const destination = populated.destinationOperator;
    if (this.partners && this.partners.keysOf(destination).length === 0) {
      throw new ApiException(422, 'UNKNOWN_OPERATOR', `${destination} is not a post of this network`);
    }
    if (this.partners && !this.partners.current(destination, now.getTime())) {
      throw new ApiException(422, 'DESTINATION_KEY_UNAVAILABLE', `the network file lists no encryption key of ${destination} valid now: its customer data cannot be sealed for it`);
    }
    return { item, ...populated };
  }

  async forNewCase(item: S10ItemId, inquiryType: InquiryType, requestedDestination: string | undefined, now: Date): Promise<AutoPopulated> {
    const events = await this.tracking.eventsOf(item.id);
    const summary = events.length ? summarize(events) : null;
    const delivered = summary?.deliveredAt != null;

    if (inquiryType === 'PROOF_OF_DELIVERY' && !delivered) {
      throw new ApiException(422, 'PROOF_OF_DELIVERY_UNAVAILABLE', `tracking shows no delivery of ${item.id}: a written proof of delivery can only be requested for a delivered item`);
    }
    // The window runs from the posting day as the origin post counts it (its local date).
    const posting = events.filter((e) => e.code === 'EMA').sort((a, b) => a.instant - b.instant)[0];
    const filingWindow = posting ? checkInquiryWindow(item.productFamily, occurredAtLocalIso(posting), now) : null;

    // The post that scanned the item in the destination country is the destination post.
    const reportedByDestination = events
      .filter((e) => legOf(e.code) === 'DESTINATION' && e.sourceOperator !== this.node.operatorCode)
      .sort((a, b) => b.instant - a.instant)[0];
    const destinationOperator = requestedDestination ?? reportedByDestination?.sourceOperator;
    if (!destinationOperator) {
      throw new ApiException(422, 'DESTINATION_REQUIRED', `tracking of ${item.id} does not show the destination post yet: give destinationOperator`);
    }
    return { destinationOperator, summary: summary ? timelineSummaryView(summary) : null, delivered, filingWindow };
  }
}
