import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { buildTimeline, eventKey, meaningOf, occurredAtLocalIso, summarize } from '@postbridge/domain';
import { ApiErrorBody } from '@postbridge/platform';
import { timelineSummaryView } from '../shared/timeline-summary.view';
import { TrackingEventRepository } from '../shared/tracking-event.repository.port';
import { ItemTimelineResponse, TimelineEventResponse } from './get-item-timeline.response.dto';
import { ItemIdPipe } from './item-id.param';

@ApiTags('tracking')
@Controller('items')
export class GetItemTimelineHttpController {
  constructor(private readonly events: TrackingEventRepository) {}

  @Get(':itemId/timeline')
  @ApiOperation({ operationId: 'getItemTimeline', summary: "An item's events, from this post and its partners, with the summary cases show" })
  @ApiParam({ name: 'itemId', example: 'RB123456785GB', description: 'UPU S10 item id (spaces and lower case are accepted)' })
  @ApiOkResponse({ type: ItemTimelineResponse, description: 'An item this node has no event for is not an error: 200 with an empty timeline (no 404)' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_ITEM_ID' })
  async getItemTimeline(@Param('itemId', ItemIdPipe) itemId: string): Promise<ItemTimelineResponse> {
    const stored = await this.events.eventsOf(itemId);
    // The timeline keeps the domain's fields; who reported each scan is looked up by its identity.
    const sourceOf = new Map(stored.map((e) => [eventKey(e), e.sourceOperator]));
    const events = buildTimeline(stored).map(
      (e): TimelineEventResponse => ({
        code: e.code,
        meaning: meaningOf(e.code),
        leg: e.leg,
        occurredAt: occurredAtLocalIso(e),
        occurredAtUtc: new Date(e.instant).toISOString(),
        office: e.office,
        officeCountry: e.officeCountry,
        location: e.location ?? null,
        nonDeliveryReason: e.nonDeliveryReason ?? null,
        nonDeliveryAction: e.nonDeliveryAction ?? null,
        sourceOperator: sourceOf.get(eventKey(e))!,
      }),
    );
    return { itemId, events, summary: timelineSummaryView(summarize(stored)) };
  }
}
