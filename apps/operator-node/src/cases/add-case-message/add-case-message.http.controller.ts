import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiErrorBody } from '@postbridge/platform';
import { ApiReaderHeaders, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { Agent, ApiAgentHeaders, CurrentAgent } from '../shared/agent.decorator';
import { CaseIdPipe } from '../shared/case-id.param';
import { CasePresenter } from '../shared/case.presenter';
import { CaseResponse } from '../shared/case.response.dto';
import { AddCaseMessageRequest } from './add-case-message.request.dto';
import { AddCaseMessageService } from './add-case-message.service';

@ApiTags('cases')
@Controller('cases')
export class AddCaseMessageHttpController {
  constructor(private readonly service: AddCaseMessageService, private readonly presenter: CasePresenter) {}

  @Post(':caseId/messages')
  @HttpCode(201)
  @ApiOperation({ operationId: 'addCaseMessage', summary: 'Reply, ask for information, or add information; the partner post receives it' })
  @ApiAgentHeaders()
  @ApiReaderHeaders()
  @ApiCreatedResponse({ type: CaseResponse })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'CASE_VERSION_CONFLICT, CASE_CLOSED, INVALID_TRANSITION' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: 'MESSAGE_KIND_NOT_ALLOWED (e.g. a REPLY from the originating post)' })
  async addCaseMessage(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: AddCaseMessageRequest, @CurrentAgent() agent: Agent, @CurrentReader() reader: Reader): Promise<CaseResponse> {
    const c = await this.service.execute(caseId, body, agent, reader);
    return this.presenter.one(c, reader);
  }
}
