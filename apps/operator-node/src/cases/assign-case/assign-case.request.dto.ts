import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsInt, IsOptional, IsString, Matches, Min, ValidateIf } from 'class-validator';
import { AGENT_ID } from '../shared/agent-id';

export class AssignCaseRequest {
  @ApiProperty({ type: String, nullable: true, example: 'bob.smith', description: 'Agent of this node who takes the case; null to unassign' })
  @IsDefined({ message: 'agentId is required (null to unassign)', context: { code: 'AGENT_ID_REQUIRED' } })
  @ValidateIf((o: AssignCaseRequest) => o.agentId !== null)
  @IsString({ context: { code: 'INVALID_AGENT_ID' } })
  @Matches(AGENT_ID, { message: 'agentId must be 1-100 characters of letters, digits, . _ @ -', context: { code: 'INVALID_AGENT_ID' } })
  agentId: string | null;

  @ApiPropertyOptional({ example: 2, description: 'The case version the agent saw; a stale version gets 409 CASE_VERSION_CONFLICT. Without it the assignment applies to the current version.' })
  @IsOptional() @IsInt({ context: { code: 'INVALID_VERSION' } }) @Min(1, { context: { code: 'INVALID_VERSION' } })
  expectedVersion?: number;
}
