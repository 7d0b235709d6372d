import { negotiateLanguage } from './negotiation';
import type { LanguageChoiceSource } from './negotiation';
import type { ShippedLanguage } from './languages';

/**
 * Whom a response is rendered for: the language labels are rendered in (with its fallback chain
 * down to English), the locale for dates and numbers, and the time zone wall times are shown in.
 * What `Display` needs; each app extends it with what it knows of its reader (an agent id, where
 * the time zone came from).
 */
export interface ReaderSettings {
  readonly language: ShippedLanguage;
  readonly chain: readonly ShippedLanguage[];
  readonly locale: string;
  readonly languageSource: LanguageChoiceSource;
  /** An IANA zone name; validate it where it comes in (config, profile, query), this does not. */
  readonly timeZone: string;
}

export interface ReaderSettingsInput {
  /** The reader's own choice (an agent profile's BCP 47 tag), when there is one. */
  readonly profileLanguage?: string | null;
  /** The request's `Accept-Language` header. */
  readonly acceptLanguage?: string | readonly string[] | null;
  /** The service's languages, preferred first (a node's OPERATOR_LANGUAGES); none: English. */
  readonly defaultLanguages?: string | readonly string[] | null;
  readonly timeZone: string;
}

/**
 * The profile language, else `Accept-Language`, else the default languages, else English
 * (`negotiateLanguage`); the time zone as given. Never fails.
 */
export function readerSettingsOf({ profileLanguage, acceptLanguage, defaultLanguages, timeZone }: ReaderSettingsInput): ReaderSettings {
  const chosen = negotiateLanguage({ profile: profileLanguage, acceptLanguage, nodeDefault: defaultLanguages });
  return { language: chosen.language, chain: chosen.chain, locale: chosen.locale, languageSource: chosen.source, timeZone };
}
