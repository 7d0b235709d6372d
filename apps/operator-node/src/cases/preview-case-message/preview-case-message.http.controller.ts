import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { CaseIdPipe } from '../shared/case-id.param';
import { PreviewCaseMessageRequest } from './preview-case-message.request.dto';
import { PreviewCaseMessageResponse } from './preview-case-message.response.dto';
import { PreviewCaseMessageService } from './preview-case-message.service';

// The permission of addCaseMessage: a preview is what sending would show its author.
@ApiTags('cases')
@RequirePermission('cases:write')
@Controller('cases')
export class PreviewCaseMessageHttpController {
  constructor(private readonly service: PreviewCaseMessageService) {}

  @Post(':caseId/messages/preview')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'previewCaseMessage',
    summary: 'A message as addCaseMessage would send it: the saved reply filled from the case in your language (and the partner\'s when known), its missing values; nothing stored or sent',
  })
  @ApiParam({ name: 'caseId', description: 'Case id (a UUID)', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @RendersForReader()
  @ApiOkResponse({ type: PreviewCaseMessageResponse })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'CASE_VERSION_CONFLICT (only with expectedVersion), CASE_CLOSED, INVALID_TRANSITION' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID, BODY_REQUIRED, INVALID_MESSAGE_KIND, INVALID_TEMPLATE_ID, INVALID_OUTCOME, INVALID_DATE, INVALID_LANGUAGE_TAG, INVALID_TEXT_LENGTH, INVALID_VERSION, UNKNOWN_FIELD' })
  @ApiUnprocessableEntityResponse({
    type: ApiErrorBody,
    description: 'MESSAGE_KIND_NOT_ALLOWED; OUTCOME_REQUIRED, OUTCOME_CONFLICT, REPLY_FIELDS_NOT_ALLOWED, EVENT_IN_FUTURE; BODY_AND_TEMPLATE, TEMPLATE_NOT_FOUND, TEMPLATE_KIND_MISMATCH, TEMPLATE_INVALID. Missing values and an over-long text are not refused: the answer says so (sendable, refusalCode, missing).',
  })
  previewCaseMessage(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: PreviewCaseMessageRequest, @CurrentReader() reader: Reader): Promise<PreviewCaseMessageResponse> {
    return this.service.execute(caseId, body, reader);
  }
}
