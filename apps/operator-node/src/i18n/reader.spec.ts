import { readerOf } from './reader';

const node = { languages: ['fr', 'de', 'en'], timeZone: 'Europe/Zurich' };

describe('readerOf', () => {
  it("takes the agent's profile first, with its region for dates and its own time zone", () => {
    const r = readerOf({ node, profile: { language: 'ja-JP', timeZone: 'Asia/Tokyo' }, acceptLanguage: 'de-CH' });
    expect(r).toMatchObject({ language: 'ja', locale: 'ja-JP', languageSource: 'profile', timeZone: 'Asia/Tokyo', timeZoneSource: 'profile' });
    expect(r.chain[r.chain.length - 1]).toBe('en');
  });

  it('else Accept-Language by weight, in the node time zone', () => {
    expect(readerOf({ node, acceptLanguage: 'it;q=0.9, es-MX;q=0.8, de;q=0.1' })).toMatchObject({ language: 'es', locale: 'es-MX', languageSource: 'accept-language', timeZone: 'Europe/Zurich', timeZoneSource: 'node' });
  });

  it("else the node's first shipped language, else English", () => {
    expect(readerOf({ node })).toMatchObject({ language: 'fr', languageSource: 'node-default' });
    expect(readerOf({ node: { languages: ['it', 'rm'], timeZone: 'UTC' } })).toMatchObject({ language: 'en', languageSource: 'fallback', chain: ['en'] });
  });

  it('keeps the profile time zone even when the profile language is not shipped', () => {
    expect(readerOf({ node, profile: { language: 'it', timeZone: 'America/Sao_Paulo' } })).toMatchObject({ language: 'fr', timeZone: 'America/Sao_Paulo' });
  });
});
