import fc from 'fast-check';
import { negotiateLanguage, parseAcceptLanguage, resolveLanguage, SHIPPED_LANGUAGES } from './index';

describe('parseAcceptLanguage', () => {
  it('orders ranges by q-value, keeping the sender order for equal weights', () => {
    expect(parseAcceptLanguage('fr;q=0.5, de-CH, ja;q=0.8, en;q=0.5, de')).toEqual([
      { range: 'de-CH', q: 1 },
      { range: 'de', q: 1 },
      { range: 'ja', q: 0.8 },
      { range: 'fr', q: 0.5 },
      { range: 'en', q: 0.5 },
    ]);
  });

  it('reads q with blanks around it, drops an entry whose q is empty, and ignores a q with blanks inside', () => {
    expect(parseAcceptLanguage('fr; q = 0.5 \t, de;q=, ja;q= , it;q=0 .5')).toEqual([
      { range: 'it', q: 1 },
      { range: 'fr', q: 0.5 },
    ]);
  });

  it('reads a q parameter full of blanks as before', () => {
    // The old /^\s*q\s*=\s*(\S*)\s*$/i let two `\s*` share these blanks (quadratic: scripts/redos.spec.ts).
    expect(parseAcceptLanguage(`de;q=${' '.repeat(4_000)}x x`)).toEqual([{ range: 'de', q: 1 }]);
    expect(parseAcceptLanguage(`de;q=${' '.repeat(4_000)}, fr`)).toEqual([{ range: 'fr', q: 1 }]);
  });

  it('accepts the RFC forms of q (case, spaces, up to three decimals) and keeps q=0', () => {
    expect(parseAcceptLanguage('es ; Q=0.123,ar;q=1.000,  *;q=0.1 ,fr;q=0')).toEqual([
      { range: 'ar', q: 1 },
      { range: 'es', q: 0.123 },
      { range: '*', q: 0.1 },
      { range: 'fr', q: 0 },
    ]);
  });

  it('skips malformed entries instead of failing', () => {
    expect(parseAcceptLanguage('de;q=1.5, fr;q=0.1234, es;q=abc, ;q=0.5, 12, ja-JP;q=0.9, en_US')).toEqual([
      { range: 'ja-JP', q: 0.9 },
    ]);
    expect(parseAcceptLanguage('')).toEqual([]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(parseAcceptLanguage(null)).toEqual([]);
  });

  it('canonicalises case and takes a repeated header', () => {
    expect(parseAcceptLanguage(['DE-ch', 'JA;q=0.2'])).toEqual([
      { range: 'de-CH', q: 1 },
      { range: 'ja', q: 0.2 },
    ]);
  });

  it('never throws and never returns an out-of-range weight', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (header) => {
        for (const e of parseAcceptLanguage(header)) {
          expect(e.q).toBeGreaterThanOrEqual(0);
          expect(e.q).toBeLessThanOrEqual(1);
          expect(e.range).not.toBe('');
        }
      }),
    );
  });

  it('bounds an abusive header', () => {
    const header = Array.from({ length: 5000 }, () => 'de-CH;q=0.5').join(',');
    expect(parseAcceptLanguage(header).length).toBeLessThanOrEqual(32);
  });
});

describe('resolveLanguage', () => {
  it.each([
    ['de-CH', 'de'],
    ['de-Latn-CH', 'de'],
    ['fr-CA', 'fr'],
    ['es-419', 'es'],
    ['ja-JP', 'ja'],
    ['ar-SA', 'ar'],
    ['EN-gb', 'en'],
    ['de_CH', 'de'],
  ])('%s → %s', (tag, language) => {
    expect(resolveLanguage(tag)).toBe(language);
  });

  it.each(['it', 'pt-BR', 'zh-Hant-TW', '', '*', 'x-klingon', 'not a tag', 'd', undefined, 42])('%p is not shipped', (tag) => {
    expect(resolveLanguage(tag)).toBeUndefined();
  });
});

describe('negotiateLanguage', () => {
  it('the profile beats Accept-Language, which beats the node default', () => {
    const all = { profile: 'ja', acceptLanguage: 'fr', nodeDefault: 'de' };
    expect(negotiateLanguage(all)).toMatchObject({ language: 'ja', source: 'profile', chain: ['ja', 'fr', 'de', 'en'] });
    expect(negotiateLanguage({ ...all, profile: undefined })).toMatchObject({ language: 'fr', source: 'accept-language' });
    expect(negotiateLanguage({ nodeDefault: 'de' })).toMatchObject({ language: 'de', source: 'node-default', chain: ['de', 'en'] });
  });

  it('skips what it does not ship, at every step', () => {
    expect(negotiateLanguage({ profile: 'it', acceptLanguage: 'pt-BR, es;q=0.4', nodeDefault: 'de' })).toMatchObject({
      language: 'es',
      source: 'accept-language',
      chain: ['es', 'de', 'en'],
    });
    expect(negotiateLanguage({ profile: 'it', acceptLanguage: 'pt', nodeDefault: 'it,fr,de' })).toMatchObject({
      language: 'fr',
      source: 'node-default',
      chain: ['fr', 'de', 'en'],
    });
  });

  it('follows q-values, not header order', () => {
    expect(negotiateLanguage({ acceptLanguage: 'fr;q=0.3, ar;q=0.9, de;q=0.6' })).toMatchObject({
      language: 'ar',
      chain: ['ar', 'de', 'fr', 'en'],
    });
  });

  it('maps region tags to their language and keeps the region for dates and numbers', () => {
    expect(negotiateLanguage({ acceptLanguage: 'de-CH,de;q=0.9,en;q=0.8' })).toMatchObject({
      language: 'de',
      locale: 'de-CH',
      chain: ['de', 'en'],
    });
    // The profile says "de"; the node (Swiss Post) says "de-CH": labels in German, Swiss dates.
    expect(negotiateLanguage({ profile: 'de', nodeDefault: ['de-CH', 'fr-CH'] })).toMatchObject({
      language: 'de',
      source: 'profile',
      locale: 'de-CH',
    });
    expect(negotiateLanguage({ profile: 'ja-JP' })).toMatchObject({ language: 'ja', locale: 'ja-JP' });
    // English is complete: once reached, the chain ends.
    expect(negotiateLanguage({ acceptLanguage: 'en-GB, de-CH' })).toMatchObject({ language: 'en', locale: 'en-GB', chain: ['en'] });
  });

  it('treats q=0 as "not acceptable", but a profile choice still wins', () => {
    expect(negotiateLanguage({ acceptLanguage: 'fr;q=0, es;q=0.5', nodeDefault: 'fr' })).toMatchObject({
      language: 'es',
      chain: ['es', 'en'],
    });
    expect(negotiateLanguage({ profile: 'fr', acceptLanguage: 'fr;q=0' })).toMatchObject({ language: 'fr', source: 'profile' });
  });

  it('ignores the wildcard: the node decides', () => {
    expect(negotiateLanguage({ acceptLanguage: '*', nodeDefault: 'ja' })).toMatchObject({ language: 'ja', source: 'node-default' });
  });

  it('falls back to English when nothing is shipped, and says so', () => {
    expect(negotiateLanguage({ profile: 'it', acceptLanguage: 'pt-BR, zh;q=0.5', nodeDefault: 'ko' })).toEqual({
      language: 'en',
      source: 'fallback',
      locale: 'en',
      chain: ['en'],
      considered: [
        { source: 'profile', tag: 'it', language: undefined },
        { source: 'accept-language', tag: 'pt-BR', language: undefined },
        { source: 'accept-language', tag: 'zh', language: undefined },
        { source: 'node-default', tag: 'ko', language: undefined },
      ],
    });
    expect(negotiateLanguage()).toMatchObject({ language: 'en', source: 'fallback', chain: ['en'] });
    expect(negotiateLanguage({ profile: '', acceptLanguage: '', nodeDefault: '' })).toMatchObject({ language: 'en' });
  });

  it('always returns a shipped language at the head of a chain that ends with English', () => {
    const tag = fc.oneof(fc.constantFrom('de-CH', 'ja', 'ar-EG', 'fr', 'es-MX', 'it', 'pt', '*', 'en-GB', ''), fc.string());
    fc.assert(
      fc.property(fc.option(tag), fc.option(fc.array(tag).map((t) => t.join(', '))), fc.option(tag), (profile, acceptLanguage, nodeDefault) => {
        const result = negotiateLanguage({ profile, acceptLanguage, nodeDefault });
        expect(SHIPPED_LANGUAGES).toContain(result.language);
        expect(result.chain[0]).toBe(result.language);
        expect(result.chain[result.chain.length - 1]).toBe('en');
        expect(new Set(result.chain).size).toBe(result.chain.length);
        expect(resolveLanguage(result.locale)).toBe(result.language);
      }),
    );
  });
});
