import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Display } from '@postbridge/catalogue';
import type { ReaderSettings } from '@postbridge/catalogue';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { CurrentReader, RendersForReader } from '../../i18n/reader.decorator';
import { CaseIndexRepository } from '../shared/case-index.repository.port';
import { IndexedCaseResponse } from '../shared/indexed-case.response.dto';
import { IndexedCasePageResponse } from './indexed-case-page.response.dto';
import { ListIndexedCasesQuery } from './list-indexed-cases.query.dto';
import { PartyScope } from '../../auth/party-scope.decorator';

@ApiTags('cases')
@RequirePermission('cases:read')
@Controller('cases')
export class ListIndexedCasesHttpController {
  constructor(private readonly cases: CaseIndexRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listIndexedCases', summary: 'Cases routed by the broker (parties and status only), newest first: an operator sees the cases it is a party to, hub operations all' })
  @RendersForReader()
  @ApiOkResponse({ type: IndexedCasePageResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_STATUS, INVALID_OPERATOR_CODE, INVALID_ITEM_ID, INVALID_TIME_ZONE, INVALID_PAGE, INVALID_PAGE_SIZE, UNKNOWN_FIELD' })
  async listIndexedCases(@Query() q: ListIndexedCasesQuery, @CurrentReader() reader: ReaderSettings, @PartyScope() party: string | null): Promise<IndexedCasePageResponse> {
    const display = new Display(reader);
    const { items, total } = await this.cases.list(
      { status: q.status, operator: q.operator, itemId: q.itemId, party: party ?? undefined },
      { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
    );
    return { items: items.map((c) => IndexedCaseResponse.from(c, display)), page: q.page, pageSize: q.pageSize, total };
  }
}
