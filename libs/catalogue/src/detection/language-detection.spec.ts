import { detect } from 'tinyld';
import { detectLanguage } from '../index';

describe('detectLanguage', () => {
  const sentences: ReadonlyArray<readonly [string, string]> = [
    ['de', 'Das Paket ist nicht angekommen.'],
    ['de', 'Die Kundin wartet seit drei Wochen auf ihr Paket.'],
    ['de', 'Bitte senden Sie uns den Zustellnachweis.'],
    ['fr', 'Le colis n’est pas encore arrivé.'],
    ['fr', 'Veuillez trouver ci-joint la preuve de dépôt.'],
    ['fr', 'Le client attend toujours'],
    ['ja', '荷物がまだ届いていません。'],
    ['ja', '添付の差出証明をご確認ください。'],
    ['ar', 'لم يصل الطرد بعد.'],
    ['ar', 'هل يمكنكم تأكيد تاريخ التسليم؟'],
    ['es', 'El paquete todavía no ha llegado.'],
    ['es', 'El destinatario no estaba en casa.'],
    ['en', 'The customer has been waiting three weeks for her parcel.'],
    ['en', 'The parcel has not arrived yet.'],
    ['en', 'Could you please confirm the delivery date and the name of the recipient?'],
  ];

  it.each(sentences)('detects %s in "%s"', (language, text) => {
    const detected = detectLanguage(text);
    expect(detected?.language).toBe(language);
    expect(detected?.confidence).toBeGreaterThan(0);
    expect(detected?.confidence).toBeLessThanOrEqual(1);
  });

  it('accepts a statistical guess on a real sentence even though its score is low', () => {
    // tinyld's score is not a probability: a plain, correctly detected English sentence scores about 0.1.
    const detected = detectLanguage('The parcel has not arrived yet.');
    expect(detected).toMatchObject({ language: 'en' });
    expect(detected?.confidence).toBeLessThan(0.5);
  });

  it.each(['OK', '12345', '', '   ', '!!! ???', 'Danke', 'RB123456785CH'])('is unsure about %p', (text) => {
    expect(detectLanguage(text)).toBeNull();
  });

  it.each([
    ['№ 5', 'ru'],
    ['－ 1', 'de'],
    ['١٢٣٤', 'ar'],
  ])('gives no guess for a text without letters: %p (tinyld alone says %p)', (text, wrong) => {
    expect(detect(text)).toBe(wrong);
    expect(detectLanguage(text)).toBeNull();
  });

  it.each([
    ['Hello', 'it'],
    ['Jane Doe', 'nl'],
    ['Colis perdu', 'tr'],
  ])('gives no one- or two-word statistical guess: %p (tinyld alone says %p)', (text, wrong) => {
    expect(detect(text)).toBe(wrong);
    expect(detectLanguage(text)).toBeNull();
  });

  it('still detects a short text from a word only one language has', () => {
    expect(detectLanguage('Danke schön')?.language).toBe('de');
    expect(detectLanguage('はい')?.language).toBe('ja');
  });
});
