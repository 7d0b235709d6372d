import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { IngestTrackingEventsRequest } from './ingest-tracking-events.request.dto';
import { IngestTrackingEventsResponse } from './ingest-tracking-events.response.dto';
import { IngestTrackingEventsService } from './ingest-tracking-events.service';

// Called by the post's tracking systems (role tracking-system), not by agents.
@ApiTags('tracking')
@RequirePermission('tracking:ingest')
@Controller('tracking')
export class IngestTrackingEventsHttpController {
  constructor(private readonly service: IngestTrackingEventsService) {}

  @Post('events')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'ingestTrackingEvents',
    summary: "Report this post's item events (UPU EMSEVT); new ones update open cases and are forwarded to partner posts",
    description:
      'Each event is checked on its own: valid events are kept even when others in the batch are rejected, and each rejected ' +
      'event is listed with its index and error codes. Re-sending a batch is safe (events already known count as duplicates).',
  })
  @ApiOkResponse({ type: IngestTrackingEventsResponse, description: 'Processed; see `rejected` for the events that were not kept' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'The request itself is unusable: BATCH_TOO_LARGE (over 5000 events), EMPTY_BATCH, INVALID_FIELD_TYPE, UNKNOWN_FIELD, MALFORMED_BODY' })
  @ApiPayloadTooLargeResponse({ type: ApiErrorBody, description: 'Body over the size limit (2 MiB)' })
  async ingestTrackingEvents(@Body() body: IngestTrackingEventsRequest): Promise<IngestTrackingEventsResponse> {
    const r = await this.service.execute(body.events);
    return {
      accepted: r.accepted,
      duplicates: r.duplicates,
      rejected: r.rejected.map(({ index, errors }) => ({ index, errors: errors.map(({ field, code, message }) => ({ field, code, message })) })),
    };
  }
}
