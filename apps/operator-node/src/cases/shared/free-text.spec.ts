import { tagFreeText } from './free-text';

describe('tagFreeText', () => {
  const writer = { language: 'fr' as const };

  it('keeps the tag the agent gave, canonicalised', () => {
    expect(tagFreeText({ text: 'Hello', language: 'en-gb' }, writer)).toEqual({ text: 'Hello', language: 'en-GB', languageSource: 'GIVEN' });
  });

  it('detects the language when none is given', () => {
    expect(tagFreeText({ text: 'Das Paket ist bis heute nicht angekommen.' }, writer)).toMatchObject({ language: 'de', languageSource: 'DETECTED' });
    expect(tagFreeText({ text: '荷物がまだ届いていません。' }, writer)).toMatchObject({ language: 'ja', languageSource: 'DETECTED' });
  });

  it("assumes the writer's own language when detection is unsure, and says so", () => {
    expect(tagFreeText({ text: 'OK' }, writer)).toEqual({ text: 'OK', language: 'fr', languageSource: 'ASSUMED' });
    expect(tagFreeText({ text: '12345' }, writer)).toMatchObject({ language: 'fr', languageSource: 'ASSUMED' });
  });
});
