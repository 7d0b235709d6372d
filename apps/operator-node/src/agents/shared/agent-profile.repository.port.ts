import type { AgentProfile } from './agent-profile';

export abstract class AgentProfileRepository {
  abstract find(agentId: string): Promise<AgentProfile | null>;
  /** Creates or replaces the profile; returns it as stored. */
  abstract save(profile: Omit<AgentProfile, 'updatedAt'>): Promise<AgentProfile>;
}
