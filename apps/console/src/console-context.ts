import { createContext, useContext } from 'react';
import type { AgentProfile, OperatorProfile, Session } from './api/types';

export interface ConsoleState {
  session: Session;
  profile: AgentProfile;
  operator: OperatorProfile;
  /** Saves the agent's language and zone at the node and re-renders the console in them. */
  saveProfile(language: string | null, timeZone: string | null): Promise<void>;
}

export const ConsoleContext = createContext<ConsoleState | null>(null);

export function useConsole(): ConsoleState {
  const c = useContext(ConsoleContext);
  if (!c) throw new Error('useConsole outside the console');
  return c;
}

export const isSupervisor = (s: Session): boolean => s.roles.includes('supervisor');
export const canWork = (s: Session): boolean => s.roles.includes('agent') || s.roles.includes('supervisor');
