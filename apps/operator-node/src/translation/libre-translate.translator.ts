import { baseLanguage } from './language-tag';
import { TranslationUnavailableError } from './translation-unavailable.error';
import { TranslationLanguage, Translator } from './translator.port';

export interface LibreTranslateOptions {
  /** Base URL of the service, e.g. https://libretranslate.example.org (a path prefix is kept). */
  url: string;
  apiKey?: string;
  /** Per request, connecting and reading the body included. */
  timeoutMs: number;
}

// LibreTranslate's 400 answers for a language it has no model for: "xx is not supported" and
// "German (de) is not available as a target language from Japanese (ja)".
const UNSUPPORTED = /not supported|not available as a target language/i;
const MAX_ERROR_TEXT = 500;

/** Adapter for a LibreTranslate-compatible HTTP API (https://libretranslate.com/docs). */
export class LibreTranslateTranslator extends Translator {
  readonly enabled = true;
  readonly provider = 'libretranslate';
  private readonly base: URL;

  constructor(private readonly options: LibreTranslateOptions) {
    super();
    // Without the trailing slash, new URL('translate', base) would drop the last path segment.
    this.base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
  }

  async translate(texts: string[], source: string, target: string): Promise<string[]> {
    if (texts.length === 0) return [];
    const from = baseLanguage(source);
    const to = baseLanguage(target);
    // A single text goes as a plain string: every LibreTranslate version accepts that, not all take arrays.
    const body = { q: texts.length === 1 ? texts[0] : texts, source: from, target: to, format: 'text', ...(this.options.apiKey ? { api_key: this.options.apiKey } : {}) };
    const answer = await this.call('translate', `${from} → ${to}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
    const out = (answer as { translatedText?: unknown } | null)?.translatedText;
    const list = texts.length === 1 && typeof out === 'string' ? [out] : out;
    if (!Array.isArray(list) || list.length !== texts.length || !list.every((t) => typeof t === 'string')) {
      throw new TranslationUnavailableError('TRANSLATION_FAILED', `the translation service answered ${from} → ${to} without one translatedText per text`, 200);
    }
    return list;
  }

  async languages(): Promise<TranslationLanguage[]> {
    const answer = await this.call('languages', 'languages', { method: 'GET', headers: { accept: 'application/json' } });
    if (!Array.isArray(answer) || !answer.every((l) => typeof l?.code === 'string')) {
      throw new TranslationUnavailableError('TRANSLATION_FAILED', 'the translation service answered /languages without a list of languages', 200);
    }
    // Versions before 1.3 list no targets.
    return answer.map((l) => ({ code: l.code, name: typeof l.name === 'string' ? l.name : l.code, targets: Array.isArray(l.targets) ? l.targets.filter((t: unknown) => typeof t === 'string') : [] }));
  }

  private async call(path: string, what: string, init: RequestInit): Promise<unknown> {
    const timeoutMs = this.options.timeoutMs;
    let status: number;
    let text: string;
    try {
      const res = await fetch(new URL(path, this.base), { ...init, signal: AbortSignal.timeout(timeoutMs) });
      status = res.status;
      text = await res.text();
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') {
        throw new TranslationUnavailableError('TRANSLATION_TIMEOUT', `the translation service did not answer ${what} within ${timeoutMs} ms`);
      }
      // fetch hides the reason (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
      const reason = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new TranslationUnavailableError('TRANSLATION_FAILED', `the translation service could not be reached for ${what}: ${reason}`);
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (status < 200 || status >= 300) {
      const own = (json as { error?: unknown } | undefined)?.error;
      const serviceError = (typeof own === 'string' ? own : text.trim()).slice(0, MAX_ERROR_TEXT) || null;
      if (status === 400 && serviceError && UNSUPPORTED.test(serviceError)) {
        throw new TranslationUnavailableError('TRANSLATION_LANGUAGE_UNSUPPORTED', `the translation service does not support ${what}: ${serviceError}`, status, serviceError);
      }
      throw new TranslationUnavailableError('TRANSLATION_FAILED', `the translation service answered ${what} with HTTP ${status}${serviceError ? `: ${serviceError}` : ''}`, status, serviceError);
    }
    if (json === undefined) throw new TranslationUnavailableError('TRANSLATION_FAILED', `the translation service answered ${what} with a body that is not JSON`, status);
    return json;
  }
}
