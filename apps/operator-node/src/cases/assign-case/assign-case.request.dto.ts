import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, ValidateIf } from 'class-validator';
import { IsAgentIdField, IsCaseVersion, MAX_VERSION } from '../shared/request-validators';

export class AssignCaseRequest {
  @ApiProperty({ type: String, nullable: true, maxLength: 100, pattern: '^[A-Za-z0-9._@-]{1,100}$', example: 'bob.smith', description: 'Agent of this node who takes the case; null to unassign' })
  @IsDefined({ message: 'agentId is required (null to unassign)', context: { code: 'AGENT_ID_REQUIRED' } })
  @ValidateIf((o: AssignCaseRequest) => o.agentId !== null)
  @IsAgentIdField()
  agentId: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_VERSION, example: 2, description: 'The case version the agent saw; a stale version gets 409 CASE_VERSION_CONFLICT. Without it the assignment applies to the current version.' })
  @IsOptional() @IsCaseVersion()
  expectedVersion?: number;
}
