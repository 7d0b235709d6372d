import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, CurrentPrincipal, Principal, RequirePermission } from '@postbridge/platform';
import { ErasureResponse, toErasureResponse } from '../shared/erasure.response.dto';
import { EraseCustomerDataRequest } from './erase-customer-data.request.dto';
import { EraseCustomerDataService } from './erase-customer-data.service';

export class ErasureListResponse {
  @ApiProperty({ type: [ErasureResponse], description: 'One per case, erased now or before; empty when no case at this node holds the email (any more)' }) erasures: ErasureResponse[];
}

@ApiTags('privacy')
@RequirePermission('privacy:erase')
@Controller('privacy/erasures')
export class EraseCustomerDataHttpController {
  constructor(private readonly service: EraseCustomerDataService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'eraseCustomerData',
    summary: "Erase a customer's data at this node: one case, or every case with the customer's email",
    description:
      "Removes the customer's name, contacts and language, the description, message texts, who signed, and the resolution note; codes and timings stay. " +
      'The partner post of each case is told in the same transaction (a signed `case.erased`) and confirms once it erased its copy (`listErasures`). ' +
      'All or nothing: when a case is still open, nothing is erased unless `force` is set with a `reason`. A case erased before keeps its first record and is not announced again.',
  })
  @ApiCreatedResponse({ type: ErasureListResponse, description: 'Erased now (records of cases erased before are included)' })
  @ApiOkResponse({ type: ErasureListResponse, description: 'Nothing new to erase: every case was erased before, or none holds the email' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'ERASURE_TARGET_REQUIRED, ERASURE_TARGET_AMBIGUOUS, REASON_REQUIRED, INVALID_CASE_ID, INVALID_EMAIL, INVALID_BOOLEAN, INVALID_FIELD_TYPE, INVALID_TEXT_LENGTH, INVALID_CHARACTER, UNKNOWN_FIELD' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'CASE_STILL_OPEN: `details.caseIds` lists the open cases; nothing was erased' })
  async eraseCustomerData(
    @Body() body: EraseCustomerDataRequest,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<ErasureListResponse> {
    const { erasures, created } = await this.service.execute(body, { id: p.id, displayName: p.displayName, clientId: p.clientId, via: p.via });
    if (created === 0) reply.status(200);
    return { erasures: erasures.map(toErasureResponse) };
  }
}
