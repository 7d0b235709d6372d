import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '@postbridge/platform';
import { NodeContext } from '../../node-context';
import { Agent, ApiAgentHeaders, CurrentAgent } from '../shared/agent.decorator';
import { CaseIdPipe } from '../shared/case-id.param';
import { toCaseResponse } from '../shared/case.mapper';
import { CaseRepository } from '../shared/case.repository.port';
import { CaseResponse } from '../shared/case.response.dto';
import { AssignCaseRequest } from './assign-case.request.dto';
import { AssignCaseService } from './assign-case.service';

@ApiTags('cases')
@Controller('cases')
export class AssignCaseHttpController {
  constructor(private readonly service: AssignCaseService, private readonly cases: CaseRepository, private readonly node: NodeContext) {}

  @Put(':caseId/assignee')
  @HttpCode(200)
  @ApiOperation({ operationId: 'assignCase', summary: 'Give the case to an agent of this node, or unassign it (local to this node; the partner is not told)' })
  @ApiAgentHeaders()
  @ApiOkResponse({ type: CaseResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'AGENT_ID_REQUIRED, INVALID_AGENT_ID, INVALID_VERSION, INVALID_CASE_ID, UNKNOWN_FIELD, MALFORMED_BODY' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'CASE_VERSION_CONFLICT' })
  async assignCase(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: AssignCaseRequest, @CurrentAgent() agent: Agent): Promise<CaseResponse> {
    const c = await this.service.execute(caseId, body, agent);
    return toCaseResponse(c, this.node, await this.cases.messagesOf(caseId));
  }
}
