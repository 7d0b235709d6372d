import { hasTimeAndExplicitOffset, MAX_INSTANT_LENGTH } from '@postbridge/domain';
import { DateTime, IANAZone } from 'luxon';
import { canonicalTag, TextDirection } from './languages';
import { memoize } from './memo';

/**
 * Rendering of instants, calendar dates and numbers in the reader's locale and time zone.
 * Instants are stored and exchanged in UTC; only rendering knows about the reader.
 */

/** An instant: ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`), epoch milliseconds, or a Date. */
export type InstantInput = string | number | Date;

export function toEpochMillis(value: InstantInput): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
    return ms;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Invalid epoch milliseconds: ${value}`);
    return value;
  }
  if (typeof value !== 'string') {
    throw new RangeError(`${JSON.stringify(value)} is not an ISO-8601 date-time with an offset (Z or ±hh:mm)`);
  }
  const text = value.trim();
  // Capped before any pattern or luxon sees it, and not echoed whole.
  if (text.length > MAX_INSTANT_LENGTH) {
    throw new RangeError(`An ISO-8601 date-time is at most ${MAX_INSTANT_LENGTH} characters, got ${text.length}`);
  }
  // As for tracking events: without an explicit offset a string would be read in some implicit zone.
  if (!hasTimeAndExplicitOffset(text)) {
    throw new RangeError(`${JSON.stringify(value)} is not an ISO-8601 date-time with an offset (Z or ±hh:mm)`);
  }
  const dt = DateTime.fromISO(text, { setZone: true });
  if (!dt.isValid) throw new RangeError(`${JSON.stringify(value)} is not a valid date-time: ${dt.invalidExplanation}`);
  return dt.toMillis();
}

/** An IANA zone name (`Asia/Tokyo`); RangeError for anything else, so a typo never renders UTC silently. */
const validZones = memoize<boolean>(1_000);

export function assertTimeZone(timeZone: string): string {
  if (typeof timeZone !== 'string' || !validZones(timeZone, () => IANAZone.isValidZone(timeZone))) {
    throw new RangeError(`${JSON.stringify(timeZone)} is not an IANA time zone`);
  }
  return timeZone;
}

function assertLocale(locale: string): string {
  const canonical = canonicalTag(locale);
  if (canonical === undefined) throw new RangeError(`${JSON.stringify(locale)} is not a BCP 47 language tag`);
  return canonical;
}

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Offset from UTC at that instant in that zone (daylight saving included). */
  readonly offsetMinutes: number;
  readonly timeZone: string;
}

/** What a clock on the wall in `timeZone` shows at that instant (locale-independent numbers). */
export function wallClock(value: InstantInput, timeZone: string): WallClock {
  const dt = DateTime.fromMillis(toEpochMillis(value), { zone: assertTimeZone(timeZone) });
  return {
    year: dt.year,
    month: dt.month,
    day: dt.day,
    hour: dt.hour,
    minute: dt.minute,
    second: dt.second,
    weekday: dt.weekday,
    offsetMinutes: dt.offset + 0, // -0 → 0
    timeZone,
  };
}

export type DateTimeStyle = 'short' | 'medium' | 'long' | 'full';

export interface InstantFormatOptions {
  /** The reader's BCP 47 locale (e.g. the negotiated `locale`: `de-CH`, `ja`, `ar`). */
  readonly locale: string;
  /** The reader's IANA time zone (e.g. the node's OPERATOR_TIME_ZONE or the agent's own). */
  readonly timeZone: string;
  /** Length of the date part; default `medium`. */
  readonly style?: DateTimeStyle;
  /** Date and time (default), the date only, or the time only. */
  readonly part?: 'dateTime' | 'date' | 'time';
  /**
   * Name the zone (`JST`, `MEZ`, `GMT+9`) after the time. Default true: agents of two posts read
   * the same case, and a bare wall time does not say whose clock it is.
   */
  readonly showTimeZone?: boolean;
  /** Override the locale's digits (e.g. `arab` or `latn` for Arabic). */
  readonly numberingSystem?: string;
}

const DATE_FIELDS: Readonly<Record<DateTimeStyle, Intl.DateTimeFormatOptions>> = {
  short: { year: 'numeric', month: '2-digit', day: '2-digit' },
  medium: { year: 'numeric', month: 'short', day: 'numeric' },
  long: { year: 'numeric', month: 'long', day: 'numeric' },
  full: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
};

const instantFormatters = memoize<Intl.DateTimeFormat>(500);

function instantFormatter(options: InstantFormatOptions): Intl.DateTimeFormat {
  const style = options.style ?? 'medium';
  const part = options.part ?? 'dateTime';
  const key = [options.locale, options.timeZone, style, part, options.showTimeZone ?? true, options.numberingSystem ?? ''].join('|');
  return instantFormatters(key, () => buildInstantFormatter(options, style, part));
}

function buildInstantFormatter(options: InstantFormatOptions, style: DateTimeStyle, part: NonNullable<InstantFormatOptions['part']>): Intl.DateTimeFormat {
  const fields: Intl.DateTimeFormatOptions = {
    ...(part !== 'time' ? DATE_FIELDS[style] : {}),
    ...(part !== 'date' ? { hour: '2-digit', minute: '2-digit', ...(style === 'full' ? { second: '2-digit' } : {}) } : {}),
    ...(part !== 'date' && (options.showTimeZone ?? true) ? { timeZoneName: 'short' } : {}),
  };
  return new Intl.DateTimeFormat(assertLocale(options.locale), {
    ...fields,
    timeZone: assertTimeZone(options.timeZone),
    ...(options.numberingSystem !== undefined ? { numberingSystem: options.numberingSystem } : {}),
  });
}

/** The rendered instant as Intl parts (hour, day, month, literal, …): what `formatInstant` joins. */
export function formatInstantToParts(value: InstantInput, options: InstantFormatOptions): Intl.DateTimeFormatPart[] {
  return instantFormatter(options).formatToParts(toEpochMillis(value));
}

/** An instant as the reader reads it: their locale's words and order, their zone's wall time. */
export function formatInstant(value: InstantInput, options: InstantFormatOptions): string {
  return instantFormatter(options).format(toEpochMillis(value));
}

/**
 * A calendar date (`2024-11-12`, e.g. a posting date or a due date) in the reader's locale.
 * It has no time, so no zone shifts it.
 */
export function formatCalendarDate(
  isoDate: string,
  options: { readonly locale: string; readonly style?: DateTimeStyle; readonly numberingSystem?: string },
): string {
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? DateTime.fromISO(isoDate, { zone: 'UTC' }) : undefined;
  if (dt === undefined || !dt.isValid) throw new RangeError(`${JSON.stringify(isoDate)} is not a calendar date (YYYY-MM-DD)`);
  return new Intl.DateTimeFormat(assertLocale(options.locale), {
    ...DATE_FIELDS[options.style ?? 'medium'],
    timeZone: 'UTC',
    ...(options.numberingSystem !== undefined ? { numberingSystem: options.numberingSystem } : {}),
  }).format(dt.toMillis());
}

export interface NumberFormatOptions extends Intl.NumberFormatOptions {
  readonly locale: string;
}

/** A number in the reader's locale: `1'234.5` (de-CH), `1.234,5` (de), `1,234.5` (ja). */
export function formatNumber(value: number, { locale, ...options }: NumberFormatOptions): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot render ${value}`);
  return new Intl.NumberFormat(assertLocale(locale), options).format(value);
}

const languageNames = memoize<Intl.DisplayNames>(200);

/** A language tag named for the reader (`ja` in `de-CH` → "Japanisch"); the tag itself when Intl cannot name it. */
export function nameOfLanguage(tag: string, readerLocales: readonly string[]): string {
  try {
    return languageNames(readerLocales.join(','), () => new Intl.DisplayNames([...readerLocales], { type: 'language', fallback: 'code' })).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

const FSI = '\u2068';
const LRI = '\u2066';
const RLI = '\u2067';
const PDI = '\u2069';

/**
 * Wrap text (an item id, a name, a label of the other direction) in Unicode bidi isolates so
 * that it keeps its own direction inside a paragraph of the other one, e.g. `RB123456785GB`
 * inside an Arabic sentence. Without a direction, the text's first strong character decides.
 */
export function bidiIsolate(text: string, direction?: TextDirection | 'auto'): string {
  const open = direction === 'ltr' ? LRI : direction === 'rtl' ? RLI : FSI;
  return `${open}${text}${PDI}`;
}

