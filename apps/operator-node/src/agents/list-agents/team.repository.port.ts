import type { AgentWorkloadResponse, WorkloadCounts } from './list-agents.response.dto';

/** The agents of this post the node knows, with their open cases (DI token). */
export abstract class TeamRepository {
  abstract agents(me: string, page: number, pageSize: number): Promise<{ items: AgentWorkloadResponse[]; total: number }>;
  abstract unassigned(me: string): Promise<WorkloadCounts>;
}
