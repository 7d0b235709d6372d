/** What an agent chose for themselves: the language they read cases in and their own time zone. */
export interface AgentProfile {
  agentId: string;
  language: string;
  timeZone: string | null;
  updatedAt: Date;
}
