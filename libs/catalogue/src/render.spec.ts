import fc from 'fast-check';
import {
  bidiIsolate,
  formatCalendarDate,
  formatInstant,
  formatInstantToParts,
  formatNumber,
  InstantFormatOptions,
  InstantInput,
  label,
  negotiateLanguage,
  textDirection,
  toEpochMillis,
  wallClock,
} from './index';

const ARABIC = /\p{Script=Arabic}/u;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** The numeric fields of a rendering, read from Intl's parts (not from a whole string that ICU versions may vary). */
function fields(value: InstantInput, options: InstantFormatOptions): Record<'year' | 'day' | 'hour' | 'minute', number> & { zone: string } {
  const parts = formatInstantToParts(value, options);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    zone: get('timeZoneName'),
  };
}

const JP_AGENT = { locale: negotiateLanguage({ profile: 'ja', nodeDefault: 'ja-JP' }).locale, timeZone: 'Asia/Tokyo' };
const CH_AGENT = { locale: negotiateLanguage({ acceptLanguage: 'de-CH,de;q=0.9' }).locale, timeZone: 'Europe/Zurich' };

describe('rendering instants per reader', () => {
  it('negotiation gives the JP agent ja-JP and the CH agent de-CH', () => {
    expect(JP_AGENT.locale).toBe('ja-JP');
    expect(CH_AGENT.locale).toBe('de-CH');
  });

  it('one UTC instant shows each agent their own wall time (winter: JST = UTC+9, CET = UTC+1)', () => {
    const stored = '2024-11-12T12:00:00Z';
    expect(fields(stored, JP_AGENT)).toMatchObject({ year: 2024, day: 12, hour: 21, minute: 0 });
    expect(fields(stored, CH_AGENT)).toMatchObject({ year: 2024, day: 12, hour: 13, minute: 0 });
    expect(wallClock(stored, 'Asia/Tokyo')).toMatchObject({ month: 11, day: 12, hour: 21, offsetMinutes: 540 });
    expect(wallClock(stored, 'Europe/Zurich')).toMatchObject({ month: 11, day: 12, hour: 13, offsetMinutes: 60 });
  });

  it('the same instant may be on different days for the two agents', () => {
    const stored = '2024-03-30T20:30:00Z';
    expect(fields(stored, JP_AGENT)).toMatchObject({ day: 31, hour: 5, minute: 30 });
    expect(fields(stored, CH_AGENT)).toMatchObject({ day: 30, hour: 21, minute: 30 });
  });

  it('follows daylight saving time in Zurich (CEST = UTC+2), not in Tokyo', () => {
    expect(fields('2024-03-31T00:59:00Z', CH_AGENT)).toMatchObject({ day: 31, hour: 1, minute: 59 });
    expect(fields('2024-03-31T01:00:00Z', CH_AGENT)).toMatchObject({ day: 31, hour: 3, minute: 0 });
    expect(fields('2024-07-01T23:30:00Z', CH_AGENT)).toMatchObject({ day: 2, hour: 1, minute: 30 });
    expect(fields('2024-07-01T23:30:00Z', JP_AGENT)).toMatchObject({ day: 2, hour: 8, minute: 30 });
  });

  it('reads an ISO string with any offset, epoch milliseconds and a Date as the same instant', () => {
    const inputs: InstantInput[] = ['2024-11-12T12:00:00Z', '2024-11-12T13:00:00+01:00', Date.UTC(2024, 10, 12, 12), new Date(Date.UTC(2024, 10, 12, 12))];
    const rendered = inputs.map((i) => formatInstant(i, JP_AGENT));
    expect(new Set(rendered).size).toBe(1);
  });

  it('names the zone by default, so nobody mistakes whose clock it is', () => {
    expect(fields('2024-11-12T12:00:00Z', JP_AGENT).zone).not.toBe('');
    expect(fields('2024-11-12T12:00:00Z', { ...JP_AGENT, showTimeZone: false }).zone).toBe('');
  });

  it('renders dates only or times only on request', () => {
    const dateOnly = formatInstantToParts('2024-11-12T23:30:00Z', { ...JP_AGENT, part: 'date' });
    expect(dateOnly.some((p) => p.type === 'hour')).toBe(false);
    expect(dateOnly.find((p) => p.type === 'day')?.value).toBe('13');
    const timeOnly = formatInstantToParts('2024-11-12T23:30:00Z', { ...CH_AGENT, part: 'time' });
    expect(timeOnly.some((p) => p.type === 'day')).toBe(false);
    expect(timeOnly.find((p) => p.type === 'hour')?.value).toBe('00');
  });

  it('writes Japanese dates in Japanese and Arabic dates in Arabic script', () => {
    expect(formatInstant('2024-11-12T12:00:00Z', { ...JP_AGENT, style: 'full' })).toMatch(JAPANESE);
    expect(formatInstant('2024-11-12T12:00:00Z', { locale: 'ar', timeZone: 'Asia/Riyadh', style: 'long' })).toMatch(ARABIC);
    const arabicDigits = formatInstantToParts('2024-11-12T12:00:00Z', { locale: 'ar', timeZone: 'Asia/Riyadh', numberingSystem: 'arab' });
    // 15:00 in Riyadh: Arabic uses a 12-hour clock, in Arabic-Indic digits here, with م (p.m.).
    expect(arabicDigits.find((p) => p.type === 'hour')?.value).toBe('٠٣');
    expect(arabicDigits.find((p) => p.type === 'dayPeriod')?.value).toBe('م');
  });

  it('agrees with the wall clock for any instant and zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom('Asia/Tokyo', 'Europe/Zurich', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'),
        fc.constantFrom('ja-JP', 'de-CH', 'fr', 'en-GB'),
        (ms, timeZone, locale) => {
          const wall = wallClock(ms, timeZone);
          expect(fields(ms, { locale, timeZone })).toMatchObject({ year: wall.year, day: wall.day, hour: wall.hour, minute: wall.minute });
        },
      ),
    );
  });

  it('refuses an over-long instant at once, with a RangeError that does not echo it', () => {
    // 40 kB of `T` held a node for seconds under the old pattern.
    for (const bad of ['T'.repeat(40_000), `${'T'.repeat(40_000)}+01:00`, '2024-11-12T12:00:00Z'.padStart(65, '0')]) {
      expect(() => toEpochMillis(bad)).toThrow(/at most 64 characters/);
    }
    expect(toEpochMillis(' 2024-11-12T12:00:00.000000000+00:00 ')).toBe(Date.UTC(2024, 10, 12, 12));
  });

  it('refuses an ambiguous or invalid instant, an unknown zone and a malformed locale', () => {
    for (const bad of ['2024-11-12T12:00:00', '2024-11-12', 'yesterday', '2024-13-01T00:00:00Z', '']) {
      expect(() => toEpochMillis(bad)).toThrow(RangeError);
    }
    expect(() => toEpochMillis(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => toEpochMillis(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => formatInstant('2024-11-12T12:00:00Z', { locale: 'ja', timeZone: 'Asia/Tokio' })).toThrow(RangeError);
    expect(() => formatInstant('2024-11-12T12:00:00Z', { locale: 'not a locale', timeZone: 'UTC' })).toThrow(RangeError);
  });
});

describe('rendering calendar dates and numbers', () => {
  it('a calendar date is the same day everywhere', () => {
    expect(formatCalendarDate('2024-11-12', { locale: 'ja-JP' })).toContain('12日');
    expect(formatCalendarDate('2024-11-12', { locale: 'de-CH', style: 'short' })).toBe('12.11.2024');
    expect(() => formatCalendarDate('2024-02-30', { locale: 'en' })).toThrow(RangeError);
    expect(() => formatCalendarDate('12/11/2024', { locale: 'en' })).toThrow(RangeError);
  });

  it('numbers follow the reader locale', () => {
    expect(formatNumber(1234.5, { locale: 'de' })).toBe('1.234,5');
    expect(formatNumber(1234.5, { locale: 'ja' })).toBe('1,234.5');
    const swiss = formatNumber(1234.5, { locale: 'de-CH' });
    expect(swiss).toMatch(/^1\D234\.5$/);
    expect(swiss).not.toBe('1,234.5');
    expect(formatNumber(1234.5, { locale: 'ar', numberingSystem: 'arab' })).toMatch(/^[١][^\d]?[٢][٣][٤][^\d][٥]$/u);
    expect(formatNumber(30, { locale: 'fr', style: 'unit', unit: 'kilogram' })).toMatch(/^30\skg$/);
    expect(() => formatNumber(Number.NaN, { locale: 'en' })).toThrow(RangeError);
  });
});

describe('right-to-left', () => {
  it('an Arabic reader gets rtl text in Arabic script, with a Latin item id isolated in it', () => {
    const reason = label('inquiryReason', 'NOT_ARRIVED', 'ar');
    const line = `${reason}: ${bidiIsolate('RB123456785GB')}`;
    expect(textDirection(negotiateLanguage({ acceptLanguage: 'ar-EG' }).locale)).toBe('rtl');
    expect(reason).toMatch(ARABIC);
    expect(line).toContain('\u2068RB123456785GB\u2069');
    expect(bidiIsolate('abc', 'ltr')).toBe('\u2066abc\u2069');
    expect(bidiIsolate('abc', 'rtl')).toBe('\u2067abc\u2069');
  });
});
