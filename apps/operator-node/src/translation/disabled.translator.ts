import { TranslationLanguage, Translator } from './translator.port';

/** No translation service configured (TRANSLATION_URL unset): the node shows originals only. */
export class DisabledTranslator extends Translator {
  readonly enabled = false;
  readonly provider = null;

  translate(): Promise<string[]> {
    // A programming error, not an outage: callers must check `enabled` first.
    return Promise.reject(new Error('machine translation is not configured (TRANSLATION_URL is unset): check Translator.enabled before calling translate()'));
  }

  async languages(): Promise<TranslationLanguage[]> {
    return [];
  }
}
