import { readerSettingsOf } from '@postbridge/catalogue';
import type { ReaderSettings } from '@postbridge/catalogue';

/**
 * Who reads a node response: the catalogue's reader settings (language, fallback chain, locale,
 * time zone; what `Display` renders with) plus what the node knows of its agent.
 */
export interface Reader extends ReaderSettings {
  readonly timeZoneSource: 'profile' | 'node';
  /** The verified caller, when the route has one. */
  readonly agentId: string | null;
}

export interface ReaderInputs {
  readonly node: { readonly languages: readonly string[]; readonly timeZone: string };
  readonly profile?: { readonly language: string; readonly timeZone: string | null } | null;
  readonly acceptLanguage?: string;
  readonly agentId?: string | null;
}

/** The agent's profile language, else Accept-Language, else the node's languages, else English. */
export function readerOf({ node, profile, acceptLanguage, agentId }: ReaderInputs): Reader {
  const settings = readerSettingsOf({ profileLanguage: profile?.language, acceptLanguage, defaultLanguages: node.languages, timeZone: profile?.timeZone ?? node.timeZone });
  return { ...settings, timeZoneSource: profile?.timeZone ? 'profile' : 'node', agentId: agentId ?? null };
}
