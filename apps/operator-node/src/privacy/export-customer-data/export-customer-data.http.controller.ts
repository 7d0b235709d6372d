import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { ExportCustomerDataRequest } from './export-customer-data.request.dto';
import { CustomerDataExportResponse } from './export-customer-data.response.dto';
import { ExportCustomerDataService } from './export-customer-data.service';

@ApiTags('privacy')
@RequirePermission('privacy:export')
@Controller('privacy/access-requests')
export class ExportCustomerDataHttpController {
  constructor(private readonly service: ExportCustomerDataService) {}

  // POST, not GET: the email goes in the body, never in a URL or an access log. Changes nothing; the audit log records the request.
  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'exportCustomerData',
    summary: 'Everything this node holds about a customer, as JSON (GDPR Art. 15 access request)',
    description:
      'Cases whose customer email matches (case-insensitively) with the customer fields, description, every message with its text, resolution note, history and alerts, ' +
      "and the erasure records of those cases. Only this node's copy: the partner post of each case answers for its own.",
  })
  @ApiOkResponse({ type: CustomerDataExportResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'EMAIL_REQUIRED, INVALID_EMAIL, UNKNOWN_FIELD' })
  async exportCustomerData(@Body() body: ExportCustomerDataRequest): Promise<CustomerDataExportResponse> {
    return this.service.execute(body.customerEmail);
  }
}
