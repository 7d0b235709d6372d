import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** What every listing of this node's cases takes (cases, queues): one rule set, one set of error codes. */
export class CaseListQuery {
  @ApiPropertyOptional({ enum: ['OUTGOING', 'INCOMING'], description: 'OUTGOING: filed by this post; INCOMING: partners ask this post' })
  @IsOptional() @IsIn(['OUTGOING', 'INCOMING'], { context: { code: 'INVALID_DIRECTION' } })
  direction?: 'OUTGOING' | 'INCOMING';

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt({ context: { code: 'INVALID_PAGE' } }) @Min(1, { context: { code: 'INVALID_PAGE' } })
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt({ context: { code: 'INVALID_PAGE_SIZE' } }) @Min(1, { context: { code: 'INVALID_PAGE_SIZE' } }) @Max(200, { context: { code: 'INVALID_PAGE_SIZE' } })
  pageSize: number = 20;
}
