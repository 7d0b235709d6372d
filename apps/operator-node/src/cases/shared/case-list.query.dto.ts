import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageParam, PageSizeParam } from '@postbridge/platform';

/** What every listing of this node's cases takes (cases, queues): one rule set, one set of error codes. */
export class CaseListQuery {
  @ApiPropertyOptional({ enum: ['OUTGOING', 'INCOMING'], description: 'OUTGOING: filed by this post; INCOMING: partners ask this post' })
  @IsOptional() @IsIn(['OUTGOING', 'INCOMING'], { context: { code: 'INVALID_DIRECTION' } })
  direction?: 'OUTGOING' | 'INCOMING';

  @PageParam()
  page: number = 1;

  @PageSizeParam(20)
  pageSize: number = 20;
}
