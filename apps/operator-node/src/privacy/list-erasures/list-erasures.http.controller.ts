import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { ErasureRepository } from '../shared/erasure.repository.port';
import { ErasureResponse, toErasureResponse } from '../shared/erasure.response.dto';
import { ListErasuresQuery } from './list-erasures.query.dto';

export class ErasurePageResponse {
  @ApiProperty({ type: [ErasureResponse] }) items: ErasureResponse[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

@ApiTags('privacy')
@RequirePermission('privacy:erase')
@Controller('privacy/erasures')
export class ListErasuresHttpController {
  constructor(private readonly erasures: ErasureRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listErasures', summary: "Erasures at this node, newest first: this node's own and its partners', and whether each partner confirmed" })
  @ApiOkResponse({ type: ErasurePageResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID, INVALID_PAGE, INVALID_PAGE_SIZE, UNKNOWN_FIELD' })
  async listErasures(@Query() q: ListErasuresQuery): Promise<ErasurePageResponse> {
    const { items, total } = await this.erasures.list({ caseId: q.caseId }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return { items: items.map(toErasureResponse), page: q.page, pageSize: q.pageSize, total };
  }
}
