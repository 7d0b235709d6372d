import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '@postbridge/platform';
import { NodeContext } from '../../node-context';
import { toCaseResponse } from '../shared/case.mapper';
import { CaseRepository } from '../shared/case.repository.port';
import { CaseListResponse } from '../shared/case.response.dto';
import { ListCasesQuery } from './list-cases.query.dto';

@ApiTags('cases')
@Controller('cases')
export class ListCasesHttpController {
  constructor(private readonly cases: CaseRepository, private readonly node: NodeContext) {}

  @Get()
  @ApiOperation({ operationId: 'listCases', summary: 'Cases at this node, most recently active first' })
  @ApiOkResponse({ type: CaseListResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  async listCases(@Query() q: ListCasesQuery): Promise<CaseListResponse> {
    const { items, total } = await this.cases.list(this.node.operatorCode, q);
    return { items: items.map((c) => toCaseResponse(c, this.node)), page: q.page, pageSize: q.pageSize, total };
  }
}
