import { createServer } from 'node:net';
import { LibreTranslateServer } from '../../../../test/support/libretranslate-server';
import { LibreTranslateTranslator } from './libre-translate.translator';
import { TranslationUnavailableError } from './translation-unavailable.error';

// The adapter against a local server speaking the LibreTranslate API over real HTTP.

let lt: LibreTranslateServer;
let translator: LibreTranslateTranslator;

async function failure(p: Promise<unknown>): Promise<TranslationUnavailableError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TranslationUnavailableError);
    return e as TranslationUnavailableError;
  }
  throw new Error('expected a TranslationUnavailableError');
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  lt = await LibreTranslateServer.start({
    dictionary: {
      'de>en': { 'Das Paket ist nicht angekommen.': 'The parcel has not arrived.', 'Bitte prüfen.': 'Please check.' },
      'en>de': { 'Delivered on 12 Nov.': 'Zugestellt am 12. Nov.' },
    },
  });
  translator = new LibreTranslateTranslator({ url: lt.url, timeoutMs: 1_000 });
});

afterEach(() => lt.reset());
afterAll(() => lt?.close());

describe('LibreTranslateTranslator', () => {
  it('translates one text, sending it as a plain string in text format', async () => {
    expect(await translator.translate(['Das Paket ist nicht angekommen.'], 'de', 'en')).toEqual(['The parcel has not arrived.']);
    expect(lt.requests).toEqual([{ method: 'POST', path: '/translate', body: { q: 'Das Paket ist nicht angekommen.', source: 'de', target: 'en', format: 'text' } }]);
    expect(translator.enabled).toBe(true);
    expect(translator.provider).toBe('libretranslate');
  });

  it('translates a batch in one request, in order, and compares tags on their base subtag', async () => {
    const out = await translator.translate(['Bitte prüfen.', 'Das Paket ist nicht angekommen.', 'Unbekannt'], 'de-CH', 'en-US');
    expect(out).toEqual(['Please check.', 'The parcel has not arrived.', '[de>en] Unbekannt']);
    expect(lt.requests).toHaveLength(1);
    expect(lt.requests[0].body).toEqual({ q: ['Bitte prüfen.', 'Das Paket ist nicht angekommen.', 'Unbekannt'], source: 'de', target: 'en', format: 'text' });
    expect(await translator.translate([], 'de', 'en')).toEqual([]);
    expect(lt.requests).toHaveLength(1);
  });

  it('sends the api key, and reports a refused key as TRANSLATION_FAILED with status and the service error', async () => {
    const keyed = await LibreTranslateServer.start({ dictionary: { 'en>de': { 'Delivered on 12 Nov.': 'Zugestellt am 12. Nov.' } }, apiKey: 'k-123' });
    try {
      const good = new LibreTranslateTranslator({ url: keyed.url, apiKey: 'k-123', timeoutMs: 1_000 });
      expect(await good.translate(['Delivered on 12 Nov.'], 'en', 'de')).toEqual(['Zugestellt am 12. Nov.']);
      expect(keyed.requests[0].body.api_key).toBe('k-123');
      const bad = new LibreTranslateTranslator({ url: keyed.url, apiKey: 'wrong', timeoutMs: 1_000 });
      const e = await failure(bad.translate(['Delivered on 12 Nov.'], 'en', 'de'));
      expect(e).toMatchObject({ code: 'TRANSLATION_FAILED', status: 403, serviceError: 'Invalid API key' });
      expect(e.message).not.toContain('wrong');
    } finally {
      await keyed.close();
    }
  });

  it('gives up after the timeout with TRANSLATION_TIMEOUT', async () => {
    lt.delayMs = 1_500;
    const quick = new LibreTranslateTranslator({ url: lt.url, timeoutMs: 200 });
    const t0 = Date.now();
    const e = await failure(quick.translate(['Bitte prüfen.'], 'de', 'en'));
    expect(e).toMatchObject({ code: 'TRANSLATION_TIMEOUT', status: null });
    expect(Date.now() - t0).toBeLessThan(1_200);
    expect(lt.requests).toHaveLength(1);
  });

  it('reports a server error as TRANSLATION_FAILED with its status and error text', async () => {
    lt.failWith(500, 'model crashed');
    const e = await failure(translator.translate(['Bitte prüfen.'], 'de', 'en'));
    expect(e).toMatchObject({ code: 'TRANSLATION_FAILED', status: 500, serviceError: 'model crashed' });
    expect(e.message).toContain('HTTP 500: model crashed');
    await expect(translator.languages()).rejects.toMatchObject({ code: 'TRANSLATION_FAILED', status: 500 });
  });

  it('reports an unsupported language or pair as TRANSLATION_LANGUAGE_UNSUPPORTED', async () => {
    const e = await failure(translator.translate(['こんにちは'], 'ja', 'en'));
    expect(e).toMatchObject({ code: 'TRANSLATION_LANGUAGE_UNSUPPORTED', status: 400, serviceError: 'ja is not supported' });
    // Both languages known, but German is not among the targets of German.
    const pair = await failure(translator.translate(['Bitte prüfen.'], 'de', 'de'));
    expect(pair).toMatchObject({ code: 'TRANSLATION_LANGUAGE_UNSUPPORTED', status: 400, serviceError: 'German (de) is not available as a target language from German (de)' });
  });

  it('reports a service it cannot reach as TRANSLATION_FAILED without status', async () => {
    const down = new LibreTranslateTranslator({ url: `http://127.0.0.1:${await closedPort()}`, timeoutMs: 1_000 });
    const e = await failure(down.translate(['Bitte prüfen.'], 'de', 'en'));
    expect(e).toMatchObject({ code: 'TRANSLATION_FAILED', status: null });
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('lists languages with their targets', async () => {
    expect(await translator.languages()).toEqual([
      { code: 'de', name: 'German', targets: ['en'] },
      { code: 'en', name: 'English', targets: ['de'] },
    ]);
    expect(lt.requests).toEqual([{ method: 'GET', path: '/languages', body: undefined }]);
  });

  it('keeps a path prefix of the configured URL', async () => {
    const prefixed = new LibreTranslateTranslator({ url: `${lt.url}/lt`, timeoutMs: 1_000 });
    await expect(prefixed.languages()).rejects.toMatchObject({ code: 'TRANSLATION_FAILED', status: 404 });
    expect(lt.requests[0].path).toBe('/lt/languages');
  });
});
