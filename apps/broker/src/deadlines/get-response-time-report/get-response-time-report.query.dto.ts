import { ApiPropertyOptional } from '@nestjs/swagger';
import { NETWORK_CODE, TextLimits } from '@postbridge/contracts';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { IsBoundedString } from '@postbridge/platform';
import { ReaderTimeZone } from '../../i18n/reader.decorator';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class GetResponseTimeReportQuery {
  @ApiPropertyOptional({ format: 'date-time', maxLength: TextLimits.instant, description: 'Answers given at or after this instant', example: '2026-03-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time', context: { code: 'INVALID_DATE' } })
  @IsBoundedString(TextLimits.instant, 'INVALID_DATE')
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', maxLength: TextLimits.instant, description: 'Answers given before this instant', example: '2026-04-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time', context: { code: 'INVALID_DATE' } })
  @IsBoundedString(TextLimits.instant, 'INVALID_DATE')
  to?: string;

  @ApiPropertyOptional({ description: 'Operator code of the responding post', example: 'US', maxLength: 10, pattern: '^[A-Z0-9]{2,10}$' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'responder must be an operator code', context: { code: 'INVALID_OPERATOR_CODE' } })
  responder?: string;

  @ApiPropertyOptional({ description: 'Network (agreement) code', example: 'EMS', maxLength: 20, pattern: NETWORK_CODE.source })
  @IsOptional()
  @Matches(NETWORK_CODE, { message: 'network must be a network code such as EMS', context: { code: 'INVALID_NETWORK_CODE' } })
  network?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: 'csv: the rows as text/csv (RFC 4180), one line per responder and network' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { context: { code: 'INVALID_FORMAT' } })
  format: ReportFormat = 'json';

  @ReaderTimeZone()
  tz?: string;
}
