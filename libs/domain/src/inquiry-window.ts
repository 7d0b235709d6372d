import { DateTime, Zone } from 'luxon';
import { DomainError } from './domain-error';
import { PRODUCT_FAMILIES, ProductFamily } from './s10-item-id';

export const InquiryWindowErrorCode = {
  INQUIRY_TOO_EARLY: 'INQUIRY_TOO_EARLY',
  INQUIRY_TOO_LATE: 'INQUIRY_TOO_LATE',
} as const;

/** Whole calendar units only: windows are stated in days and months, never hours. */
export interface CalendarPeriod {
  readonly years?: number;
  readonly months?: number;
  readonly weeks?: number;
  readonly days?: number;
}

/** Both ends count from the posting date and are inclusive. */
export interface InquiryWindow {
  readonly earliest: CalendarPeriod;
  readonly latest: CalendarPeriod;
}

export type InquiryWindows = Readonly<Record<ProductFamily, InquiryWindow>>;
/** Per family, and per end: `{ EMS: { latest: { months: 3 } } }` keeps EMS's default earliest. */
export type InquiryWindowOverrides = Partial<Record<ProductFamily, Partial<InquiryWindow>>>;

// UPU Convention art. 19 as applied by national manuals: registered, insured and parcels
// 7 days to 6 months; EMS about 2-3 days to 3-4 months. Networks differ, hence overridable.
const GENERAL: InquiryWindow = { earliest: { days: 7 }, latest: { months: 6 } };

/**
 * Defaults. Families the reference gives no figure for take the general rule:
 * e-commerce parcels are parcels, L (Expres) is in PRIME with registered items, U items are
 * customs-declared letter-post, and bilateral/other items follow whatever their agreement
 * says, for which the Convention's rule is the safest starting point.
 */
export const DEFAULT_INQUIRY_WINDOWS: InquiryWindows = Object.freeze({
  PARCEL: GENERAL,
  EMS: { earliest: { days: 3 }, latest: { months: 4 } },
  ECOMMERCE: GENERAL,
  LETTER_EXPRESS: GENERAL,
  REGISTERED: GENERAL,
  LETTER_CUSTOMS: GENERAL,
  INSURED: GENERAL,
  BILATERAL: GENERAL,
  OTHER: GENERAL,
});

/**
 * Instant or date. A luxon DateTime keeps its zone; an ISO string keeps its offset (a string
 * without one, e.g. a bare date, is read in the posting's calendar); Date and epoch ms are UTC.
 */
export type DateInput = DateTime | Date | number | string;

export interface InquiryWindowDates {
  readonly family: ProductFamily;
  readonly window: InquiryWindow;
  /** ISO dates (YYYY-MM-DD) in the posting's calendar. */
  readonly postedOn: string;
  readonly earliest: string;
  readonly latest: string;
}

/** Defaults merged with overrides; throws RangeError on a malformed period (a config bug). */
export function resolveInquiryWindows(overrides: InquiryWindowOverrides = {}): InquiryWindows {
  const resolved = {} as Record<ProductFamily, InquiryWindow>;
  for (const family of PRODUCT_FAMILIES) {
    const window = { ...DEFAULT_INQUIRY_WINDOWS[family], ...overrides[family] };
    assertPeriod(window.earliest, `${family}.earliest`);
    assertPeriod(window.latest, `${family}.latest`);
    resolved[family] = window;
  }
  return Object.freeze(resolved);
}

/** Filing dates allowed for an item of `family` posted at `postedAt`. */
export function inquiryWindowFor(
  family: ProductFamily,
  postedAt: DateInput,
  windows: InquiryWindowOverrides = {},
): InquiryWindowDates {
  return computeWindow(family, toDateTime(postedAt, 'postedAt', 'utc').startOf('day'), windows).dates;
}

/**
 * Whether an inquiry may be filed at `filedAt`. Days are counted in the posting's calendar
 * (its local offset), so the answer does not depend on where the check runs.
 * Returns the window; throws DomainError(INQUIRY_TOO_EARLY | INQUIRY_TOO_LATE) stating it.
 */
export function checkInquiryWindow(
  family: ProductFamily,
  postedAt: DateInput,
  filedAt: DateInput,
  windows: InquiryWindowOverrides = {},
): InquiryWindowDates {
  const postedDay = toDateTime(postedAt, 'postedAt', 'utc').startOf('day');
  const { dates, earliestDay, latestDay } = computeWindow(family, postedDay, windows);
  const filedDay = toDateTime(filedAt, 'filedAt', postedDay.zone).setZone(postedDay.zone).startOf('day');
  const filedOn = filedDay.toISODate()!;

  const tooEarly = filedDay < earliestDay;
  if (tooEarly || filedDay > latestDay) {
    const { earliest, latest } = dates.window;
    throw new DomainError(
      tooEarly ? InquiryWindowErrorCode.INQUIRY_TOO_EARLY : InquiryWindowErrorCode.INQUIRY_TOO_LATE,
      `${family} inquiries can be filed from ${dates.earliest} to ${dates.latest} ` +
        `(${formatPeriod(earliest)} to ${formatPeriod(latest)} after posting on ${dates.postedOn}); ` +
        `filed on ${filedOn}`,
      { ...dates, filedOn },
    );
  }
  return dates;
}

function computeWindow(
  family: ProductFamily,
  postedDay: DateTime,
  overrides: InquiryWindowOverrides,
): { dates: InquiryWindowDates; earliestDay: DateTime; latestDay: DateTime } {
  const window = resolveInquiryWindows(overrides)[family];
  // luxon clamps month ends: 31 Aug + 6 months = 28/29 Feb, not 3 Mar.
  const earliestDay = postedDay.plus(window.earliest);
  const latestDay = postedDay.plus(window.latest);
  if (earliestDay > latestDay) {
    throw new RangeError(`Inquiry window for ${family} ends before it starts: ${JSON.stringify(window)}`);
  }
  const dates: InquiryWindowDates = {
    family,
    window,
    postedOn: postedDay.toISODate()!,
    earliest: earliestDay.toISODate()!,
    latest: latestDay.toISODate()!,
  };
  return { dates, earliestDay, latestDay };
}

function toDateTime(input: DateInput, name: string, zone: string | Zone): DateTime {
  let dt: DateTime;
  if (DateTime.isDateTime(input)) dt = input;
  else if (input instanceof Date) dt = DateTime.fromJSDate(input, { zone: 'utc' });
  else if (typeof input === 'number') dt = DateTime.fromMillis(input, { zone: 'utc' });
  else if (typeof input === 'string') dt = DateTime.fromISO(input, { setZone: true, zone });
  else throw new RangeError(`${name} must be a date, got ${typeof input}`);
  if (!dt.isValid) throw new RangeError(`${name} is not a valid date: ${String(input)} (${dt.invalidExplanation})`);
  return dt;
}

const UNITS = ['years', 'months', 'weeks', 'days'] as const;

function assertPeriod(period: CalendarPeriod | undefined, name: string): void {
  if (typeof period !== 'object' || period === null) throw new RangeError(`${name} must be a calendar period`);
  for (const key of Object.keys(period)) {
    const value = (period as Record<string, unknown>)[key];
    if (!(UNITS as readonly string[]).includes(key) || !Number.isInteger(value) || (value as number) < 0) {
      throw new RangeError(`${name}.${key} must be one of ${UNITS.join('/')} with a whole number >= 0`);
    }
  }
}

/** `{ months: 1, days: 2 }` -> "1 month 2 days"; an empty period reads "0 days". */
export function formatPeriod(period: CalendarPeriod): string {
  const parts = UNITS.filter((u) => period[u]).map((u) => `${period[u]} ${period[u] === 1 ? u.slice(0, -1) : u}`);
  return parts.length > 0 ? parts.join(' ') : '0 days';
}
