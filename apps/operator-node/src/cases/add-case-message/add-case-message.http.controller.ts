import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { Agent, CurrentAgent } from '../shared/agent.decorator';
import { CaseIdPipe } from '../shared/case-id.param';
import { CasePresenter } from '../shared/case.presenter';
import { CaseResponse } from '../shared/case.response.dto';
import { AddCaseMessageRequest } from './add-case-message.request.dto';
import { AddCaseMessageService } from './add-case-message.service';

@ApiTags('cases')
@RequirePermission('cases:write')
@Controller('cases')
export class AddCaseMessageHttpController {
  constructor(private readonly service: AddCaseMessageService, private readonly presenter: CasePresenter) {}

  @Post(':caseId/messages')
  @HttpCode(201)
  @ApiOperation({ operationId: 'addCaseMessage', summary: 'Reply, ask for information, or add information; the partner post receives it' })
  @ApiParam({ name: 'caseId', description: 'Case id (a UUID)', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @RendersForReader()
  @ApiCreatedResponse({ type: CaseResponse })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorBody, description: "CASE_VERSION_CONFLICT, CASE_CLOSED, INVALID_TRANSITION; PERSONAL_DATA_REMOVED: the case's customer data was removed (erasure or retention), it takes no more free text" })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID, BODY_REQUIRED, INVALID_MESSAGE_KIND, INVALID_TEMPLATE_ID, INVALID_OUTCOME, INVALID_DATE, INVALID_LANGUAGE_TAG, INVALID_TEXT_LENGTH, INVALID_VERSION, UNKNOWN_FIELD' })
  @ApiUnprocessableEntityResponse({
    type: ApiErrorBody,
    description:
      'MESSAGE_KIND_NOT_ALLOWED (e.g. a REPLY from the originating post); OUTCOME_REQUIRED, OUTCOME_CONFLICT, REPLY_FIELDS_NOT_ALLOWED, EVENT_IN_FUTURE; BODY_AND_TEMPLATE, TEMPLATE_NOT_FOUND, TEMPLATE_KIND_MISMATCH, TEMPLATE_VALUE_MISSING, TEMPLATE_TOO_LONG, TEMPLATE_INVALID',
  })
  async addCaseMessage(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: AddCaseMessageRequest, @CurrentAgent() agent: Agent, @CurrentReader() reader: Reader): Promise<CaseResponse> {
    const c = await this.service.execute(caseId, body, agent, reader);
    return this.presenter.one(c, reader);
  }
}
