import type { Reader } from '../../i18n/reader';
import type { AgentProfile } from './agent-profile';
import type { AgentProfileResponse } from './agent-profile.response.dto';

export function toAgentProfileResponse(agentId: string, p: AgentProfile | null, reader: Reader): AgentProfileResponse {
  return {
    agentId,
    language: p?.language ?? null,
    timeZone: p?.timeZone ?? null,
    updatedAt: p ? p.updatedAt.toISOString() : null,
    effective: {
      language: reader.language,
      chain: [...reader.chain],
      locale: reader.locale,
      languageSource: reader.languageSource,
      timeZone: reader.timeZone,
      timeZoneSource: reader.timeZoneSource,
    },
  };
}
