import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { Display } from '@postbridge/catalogue';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { TrackingEventRepository } from '../shared/tracking-event.repository.port';
import { ItemTimelineResponse } from './get-item-timeline.response.dto';
import { ItemIdPipe } from './item-id.param';
import { toItemTimelineResponse } from './item-timeline.mapper';

@ApiTags('tracking')
@RequirePermission('cases:read')
@Controller('items')
export class GetItemTimelineHttpController {
  constructor(private readonly events: TrackingEventRepository) {}

  @Get(':itemId/timeline')
  @ApiOperation({ operationId: 'getItemTimeline', summary: "An item's events, from this post and its partners, with the summary cases show" })
  @ApiParam({ name: 'itemId', example: 'RB123456785GB', description: 'UPU S10 item id (spaces and lower case are accepted)', schema: { type: 'string', maxLength: 40 } })
  @RendersForReader()
  @ApiOkResponse({ type: ItemTimelineResponse, description: 'An item this node has no event for is not an error: 200 with an empty timeline (no 404)' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_ITEM_ID' })
  async getItemTimeline(@Param('itemId', ItemIdPipe) itemId: string, @CurrentReader() reader: Reader): Promise<ItemTimelineResponse> {
    return toItemTimelineResponse(itemId, await this.events.eventsOf(itemId), new Display(reader));
  }
}
