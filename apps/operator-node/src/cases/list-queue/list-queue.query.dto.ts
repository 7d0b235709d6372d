import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CASE_PRIORITIES, CasePriority, WORK_QUEUES, WorkQueue } from '@postbridge/domain';
import { AGENT_ID } from '../shared/agent-id';

export class ListQueueQuery {
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
