import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '@postbridge/platform';
import { GetResponseTimeReportQuery } from './get-response-time-report.query.dto';
import { ResponseTimeReportResponse } from './response-time-report.response.dto';
import { ResponseTimeReportService } from './response-time-report.service';

@ApiTags('reports')
@Controller('reports')
export class GetResponseTimeReportHttpController {
  constructor(private readonly reports: ResponseTimeReportService) {}

  @Get('response-times')
  @ApiOperation({
    operationId: 'getResponseTimeReport',
    summary: 'Response times per responding post and network: answered, met, missed, on-time rate, median and p90 working hours, median first response',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ResponseTimeReportResponse, description: 'JSON; with format=csv, text/csv with the columns of a row (header line first)' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'e.g. INVALID_DATE, INVALID_RANGE, INVALID_ENUM_VALUE' })
  async getResponseTimeReport(
    @Query() q: GetResponseTimeReportQuery,
    @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown },
  ): Promise<ResponseTimeReportResponse | string> {
    const report = await this.reports.report(q);
    if (q.format !== 'csv') return report;
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', 'attachment; filename="response-times.csv"');
    return this.reports.toCsv(report);
  }
}
