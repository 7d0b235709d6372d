import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '@postbridge/platform';
import { CaseIndexRepository } from '../shared/case-index.repository.port';
import { IndexedCaseResponse } from '../shared/indexed-case.response.dto';
import { IndexedCasePageResponse } from './indexed-case-page.response.dto';
import { ListIndexedCasesQuery } from './list-indexed-cases.query.dto';

@ApiTags('cases')
@Controller('cases')
export class ListIndexedCasesHttpController {
  constructor(private readonly cases: CaseIndexRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listIndexedCases', summary: 'Cases routed by the broker (parties and status only), newest first' })
  @ApiOkResponse({ type: IndexedCasePageResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  async listIndexedCases(@Query() q: ListIndexedCasesQuery): Promise<IndexedCasePageResponse> {
    const { items, total } = await this.cases.list(
      { status: q.status, operator: q.operator, itemId: q.itemId },
      { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
    );
    return { items: items.map(IndexedCaseResponse.from), page: q.page, pageSize: q.pageSize, total };
  }
}
