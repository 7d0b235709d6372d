import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Display } from '@postbridge/catalogue';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { CaseIdPipe } from '../shared/case-id.param';
import { caseNotFound } from '../shared/case-lookup';
import { toHistoryEntry } from '../shared/case.mapper';
import { CaseRepository } from '../shared/case.repository.port';
import { CaseHistoryResponse } from '../shared/case.response.dto';

@ApiTags('cases')
@RequirePermission('cases:read')
@Controller('cases')
export class GetCaseHistoryHttpController {
  constructor(private readonly cases: CaseRepository) {}

  @Get(':caseId/history')
  @ApiOperation({ operationId: 'getCaseHistory', summary: 'Who did what, when, at which node, in order' })
  @ApiParam({ name: 'caseId', description: 'Case id (a UUID)', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @RendersForReader()
  @ApiOkResponse({ type: CaseHistoryResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  async getCaseHistory(@Param('caseId', CaseIdPipe) caseId: string, @CurrentReader() reader: Reader): Promise<CaseHistoryResponse> {
    if (!(await this.cases.findById(caseId))) throw caseNotFound(caseId);
    const entries = await this.cases.historyOf(caseId);
    const display = new Display(reader);
    return { caseId, entries: entries.map((h) => toHistoryEntry(h, display)) };
  }
}
