import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { NodeContext } from '../../node-context';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { CasePresenter } from '../shared/case.presenter';
import { CaseRepository } from '../shared/case.repository.port';
import { CaseListResponse } from '../shared/case.response.dto';
import { ListCasesQuery } from './list-cases.query.dto';

@ApiTags('cases')
@RequirePermission('cases:read')
@Controller('cases')
export class ListCasesHttpController {
  constructor(private readonly cases: CaseRepository, private readonly node: NodeContext, private readonly presenter: CasePresenter) {}

  @Get()
  @ApiOperation({ operationId: 'listCases', summary: 'Cases at this node, most recently active first' })
  @RendersForReader()
  @ApiOkResponse({ type: CaseListResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  async listCases(@Query() q: ListCasesQuery, @CurrentReader() reader: Reader): Promise<CaseListResponse> {
    const { items, total } = await this.cases.list(this.node.operatorCode, q);
    return { items: this.presenter.many(items, reader), page: q.page, pageSize: q.pageSize, total };
  }
}
