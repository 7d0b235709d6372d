// TRANSLATION_SUSPENDED: the service failed moments ago and is left alone for a while (see TranslationService).
export const TRANSLATION_ERROR_CODES = ['TRANSLATION_TIMEOUT', 'TRANSLATION_FAILED', 'TRANSLATION_LANGUAGE_UNSUPPORTED', 'TRANSLATION_SUSPENDED'] as const;
export type TranslationErrorCode = (typeof TRANSLATION_ERROR_CODES)[number];

/** The translation service could not translate; callers show the original instead. */
export class TranslationUnavailableError extends Error {
  constructor(
    readonly code: TranslationErrorCode,
    message: string,
    /** HTTP status of the service's answer; null when there was none (timeout, connection refused). */
    readonly status: number | null = null,
    /** The service's own error text (`{ error }` of its answer), for logs and support. */
    readonly serviceError: string | null = null,
  ) {
    super(message);
    this.name = 'TranslationUnavailableError';
  }
}
