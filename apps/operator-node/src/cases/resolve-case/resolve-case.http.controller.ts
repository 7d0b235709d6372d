import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { Agent, CurrentAgent } from '../shared/agent.decorator';
import { CaseIdPipe } from '../shared/case-id.param';
import { CasePresenter } from '../shared/case.presenter';
import { CaseResponse } from '../shared/case.response.dto';
import { ResolveCaseRequest } from './resolve-case.request.dto';
import { ResolveCaseService } from './resolve-case.service';

@ApiTags('cases')
@RequirePermission('cases:write')
@Controller('cases')
export class ResolveCaseHttpController {
  constructor(private readonly service: ResolveCaseService, private readonly presenter: CasePresenter) {}

  @Post(':caseId/resolve')
  @HttpCode(200)
  @ApiOperation({ operationId: 'resolveCase', summary: 'Close the case with a resolution code (originating post only)' })
  @ApiParam({ name: 'caseId', description: 'Case id (a UUID)', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @RendersForReader()
  @ApiOkResponse({ type: CaseResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID, INVALID_RESOLUTION_CODE, INVALID_VERSION, INVALID_FIELD_TYPE, INVALID_TEXT_LENGTH, INVALID_CHARACTER, INVALID_LANGUAGE_TAG, UNKNOWN_FIELD' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  @ApiForbiddenResponse({ type: ApiErrorBody, description: 'ACTION_NOT_ALLOWED_FOR_PARTY: only the originating post closes a case' })
  @ApiConflictResponse({ type: ApiErrorBody, description: "CASE_VERSION_CONFLICT, CASE_CLOSED; PERSONAL_DATA_REMOVED: a note on a case whose customer data was removed (erasure or retention; resolve it without a note)" })
  async resolveCase(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: ResolveCaseRequest, @CurrentAgent() agent: Agent, @CurrentReader() reader: Reader): Promise<CaseResponse> {
    const c = await this.service.execute(caseId, body, agent, reader);
    return this.presenter.one(c, reader);
  }
}
