import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CASE_STATUSES, CaseStatus } from '@postbridge/domain';
import { IsS10ItemId } from '../shared/request-validators';

export class ListCasesQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional() @IsIn(CASE_STATUSES, { context: { code: 'INVALID_STATUS' } })
  status?: CaseStatus;

  @ApiPropertyOptional({ enum: ['OUTGOING', 'INCOMING'], description: 'OUTGOING: filed by this post; INCOMING: partners ask this post' })
  @IsOptional() @IsIn(['OUTGOING', 'INCOMING'], { context: { code: 'INVALID_DIRECTION' } })
  direction?: 'OUTGOING' | 'INCOMING';

  @ApiPropertyOptional({ example: 'RB123456785GB' })
  @IsOptional() @IsS10ItemId()
  itemId?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt({ context: { code: 'INVALID_PAGE' } }) @Min(1, { context: { code: 'INVALID_PAGE' } })
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt({ context: { code: 'INVALID_PAGE_SIZE' } }) @Min(1, { context: { code: 'INVALID_PAGE_SIZE' } }) @Max(200, { context: { code: 'INVALID_PAGE_SIZE' } })
  pageSize: number = 20;
}
