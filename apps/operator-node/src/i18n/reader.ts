import { negotiateLanguage } from '@postbridge/catalogue';
import type { LanguageChoiceSource, ShippedLanguage } from '@postbridge/catalogue';
import type { FastifyRequest } from 'fastify';

/**
 * Who reads a response: the language labels are rendered in (with its fallback chain down to
 * English), the locale for dates and numbers, and the time zone wall times are shown in.
 */
export interface Reader {
  readonly language: ShippedLanguage;
  readonly chain: readonly ShippedLanguage[];
  readonly locale: string;
  readonly languageSource: LanguageChoiceSource;
  readonly timeZone: string;
  readonly timeZoneSource: 'profile' | 'node';
  /** The agent named by X-Agent-Id, when the request had one. */
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
  const chosen = negotiateLanguage({ profile: profile?.language, acceptLanguage, nodeDefault: node.languages });
  return {
    language: chosen.language,
    chain: chosen.chain,
    locale: chosen.locale,
    languageSource: chosen.source,
    timeZone: profile?.timeZone ?? node.timeZone,
    timeZoneSource: profile?.timeZone ? 'profile' : 'node',
    agentId: agentId ?? null,
  };
}

/** A request after ReaderInterceptor: routes marked @RendersForReader() carry their reader. */
export type RequestWithReader = FastifyRequest & { reader?: Reader };
