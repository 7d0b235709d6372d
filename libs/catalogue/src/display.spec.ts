import { describeCode, Display, label, readerSettingsOf } from './index';

const reader = (language: string, timeZone: string) => readerSettingsOf({ defaultLanguages: [language], timeZone });

/** Hour and minute on a wall clock, computed here with Intl alone (not through the catalogue). */
const hourMinute = (at: string, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  return `${parts.find((p) => p.type === 'hour')!.value}:${parts.find((p) => p.type === 'minute')!.value}`;
};

describe('Display', () => {
  it('labels codes in the reader language and names codes it does not know instead of dropping them', () => {
    const d = new Display(reader('ja', 'Asia/Tokyo'));
    expect(d.code('inquiryReason', 'DAMAGED')).toBe(label('inquiryReason', 'DAMAGED', 'ja'));
    expect(d.codes('requestedAction', ['INVESTIGATE', 'COMPENSATE'])).toEqual([label('requestedAction', 'INVESTIGATE', 'ja'), label('requestedAction', 'COMPENSATE', 'ja')]);
    const unknown = d.code('nonDeliveryReason', '77');
    expect(unknown).toBe(describeCode('nonDeliveryReason', '77', 'ja').label);
    expect(unknown).toContain('77');
    expect(d.code('replyOutcome', null)).toBeNull();
  });

  it('labels deadline history entries by the deadline event and case events by their own labels', () => {
    const d = new Display(reader('de', 'Europe/Zurich'));
    expect(d.historyAction('DEADLINE_OVERDUE')).toBe(label('deadlineEventKind', 'OVERDUE', 'de'));
    expect(d.historyAction('OPENED')).toBe(label('caseEvent', 'OPENED', 'de'));
  });

  it('shows one instant as each reader wall clock', () => {
    const at = '2026-11-23T23:30:00Z';
    expect(new Display(reader('ja', 'Asia/Tokyo')).instant(at)).toMatch(/2026.11.24.*08:30/);
    expect(new Display(reader('de', 'Europe/Zurich')).instant(at)).toMatch(/24\..*2026.*00:30/);
    expect(new Display(reader('en', 'America/New_York')).instant(at)).toMatch(/Nov 23, 2026.*06:30/);
    expect(new Display(reader('en', 'UTC')).instant(null)).toBeNull();
  });

  it("shows an instant on another clock in the reader's locale, not on the reader's own", () => {
    const at = '2026-03-05T15:00:00Z';
    const d = new Display(reader('de', 'Asia/Tokyo'));
    const inNewYork = d.instantIn(at, 'America/New_York');
    expect(inNewYork).toContain(hourMinute(at, 'America/New_York'));
    expect(inNewYork).not.toContain(hourMinute(at, 'Asia/Tokyo'));
    expect(inNewYork).toMatch(/5\. März 2026/);
    expect(d.instant(at)).toContain(hourMinute(at, 'Asia/Tokyo'));
    expect(d.instantIn(null, 'UTC')).toBeNull();
    expect(() => d.instantIn(at, 'Mars/Olympus')).toThrow(RangeError);
  });

  it("names a text's language in the reader language", () => {
    expect(new Display(reader('de', 'UTC')).languageName('ja')).toBe('Japanisch');
    expect(new Display(reader('ja', 'UTC')).languageName('de')).toBe('ドイツ語');
    expect(new Display(reader('en', 'UTC')).languageName('und')).toBeTruthy();
  });

  it('says whom it renders for, with the writing direction', () => {
    expect(new Display(readerSettingsOf({ acceptLanguage: 'ar-EG', timeZone: 'Africa/Cairo' })).renderedFor()).toEqual({ language: 'ar', locale: 'ar-EG', timeZone: 'Africa/Cairo', direction: 'rtl' });
    expect(new Display(reader('fr', 'UTC')).renderedFor()).toEqual({ language: 'fr', locale: 'fr', timeZone: 'UTC', direction: 'ltr' });
  });
});

describe('readerSettingsOf', () => {
  it('takes the profile language first, then Accept-Language by weight, then the defaults, then English', () => {
    expect(readerSettingsOf({ profileLanguage: 'ja-JP', acceptLanguage: 'de', defaultLanguages: ['fr'], timeZone: 'Asia/Tokyo' })).toEqual({
      language: 'ja',
      chain: ['ja', 'de', 'fr', 'en'],
      locale: 'ja-JP',
      languageSource: 'profile',
      timeZone: 'Asia/Tokyo',
    });
    expect(readerSettingsOf({ acceptLanguage: 'it;q=0.9, es-MX;q=0.8', defaultLanguages: 'fr,de', timeZone: 'UTC' })).toMatchObject({ language: 'es', locale: 'es-MX', languageSource: 'accept-language' });
    expect(readerSettingsOf({ defaultLanguages: ['it', 'de'], timeZone: 'UTC' })).toMatchObject({ language: 'de', languageSource: 'node-default' });
    expect(readerSettingsOf({ acceptLanguage: 'it, rm', timeZone: 'UTC' })).toEqual({ language: 'en', chain: ['en'], locale: 'en', languageSource: 'fallback', timeZone: 'UTC' });
  });

  it('keeps the time zone it is given', () => {
    expect(readerSettingsOf({ acceptLanguage: 'de-CH', timeZone: 'America/Sao_Paulo' }).timeZone).toBe('America/Sao_Paulo');
  });
});
