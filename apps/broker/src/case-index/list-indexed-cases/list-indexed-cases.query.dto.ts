import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CASE_STATUSES, CaseStatus } from '@postbridge/domain';
import { ReaderTimeZone } from '../../i18n/reader.decorator';
import { PageQuery } from '../../shared/page.query.dto';

export class ListIndexedCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, { context: { code: 'INVALID_STATUS' } })
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'Operator code; matches cases where it is either party', example: 'CH', maxLength: 10, pattern: '^[A-Z0-9]{2,10}$' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'operator must be an operator code', context: { code: 'INVALID_OPERATOR_CODE' } })
  operator?: string;

  @ApiPropertyOptional({ description: 'S10 item id (spaces and case are ignored)', example: 'RB123456785GB', maxLength: 40 })
  @IsOptional()
  // Same normalisation as agents type it elsewhere: "rb 123 456 785 gb".
  @Transform(({ value }) => (typeof value === 'string' && value.length <= 40 ? value.replace(/\s+/g, '').toUpperCase() : value))
  @Matches(/^[A-Z0-9]{1,13}$/, { message: 'itemId must be an item id such as RB123456785GB', context: { code: 'INVALID_ITEM_ID' } })
  itemId?: string;

  @ReaderTimeZone()
  tz?: string;
}
