import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { Display } from '@postbridge/catalogue';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { AlertRepository } from '../shared/alert.repository.port';
import { toAlertResponse } from '../shared/alert-display';
import { AlertListResponse } from '../shared/alert.response.dto';
import { ListAlertsQuery } from './list-alerts.query.dto';

@ApiTags('alerts')
@RequirePermission('cases:read')
@Controller('alerts')
export class ListAlertsHttpController {
  constructor(private readonly alerts: AlertRepository) {}

  @Get()
  @ApiOperation({
    operationId: 'listAlerts',
    summary: "This node's alerts, oldest first",
    description: 'With `since`: the alerts after that id (page on with `nextSince` while `hasMore`). Without: the newest `limit` alerts.',
  })
  @RendersForReader()
  @ApiOkResponse({ type: AlertListResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_ALERT_TYPE, INVALID_AUDIENCE, INVALID_ALERT_ID, INVALID_CASE_ID, INVALID_LIMIT, UNKNOWN_FIELD' })
  async listAlerts(@Query() q: ListAlertsQuery, @CurrentReader() reader: Reader): Promise<AlertListResponse> {
    const filter = q.toFilter();
    const items = q.since !== undefined ? await this.alerts.after(q.since, filter, q.limit) : await this.alerts.latest(filter, q.limit);
    const d = new Display(reader);
    return {
      items: items.map((a) => toAlertResponse(a, d)),
      nextSince: items.length ? items[items.length - 1].id : (q.since ?? '0'),
      hasMore: q.since !== undefined && items.length === q.limit,
    };
  }
}
