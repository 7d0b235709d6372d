import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Open cases of one agent (or of nobody) at this node, by deadline state. */
export class WorkloadCounts {
  @ApiProperty({ example: 7, description: 'Open cases (not resolved or refused)' }) openAssigned: number;
  @ApiProperty({ example: 1, description: 'Of those, overdue or escalated (the OVERDUE queue)' }) overdue: number;
  @ApiProperty({ example: 0, description: 'Of those, escalated by the broker (also counted in overdue)' }) escalated: number;
  @ApiProperty({ example: 2, description: 'Of those, due soon (the DUE_SOON queue)' }) dueSoon: number;
}

export class AgentWorkloadResponse extends WorkloadCounts {
  @ApiProperty({ example: 'anna.meier' }) agentId: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Anna Meier', description: 'As the identity provider names them, from their newest console session or presence; null when the node has not seen it' }) displayName: string | null;
}

export class ListAgentsResponse {
  @ApiProperty({ type: [AgentWorkloadResponse], description: 'Agents this node knows (assignees, agent profiles, console sessions of agents and supervisors, presence), by agentId' }) items: AgentWorkloadResponse[];
  @ApiProperty({ type: WorkloadCounts, description: 'Open cases nobody is assigned to' }) unassigned: WorkloadCounts;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'Agents known, on all pages' }) total: number;
}
