import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Display } from '@postbridge/catalogue';
import type { ReaderSettings } from '@postbridge/catalogue';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { CurrentReader, RendersForReader } from '../../i18n/reader.decorator';
import { OperatorRegistry } from '../../registry/operator-registry';
import { DeadlineRepository } from '../shared/deadline.repository.port';
import { DeadlineService } from '../shared/deadline.service';
import { DeadlinePageResponse, DeadlineResponse } from './deadline.response.dto';
import { ListDeadlinesQuery } from './list-deadlines.query.dto';
import { PartyScope } from '../../auth/party-scope.decorator';

@ApiTags('deadlines')
@RequirePermission('deadlines:read')
@Controller('deadlines')
export class ListDeadlinesHttpController {
  constructor(
    private readonly deadlines: DeadlineRepository,
    private readonly service: DeadlineService,
    private readonly registry: OperatorRegistry,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listDeadlines', summary: "Deadline clocks, soonest due first (no due time last): an operator sees the cases it is a party to, hub operations all" })
  @RendersForReader()
  @ApiOkResponse({ type: DeadlinePageResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_DEADLINE_STATE, INVALID_OPERATOR_CODE, INVALID_NETWORK_CODE, INVALID_TIME_ZONE, INVALID_PAGE, INVALID_PAGE_SIZE, UNKNOWN_FIELD' })
  async listDeadlines(@Query() q: ListDeadlinesQuery, @CurrentReader() reader: ReaderSettings, @PartyScope() party: string | null): Promise<DeadlinePageResponse> {
    const display = new Display(reader);
    const { items, total } = await this.deadlines.list({ state: q.state, responder: q.responder, network: q.network, party: party ?? undefined }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return {
      items: items.map((d) => DeadlineResponse.from(d, this.service.view(d), this.registry.find(d.responderOperator)?.timeZone ?? 'UTC', display)),
      page: q.page,
      pageSize: q.pageSize,
      total,
    };
  }
}
