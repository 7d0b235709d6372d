import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { CaseIdPipe } from '../shared/case-id.param';
import { caseNotFound } from '../shared/case-lookup';
import { CasePresenter } from '../shared/case.presenter';
import { CaseRepository } from '../shared/case.repository.port';
import { CaseResponse } from '../shared/case.response.dto';

@ApiTags('cases')
@RequirePermission('cases:read')
@Controller('cases')
export class GetCaseHttpController {
  constructor(private readonly cases: CaseRepository, private readonly presenter: CasePresenter) {}

  @Get(':caseId')
  @ApiOperation({ operationId: 'getCase', summary: 'A case with its messages, status and what this node may do next' })
  @ApiParam({ name: 'caseId', description: 'Case id (a UUID)', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @RendersForReader()
  @ApiOkResponse({ type: CaseResponse, headers: { ETag: { description: 'Weak validator: the case version and the rendering (locale, time zone), e.g. W/"3-de-CH-Europe/Zurich"', schema: { type: 'string' } } } })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  async getCase(@Param('caseId', CaseIdPipe) caseId: string, @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown }, @CurrentReader() reader: Reader): Promise<CaseResponse> {
    const c = await this.cases.findById(caseId);
    if (!c) throw caseNotFound(caseId);
    // Weak, and per rendering: the same version reads differently in another language or time zone.
    reply.header('etag', `W/"${c.version}-${reader.locale}-${reader.timeZone}"`);
    return this.presenter.one(c, reader);
  }
}
