import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiErrorBody } from '@postbridge/platform';
import { NodeContext } from '../../node-context';
import { Agent, ApiAgentHeaders, CurrentAgent } from '../shared/agent.decorator';
import { CaseIdPipe } from '../shared/case-id.param';
import { toCaseResponse } from '../shared/case.mapper';
import { CaseRepository } from '../shared/case.repository.port';
import { CaseResponse } from '../shared/case.response.dto';
import { AddCaseMessageRequest } from './add-case-message.request.dto';
import { AddCaseMessageService } from './add-case-message.service';

@ApiTags('cases')
@Controller('cases')
export class AddCaseMessageHttpController {
  constructor(private readonly service: AddCaseMessageService, private readonly cases: CaseRepository, private readonly node: NodeContext) {}

  @Post(':caseId/messages')
  @HttpCode(201)
  @ApiOperation({ operationId: 'addCaseMessage', summary: 'Reply, ask for information, or add information; the partner post receives it' })
  @ApiAgentHeaders()
  @ApiCreatedResponse({ type: CaseResponse })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'CASE_VERSION_CONFLICT, CASE_CLOSED, INVALID_TRANSITION' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: 'MESSAGE_KIND_NOT_ALLOWED (e.g. a REPLY from the originating post)' })
  async addCaseMessage(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: AddCaseMessageRequest, @CurrentAgent() agent: Agent): Promise<CaseResponse> {
    const c = await this.service.execute(caseId, body, agent);
    return toCaseResponse(c, this.node, await this.cases.messagesOf(caseId));
  }
}
