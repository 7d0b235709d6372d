import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, AuthPolicy, CurrentPrincipal, Principal, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { Agent, CurrentAgent } from '../shared/agent.decorator';
import { CaseIdPipe } from '../shared/case-id.param';
import { CasePresenter } from '../shared/case.presenter';
import { CaseResponse } from '../shared/case.response.dto';
import { AssignCaseRequest } from './assign-case.request.dto';
import { AssignCaseService } from './assign-case.service';

@ApiTags('cases')
@RequirePermission('cases:write')
@Controller('cases')
export class AssignCaseHttpController {
  constructor(private readonly service: AssignCaseService, private readonly presenter: CasePresenter, private readonly policy: AuthPolicy) {}

  @Put(':caseId/assignee')
  @HttpCode(200)
  @ApiOperation({ operationId: 'assignCase', summary: 'Give the case to an agent of this node, or unassign it (local to this node; the partner is not told). Agents assign themselves; supervisors assign anyone' })
  @ApiParam({ name: 'caseId', description: 'Case id (a UUID)', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @RendersForReader()
  @ApiOkResponse({ type: CaseResponse })
  @ApiForbiddenResponse({ type: ApiErrorBody, description: 'ASSIGN_OTHERS_DENIED: an agent without the supervisor role assigns someone else, or takes a case from its assignee' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'AGENT_ID_REQUIRED, INVALID_AGENT_ID, INVALID_VERSION, INVALID_CASE_ID, UNKNOWN_FIELD, MALFORMED_BODY' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'CASE_VERSION_CONFLICT' })
  async assignCase(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: AssignCaseRequest, @CurrentAgent() agent: Agent, @CurrentPrincipal() principal: Principal, @CurrentReader() reader: Reader): Promise<CaseResponse> {
    const c = await this.service.execute(caseId, body, agent, this.policy.allows(principal, 'cases:assign-others'));
    return this.presenter.one(c, reader);
  }
}
