import type { ServerResponse } from 'node:http';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ApiErrorBody, ApiException, CurrentPrincipal, Principal, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { AlertFilterQuery, isAlertId } from '../shared/alert-filter.query.dto';
import { AlertStreams } from './alert-streams';

interface HijackableReply {
  hijack(): void;
  getHeaders(): Record<string, unknown>;
  raw: ServerResponse;
}

@ApiTags('alerts')
@RequirePermission('cases:read')
@Controller('alerts')
export class StreamAlertsHttpController {
  constructor(private readonly streams: AlertStreams) {}

  @Get('stream')
  @ApiOperation({
    operationId: 'streamAlerts',
    summary: "This node's alerts as they happen (Server-Sent Events)",
    description:
      'Each event: `id` = alert id, `event` = alert type, `data` = the alert as JSON (as in listAlerts, `display` in the language the stream was opened with). Only committed changes raise alerts. ' +
      'A client that reconnects with `Last-Event-ID` (browsers do) or `?since=` first gets the alerts it missed, in order. ' +
      'A comment line is sent every 15 s to keep the connection open.',
  })
  @ApiProduces('text/event-stream')
  @RendersForReader()
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Id of the last alert received; wins over `since`' })
  @ApiOkResponse({ description: 'An endless event stream', content: { 'text/event-stream': { schema: { type: 'string', example: 'id: 42\nevent: NEW_INQUIRY\ndata: {"id":"42","type":"NEW_INQUIRY",...}\n\n' } } } })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_ALERT_TYPE, INVALID_AUDIENCE, INVALID_CASE_ID, INVALID_ALERT_ID, INVALID_LAST_EVENT_ID, UNKNOWN_FIELD' })
  @ApiTooManyRequestsResponse({ type: ApiErrorBody, description: 'TOO_MANY_STREAMS: the caller already has its share of streams open, or the node is at its limit' })
  async streamAlerts(
    @Query() q: AlertFilterQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: HijackableReply,
    @CurrentReader() reader: Reader,
    @CurrentPrincipal() caller: Principal,
  ): Promise<void> {
    const resumeFrom = lastEventId?.trim() || undefined;
    if (resumeFrom !== undefined && !isAlertId(resumeFrom)) throw new ApiException(400, 'INVALID_LAST_EVENT_ID', 'Last-Event-ID must be an alert id (digits)');
    // Refused while Fastify still answers: a 429 with its code, not a broken stream.
    const release = this.streams.admit(`${caller.clientId ?? ''}:${caller.id}`);
    // From here on the response is ours, not Fastify's: it stays open until the client leaves.
    reply.hijack();
    const headers = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    try {
      await this.streams.serve(reply.raw, resumeFrom ?? q.since ?? null, q.toFilter(), reader, headers, release);
    } catch (e) {
      release();
      throw e;
    }
  }
}
