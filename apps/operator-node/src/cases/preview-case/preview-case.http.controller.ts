import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { PreviewCaseRequest } from './preview-case.request.dto';
import { PreviewCaseResponse } from './preview-case.response.dto';
import { PreviewCaseService } from './preview-case.service';

// The permission of openCase: a preview tells what opening would do, nothing a case worker could not learn by opening.
@ApiTags('cases')
@RequirePermission('cases:write')
@Controller('cases')
export class PreviewCaseHttpController {
  constructor(private readonly service: PreviewCaseService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'previewCase',
    summary: 'What opening a case about this item would do: the checks and auto-population of openCase, nothing stored or sent',
    description: 'Refused with the code openCase would give for the same item, inquiry type and destination.',
  })
  @RendersForReader()
  @ApiOkResponse({ type: PreviewCaseResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_ITEM_ID, INVALID_INQUIRY_TYPE, INVALID_OPERATOR_CODE, UNKNOWN_FIELD' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: 'SELF_ADDRESSED, UNKNOWN_OPERATOR, DESTINATION_KEY_UNAVAILABLE, DESTINATION_REQUIRED, PROOF_OF_DELIVERY_UNAVAILABLE, INQUIRY_TOO_EARLY, INQUIRY_TOO_LATE (the message and details give the filing window)' })
  previewCase(@Body() body: PreviewCaseRequest, @CurrentReader() reader: Reader): Promise<PreviewCaseResponse> {
    return this.service.execute(body, reader);
  }
}
