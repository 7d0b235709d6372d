import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { CASE_PRIORITIES, CasePriority, WORK_QUEUES, WorkQueue } from '@postbridge/domain';
import { AGENT_ID } from '../shared/agent-id';
import { CaseListQuery } from '../shared/case-list.query.dto';

// direction, page, pageSize: from CaseListQuery, so /cases and /queues validate them alike.
export class ListQueueQuery extends CaseListQuery {
  @ApiPropertyOptional({ enum: WORK_QUEUES, description: 'One queue; all cases without it' })
  @IsOptional() @IsIn(WORK_QUEUES, { context: { code: 'INVALID_QUEUE' } })
  queue?: WorkQueue;

  @ApiPropertyOptional({ example: 'bob.smith', description: "Only this agent's cases" })
  @IsOptional() @Matches(AGENT_ID, { message: 'assignee must be an agent id', context: { code: 'INVALID_AGENT_ID' } })
  assignee?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Only cases nobody is assigned to' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean({ context: { code: 'INVALID_BOOLEAN' } })
  unassigned?: boolean;

  @ApiPropertyOptional({ enum: CASE_PRIORITIES })
  @IsOptional() @IsIn(CASE_PRIORITIES, { context: { code: 'INVALID_PRIORITY' } })
  priority?: CasePriority;
}
