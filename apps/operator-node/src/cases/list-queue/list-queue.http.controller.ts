import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Display } from '@postbridge/catalogue';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { NodeContext } from '../../node-context';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { CasePresenter } from '../shared/case.presenter';
import { CaseRepository } from '../shared/case.repository.port';
import { ListQueueQuery } from './list-queue.query.dto';
import { QueueListResponse } from './list-queue.response.dto';

@ApiTags('cases')
@RequirePermission('cases:read')
@Controller('queues')
export class ListQueueHttpController {
  constructor(private readonly cases: CaseRepository, private readonly node: NodeContext, private readonly presenter: CasePresenter) {}

  @Get()
  @ApiOperation({
    operationId: 'listQueue',
    summary: "This node's work queues: cases by deadline, with how many each queue holds",
    description:
      'Every case is in exactly one queue: RESOLVED (resolved or refused), OVERDUE (overdue or escalated), DUE_SOON, NEW (incoming, ' +
      'nobody assigned, not answered yet), then by whose move it is: IN_PROGRESS (ours, assigned), AWAITING_OUR_REPLY (ours, unassigned), ' +
      'AWAITING_PARTNER. The case response carries its `queue`.',
  })
  @RendersForReader()
  @ApiOkResponse({ type: QueueListResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_QUEUE, INVALID_AGENT_ID, INVALID_BOOLEAN (unassigned, escalated), INVALID_PRIORITY, INVALID_DIRECTION, INVALID_PAGE, INVALID_PAGE_SIZE, UNKNOWN_FIELD' })
  async listQueue(@Query() q: ListQueueQuery, @CurrentReader() reader: Reader): Promise<QueueListResponse> {
    const me = this.node.operatorCode;
    const [{ items, total }, counts] = await Promise.all([this.cases.listQueue(me, q), this.cases.queueCounts(me)]);
    const d = new Display(reader);
    return { counts, items: this.presenter.many(items, reader), page: q.page, pageSize: q.pageSize, total, display: { ...d.renderedFor(), queues: d.labels('workQueue') } };
  }
}
