import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { Agent, ApiAgentHeaders, CurrentAgent } from '../shared/agent.decorator';
import { CaseIdPipe } from '../shared/case-id.param';
import { CasePresenter } from '../shared/case.presenter';
import { CaseResponse } from '../shared/case.response.dto';
import { AssignCaseRequest } from './assign-case.request.dto';
import { AssignCaseService } from './assign-case.service';

@ApiTags('cases')
@Controller('cases')
export class AssignCaseHttpController {
  constructor(private readonly service: AssignCaseService, private readonly presenter: CasePresenter) {}

  @Put(':caseId/assignee')
  @HttpCode(200)
  @ApiOperation({ operationId: 'assignCase', summary: 'Give the case to an agent of this node, or unassign it (local to this node; the partner is not told)' })
  @ApiParam({ name: 'caseId', description: 'Case id (a UUID)', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @ApiAgentHeaders()
  @RendersForReader()
  @ApiOkResponse({ type: CaseResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'AGENT_ID_REQUIRED, INVALID_AGENT_ID, INVALID_VERSION, INVALID_CASE_ID, UNKNOWN_FIELD, MALFORMED_BODY' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'CASE_VERSION_CONFLICT' })
  async assignCase(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: AssignCaseRequest, @CurrentAgent() agent: Agent, @CurrentReader() reader: Reader): Promise<CaseResponse> {
    const c = await this.service.execute(caseId, body, agent);
    return this.presenter.one(c, reader);
  }
}
