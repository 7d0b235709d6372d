import { resolveLanguage, SHIPPED_LANGUAGES, ShippedLanguage } from '@postbridge/catalogue';
import { ApiException } from '@postbridge/platform';

/** The shipped language a tag asks for (`de-CH` → `de`), else 422 LANGUAGE_NOT_SUPPORTED listing the shipped ones. */
export function requireShippedLanguage(tag: string | undefined): ShippedLanguage {
  const language = resolveLanguage(tag);
  if (!language) {
    throw new ApiException(422, 'LANGUAGE_NOT_SUPPORTED', `no catalogue in "${tag}"; shipped languages: ${SHIPPED_LANGUAGES.join(', ')}`, { supported: [...SHIPPED_LANGUAGES] });
  }
  return language;
}
