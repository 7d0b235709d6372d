import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { CASE_PRIORITIES, CasePriority, WORK_QUEUES, WorkQueue } from '@postbridge/domain';
import { CaseListQuery } from '../shared/case-list.query.dto';
import { IsAgentIdField } from '../shared/request-validators';

// direction, page, pageSize: from CaseListQuery, so /cases and /queues validate them alike.
export class ListQueueQuery extends CaseListQuery {
  @ApiPropertyOptional({ enum: WORK_QUEUES, description: 'One queue; all cases without it' })
  @IsOptional() @IsIn(WORK_QUEUES, { context: { code: 'INVALID_QUEUE' } })
  queue?: WorkQueue;

  @ApiPropertyOptional({ example: 'bob.smith', maxLength: 100, pattern: '^[A-Za-z0-9._@-]{1,100}$', description: "Only this agent's cases" })
  @IsOptional() @IsAgentIdField()
  assignee?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Only cases nobody is assigned to' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean({ context: { code: 'INVALID_BOOLEAN' } })
  unassigned?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only cases whose deadline is ESCALATED (they are in the OVERDUE queue with the merely overdue ones); false: none of them' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean({ context: { code: 'INVALID_BOOLEAN' } })
  escalated?: boolean;

  @ApiPropertyOptional({ enum: CASE_PRIORITIES })
  @IsOptional() @IsIn(CASE_PRIORITIES, { context: { code: 'INVALID_PRIORITY' } })
  priority?: CasePriority;
}
