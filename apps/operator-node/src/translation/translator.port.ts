/** A language the translation service offers, with the languages it can translate it into. */
export interface TranslationLanguage {
  code: string;
  name: string;
  targets: string[];
}

/**
 * A machine translation service. `enabled` is false when none is configured: callers check it
 * before calling translate(), so no one ever shows a translation that did not happen.
 */
export abstract class Translator {
  abstract readonly enabled: boolean;
  /** Shown next to each machine translation; null when disabled. */
  abstract readonly provider: string | null;
  /**
   * Translates every text from `source` into `target` (BCP 47 tags, compared on their base
   * subtag), in order. Throws TranslationUnavailableError when the service fails.
   */
  abstract translate(texts: string[], source: string, target: string): Promise<string[]>;
  abstract languages(): Promise<TranslationLanguage[]>;
}
