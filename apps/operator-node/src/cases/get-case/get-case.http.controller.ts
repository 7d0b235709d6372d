import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '@postbridge/platform';
import { ApiReaderHeaders, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { CaseIdPipe } from '../shared/case-id.param';
import { caseNotFound } from '../shared/case-lookup';
import { CasePresenter } from '../shared/case.presenter';
import { CaseRepository } from '../shared/case.repository.port';
import { CaseResponse } from '../shared/case.response.dto';

@ApiTags('cases')
@Controller('cases')
export class GetCaseHttpController {
  constructor(private readonly cases: CaseRepository, private readonly presenter: CasePresenter) {}

  @Get(':caseId')
  @ApiOperation({ operationId: 'getCase', summary: 'A case with its messages, status and what this node may do next' })
  @ApiReaderHeaders()
  @ApiOkResponse({ type: CaseResponse, headers: { ETag: { description: 'Version of the case', schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  async getCase(@Param('caseId', CaseIdPipe) caseId: string, @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown }, @CurrentReader() reader: Reader): Promise<CaseResponse> {
    const c = await this.cases.findById(caseId);
    if (!c) throw caseNotFound(caseId);
    reply.header('etag', `"${c.version}"`);
    return this.presenter.one(c, reader);
  }
}
