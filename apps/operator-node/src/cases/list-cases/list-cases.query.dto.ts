import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CASE_STATUSES, CaseStatus } from '@postbridge/domain';
import { CaseListQuery } from '../shared/case-list.query.dto';
import { IsS10ItemId } from '../shared/request-validators';

// direction, page, pageSize: from CaseListQuery, so /cases and /queues validate them alike.
export class ListCasesQuery extends CaseListQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional() @IsIn(CASE_STATUSES, { context: { code: 'INVALID_STATUS' } })
  status?: CaseStatus;

  @ApiPropertyOptional({ example: 'RB123456785GB', maxLength: 40, description: 'UPU S10 item id (spaces and lower case are accepted)' })
  @IsOptional() @IsS10ItemId()
  itemId?: string;
}
