import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Display } from '@postbridge/catalogue';
import type { ReaderSettings } from '@postbridge/catalogue';
import { ApiErrorBody, ApiException, RequirePermission } from '@postbridge/platform';
import { CurrentReader, RendersForReader } from '../../i18n/reader.decorator';
import { CaseIndexRepository } from '../shared/case-index.repository.port';
import { IndexedCaseResponse } from '../shared/indexed-case.response.dto';
import { GetIndexedCaseParams } from './get-indexed-case.params.dto';
import { PartyScope } from '../../auth/party-scope.decorator';

@ApiTags('cases')
@RequirePermission('cases:read')
@Controller('cases')
export class GetIndexedCaseHttpController {
  constructor(private readonly cases: CaseIndexRepository) {}

  @Get(':caseId')
  @ApiOperation({ operationId: 'getIndexedCase', summary: 'One case as the broker knows it' })
  @RendersForReader()
  @ApiOkResponse({ type: IndexedCaseResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID, INVALID_TIME_ZONE' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'code CASE_NOT_FOUND' })
  async getIndexedCase(@Param() params: GetIndexedCaseParams, @CurrentReader() reader: ReaderSettings, @PartyScope() party: string | null): Promise<IndexedCaseResponse> {
    const found = await this.cases.findById(params.caseId);
    // Another pair's case is as unknown to the caller as one never routed.
    if (!found || (party !== null && found.originOperator !== party && found.destinationOperator !== party)) throw new ApiException(404, 'CASE_NOT_FOUND', `No case ${params.caseId} has been routed by this broker`);
    return IndexedCaseResponse.from(found, new Display(reader));
  }
}
