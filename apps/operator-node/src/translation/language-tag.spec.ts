import { baseLanguage, sameBaseLanguage } from './language-tag';

describe('baseLanguage', () => {
  it('keeps the primary subtag, lower-cased', () => {
    expect(['de', 'de-CH', 'DE_ch', ' pt-BR ', 'zh-Hant-TW', 'gsw-CH'].map(baseLanguage)).toEqual(['de', 'de', 'de', 'pt', 'zh', 'gsw']);
  });

  it('treats regional variants as the same language', () => {
    expect(sameBaseLanguage('de-CH', 'de-DE')).toBe(true);
    expect(sameBaseLanguage('de', 'gsw')).toBe(false);
  });
});
