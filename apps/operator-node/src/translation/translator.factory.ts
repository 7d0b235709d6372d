import { DisabledTranslator } from './disabled.translator';
import { LibreTranslateTranslator } from './libre-translate.translator';
import { Translator } from './translator.port';

/** From TRANSLATION_URL, TRANSLATION_API_KEY and TRANSLATION_TIMEOUT_MS. */
export interface TranslationOptions {
  /** Unset: translation is off. */
  url?: string;
  apiKey?: string;
  timeoutMs?: number;
}

export const DEFAULT_TRANSLATION_TIMEOUT_MS = 3_000;

export function createTranslator(options: TranslationOptions): Translator {
  if (!options.url) return new DisabledTranslator();
  return new LibreTranslateTranslator({ url: options.url, apiKey: options.apiKey || undefined, timeoutMs: options.timeoutMs ?? DEFAULT_TRANSLATION_TIMEOUT_MS });
}
