/** What an agent chose for themselves: the language they read cases in and their own time zone. */
export interface AgentProfile {
  agentId: string;
  displayName: string | null;
  language: string;
  timeZone: string | null;
  updatedAt: Date;
}
