import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Display } from '@postbridge/catalogue';
import type { ReaderSettings } from '@postbridge/catalogue';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { CurrentReader, RendersForReader } from '../../i18n/reader.decorator';
import { GetResponseTimeReportQuery } from './get-response-time-report.query.dto';
import { ResponseTimeReportResponse } from './response-time-report.response.dto';
import { ResponseTimeReportService } from './response-time-report.service';
import { PartyScope } from '../../auth/party-scope.decorator';

@ApiTags('reports')
@RequirePermission('reports:read')
@Controller('reports')
export class GetResponseTimeReportHttpController {
  constructor(private readonly reports: ResponseTimeReportService) {}

  @Get('response-times')
  @ApiOperation({
    operationId: 'getResponseTimeReport',
    summary: 'Response times per responding post and network: answered, met, missed, on-time rate, median and p90 working hours, median first response',
  })
  @RendersForReader()
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ResponseTimeReportResponse, description: 'JSON; with format=csv, text/csv with the columns of a row (header line first)' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_DATE, INVALID_RANGE, INVALID_FORMAT, INVALID_OPERATOR_CODE, INVALID_NETWORK_CODE, INVALID_TIME_ZONE, UNKNOWN_FIELD' })
  async getResponseTimeReport(
    @Query() q: GetResponseTimeReportQuery,
    @CurrentReader() reader: ReaderSettings,
    @PartyScope() party: string | null,
    @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown; removeHeader(k: string): unknown },
  ): Promise<ResponseTimeReportResponse | string> {
    const report = await this.reports.report(q, new Display(reader), party);
    if (q.format !== 'csv') return report;
    // Codes and figures only: the same bytes in every language, so it claims none.
    reply.removeHeader('content-language');
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', 'attachment; filename="response-times.csv"');
    return this.reports.toCsv(report);
  }
}
