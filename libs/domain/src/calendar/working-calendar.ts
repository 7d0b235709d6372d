import Holidays from 'date-holidays';
import { DateTime, IANAZone } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Local "HH:mm" start and end, start < end; "24:00" is allowed as an end. */
export type TimeRange = readonly [string, string];

/** Public holidays from date-holidays (country, optional state and region). */
export interface CalendarHolidaySource {
  readonly country: string;
  readonly state?: string;
  readonly region?: string;
  /** date-holidays types that close the office; default ['public']. */
  readonly types?: readonly string[];
}

export interface CalendarSpec {
  /** IANA time zone: every local day and time below is read in it. */
  readonly timeZone: string;
  /** Several periods a day (lunch breaks); a weekday left out is closed. */
  readonly weeklyHours: Readonly<Partial<Record<Weekday, readonly TimeRange[]>>>;
  readonly holidays?: CalendarHolidaySource | null;
  /** Whole local days closed, 'YYYY-MM-DD'. */
  readonly closures?: readonly string[];
  /** Replace the day's hours; win over holidays and closures. */
  readonly openings?: ReadonlyArray<{ readonly date: string; readonly hours: readonly TimeRange[] }>;
}

/** Half-open span of instants [start, end), epoch ms. */
export interface WorkingPeriod {
  readonly start: number;
  readonly end: number;
}

export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;

export class CalendarSpecError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid working calendar: ${problems.join('; ')}`);
    this.name = 'CalendarSpecError';
  }
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/**
 * Searches give up after this many days without any working time. Such a calendar is a config
 * bug; failing beats looping forever or producing a deadline years away.
 */
const SEARCH_CAP_DAYS = 3 * 366;
const SPEC_KEYS: readonly string[] = ['timeZone', 'weeklyHours', 'holidays', 'closures', 'openings'];
const HOLIDAY_KEYS: readonly string[] = ['country', 'state', 'region', 'types'];
const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every problem of a calendar spec (empty when valid), so a config check can list them all at once. */
export function calendarSpecProblems(spec: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(spec)) return ['calendar must be an object'];
  for (const key of Object.keys(spec)) {
    if (!SPEC_KEYS.includes(key)) problems.push(`${key}: unknown field (expected ${SPEC_KEYS.join(', ')})`);
  }

  if (typeof spec.timeZone !== 'string' || spec.timeZone === '') problems.push('timeZone: required, an IANA time zone');
  else if (!IANAZone.isValidZone(spec.timeZone)) problems.push(`timeZone: unknown IANA time zone "${spec.timeZone}"`);

  if (!isRecord(spec.weeklyHours)) {
    problems.push(`weeklyHours: required, an object with keys among ${WEEKDAYS.join(', ')}`);
  } else {
    let periods = 0;
    for (const [day, ranges] of Object.entries(spec.weeklyHours)) {
      if (!(WEEKDAYS as readonly string[]).includes(day)) {
        problems.push(`weeklyHours.${day}: unknown weekday (expected ${WEEKDAYS.join(', ')})`);
        continue;
      }
      periods += rangeListProblems(ranges, `weeklyHours.${day}`, problems);
    }
    if (periods === 0) problems.push('weeklyHours: no working period on any weekday');
  }

  const holidays = spec.holidays;
  if (holidays !== undefined && holidays !== null) {
    if (!isRecord(holidays)) problems.push('holidays: must be an object { country, state?, region?, types? } or null');
    else holidayProblems(holidays, problems);
  }

  if (spec.closures !== undefined) {
    if (!Array.isArray(spec.closures)) problems.push('closures: must be a list of dates YYYY-MM-DD');
    else spec.closures.forEach((d: unknown, i) => dateProblem(d, `closures[${i}]`, problems));
  }

  if (spec.openings !== undefined) {
    if (!Array.isArray(spec.openings)) {
      problems.push('openings: must be a list of { date, hours }');
    } else {
      const seen = new Set<string>();
      spec.openings.forEach((opening: unknown, i) => {
        const path = `openings[${i}]`;
        if (!isRecord(opening)) {
          problems.push(`${path}: must be { date, hours }`);
          return;
        }
        for (const key of Object.keys(opening)) {
          if (key !== 'date' && key !== 'hours') problems.push(`${path}.${key}: unknown field (expected date, hours)`);
        }
        if (dateProblem(opening.date, `${path}.date`, problems)) {
          const date = opening.date as string;
          if (seen.has(date)) problems.push(`${path}.date: ${date} is opened more than once`);
          seen.add(date);
        }
        rangeListProblems(opening.hours, `${path}.hours`, problems);
      });
    }
  }
  return problems;
}

function holidayProblems(holidays: Record<string, unknown>, problems: string[]): void {
  for (const key of Object.keys(holidays)) {
    if (!HOLIDAY_KEYS.includes(key)) problems.push(`holidays.${key}: unknown field (expected ${HOLIDAY_KEYS.join(', ')})`);
  }
  const { country, state, region, types } = holidays;
  const hd = new Holidays();
  if (typeof country !== 'string' || !Object.hasOwn(hd.getCountries() ?? {}, country)) {
    problems.push(`holidays.country: "${String(country)}" is not a country known to date-holidays`);
  } else if (state !== undefined) {
    if (typeof state !== 'string' || !Object.hasOwn(hd.getStates(country) ?? {}, state)) {
      problems.push(`holidays.state: "${String(state)}" is not a state of ${country} known to date-holidays`);
    } else if (region !== undefined && (typeof region !== 'string' || !Object.hasOwn(hd.getRegions(country, state) ?? {}, region))) {
      problems.push(`holidays.region: "${String(region)}" is not a region of ${country}-${state} known to date-holidays`);
    }
  } else if (region !== undefined) {
    problems.push('holidays.region: needs a state');
  }
  if (types !== undefined) {
    if (!Array.isArray(types) || types.length === 0) problems.push(`holidays.types: must be a non-empty list among ${HOLIDAY_TYPES.join(', ')}`);
    else {
      types.forEach((t: unknown, i) => {
        if (!(HOLIDAY_TYPES as readonly unknown[]).includes(t)) {
          problems.push(`holidays.types[${i}]: "${String(t)}" is not one of ${HOLIDAY_TYPES.join(', ')}`);
        }
      });
    }
  }
}

/** Pushes the problems of a list of "HH:mm" ranges; returns how many valid ranges it holds. */
function rangeListProblems(ranges: unknown, path: string, problems: string[]): number {
  if (!Array.isArray(ranges)) {
    problems.push(`${path}: must be a list of ["HH:mm", "HH:mm"] ranges`);
    return 0;
  }
  const valid: Array<{ start: number; end: number; text: string }> = [];
  ranges.forEach((range: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!Array.isArray(range) || range.length !== 2) {
      problems.push(`${at}: must be ["HH:mm", "HH:mm"]`);
      return;
    }
    const [from, to] = range as unknown[];
    const start = parseTime(from);
    const end = parseTime(to);
    if (start === null || start === 1440) problems.push(`${at}: start "${String(from)}" must be HH:mm from 00:00 to 23:59`);
    if (end === null) problems.push(`${at}: end "${String(to)}" must be HH:mm from 00:01 to 24:00`);
    if (start === null || start === 1440 || end === null) return;
    if (start >= end) {
      problems.push(`${at}: start ${String(from)} must be before end ${String(to)}`);
      return;
    }
    valid.push({ start, end, text: `${String(from)}-${String(to)}` });
  });
  valid.sort((a, b) => a.start - b.start);
  for (let i = 1; i < valid.length; i++) {
    if (valid[i].start < valid[i - 1].end) problems.push(`${path}: ${valid[i - 1].text} and ${valid[i].text} overlap`);
  }
  return valid.length;
}

function dateProblem(value: unknown, path: string, problems: string[]): boolean {
  if (typeof value !== 'string' || !ISO_DATE.test(value) || !DateTime.fromISO(value, { zone: 'utc' }).isValid) {
    problems.push(`${path}: "${String(value)}" must be a date YYYY-MM-DD`);
    return false;
  }
  return true;
}

/** "HH:mm" -> minutes of the day; "24:00" -> 1440; null when malformed. */
function parseTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = TIME.exec(value);
  if (!m) return null;
  return m[3] ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Local date <-> day number (days since 1970-01-01), by plain arithmetic on the proleptic calendar. */
function dayNumberOf(isoDate: string): number {
  if (!ISO_DATE.test(isoDate)) throw new RangeError(`Not a date YYYY-MM-DD: "${isoDate}"`);
  const [y, m, d] = isoDate.split('-').map(Number);
  const ms = Date.UTC(y, m - 1, d);
  if (new Date(ms).getUTCDate() !== d) throw new RangeError(`Not a date YYYY-MM-DD: "${isoDate}"`);
  return ms / DAY;
}

function isoDateOf(dayNumber: number): string {
  return new Date(dayNumber * DAY).toISOString().slice(0, 10);
}

/** 1970-01-01 was a Thursday. */
function weekdayOf(dayNumber: number): Weekday {
  return WEEKDAYS[(((dayNumber + 3) % 7) + 7) % 7];
}

type Span = readonly [number, number];
type MinuteRange = readonly [number, number];

function toMinuteRanges(ranges: readonly TimeRange[] | undefined): MinuteRange[] {
  return (ranges ?? []).map(([s, e]) => [parseTime(s)!, parseTime(e)!] as const);
}

/**
 * A responding post's working time: weekly hours in its own time zone, minus its holidays and
 * closures, plus explicit openings. All instants are epoch milliseconds.
 *
 * Local times map to instants by the wall clock: a local time the clock skips (spring forward)
 * maps to the instant the clock jumps, a repeated one (fall back) to its first occurrence. So
 * "01:00-04:00" is 2 hours on a spring-forward night and 4 on a fall-back one, and the periods
 * of a day always lie between that day's first instant and the next day's.
 */
export class WorkingCalendar {
  readonly timeZone: string;
  private readonly zone: IANAZone;
  private readonly weekly: Readonly<Record<Weekday, MinuteRange[]>>;
  private readonly closures: ReadonlySet<string>;
  private readonly openings: ReadonlyMap<string, MinuteRange[]>;
  private readonly holidaySource: Holidays | null;
  private readonly holidayTypes: ReadonlySet<string>;
  private readonly holidaysByYear = new Map<number, Span[]>();
  private readonly periodsByDay = new Map<number, readonly WorkingPeriod[]>();
  private readonly dayStarts = new Map<number, number>();

  private constructor(spec: CalendarSpec) {
    this.timeZone = spec.timeZone;
    this.zone = IANAZone.create(spec.timeZone);
    const weekly = {} as Record<Weekday, MinuteRange[]>;
    for (const day of WEEKDAYS) weekly[day] = toMinuteRanges(spec.weeklyHours[day]);
    this.weekly = weekly;
    this.closures = new Set(spec.closures ?? []);
    this.openings = new Map((spec.openings ?? []).map((o) => [o.date, toMinuteRanges(o.hours)]));
    const h = spec.holidays;
    if (h) {
      const source = h.region ? new Holidays(h.country, h.state ?? '', h.region) : h.state ? new Holidays(h.country, h.state) : new Holidays(h.country);
      // Holiday dates are local dates of this calendar, wherever date-holidays places the country.
      source.setTimezone(spec.timeZone);
      this.holidaySource = source;
    } else {
      this.holidaySource = null;
    }
    this.holidayTypes = new Set(h?.types ?? ['public']);
  }

  /** Throws CalendarSpecError listing every problem of the spec. */
  static from(spec: CalendarSpec): WorkingCalendar {
    const problems = calendarSpecProblems(spec);
    if (problems.length > 0) throw new CalendarSpecError(problems);
    return new WorkingCalendar(spec);
  }

  /** Working periods of a local date, as instants, sorted and disjoint (cached). */
  workingPeriodsOn(isoDate: string): ReadonlyArray<WorkingPeriod> {
    return this.periodsOfDay(dayNumberOf(isoDate));
  }

  isWorkingTime(at: number): boolean {
    assertInstant(at, 'at');
    return this.periodsOfDay(this.dayOf(at)).some((p) => p.start <= at && at < p.end);
  }

  /** Working time within [from, to); 0 when to <= from. */
  workingMsBetween(from: number, to: number): number {
    assertInstant(from, 'from');
    assertInstant(to, 'to');
    if (to <= from) return 0;
    let total = 0;
    const last = this.dayOf(to);
    for (let day = this.dayOf(from); day <= last; day++) {
      for (const p of this.periodsOfDay(day)) {
        const s = Math.max(p.start, from);
        const e = Math.min(p.end, to);
        if (e > s) total += e - s;
      }
    }
    return total;
  }

  /**
   * The first instant at which `ms` of working time have passed since `from`. For ms > 0 it lies
   * in a working period, possibly at its very end (12:00 when the morning closes at 12:00).
   */
  addWorkingMs(from: number, ms: number): number {
    assertInstant(from, 'from');
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`ms must be a whole number >= 0, got ${ms}`);
    if (ms === 0) return from;
    let remaining = ms;
    for (const day of this.days(from)) {
      for (const p of this.periodsOfDay(day)) {
        if (p.end <= from) continue;
        const s = Math.max(p.start, from);
        if (p.end - s >= remaining) return s + remaining;
        remaining -= p.end - s;
      }
    }
    throw this.noWorkingTime(from);
  }

  /**
   * Working days on an axis where position = index of the working day + the fraction of that
   * day's working time already past. The result is the instant at position(from) + days; a
   * whole position is the end of the day before (end-inclusive): received Monday before opening,
   * 1 working day is Monday's close; received at half of Monday's hours, Tuesday at half of its.
   * Fractions are rounded to the millisecond.
   */
  addWorkingDays(from: number, days: number): number {
    assertInstant(from, 'from');
    if (!Number.isFinite(days) || days < 0) throw new RangeError(`days must be a number >= 0, got ${days}`);
    if (days === 0) return from;
    const workingDays = this.workingDays(from);
    // First working day that has not ended at `from`: position(from) = its index + a / A.
    let first = workingDays.next().value as readonly WorkingPeriod[];
    while (first[first.length - 1].end <= from) first = workingDays.next().value as readonly WorkingPeriod[];
    const A = totalOf(first);
    const a = first.reduce((sum, p) => sum + Math.min(Math.max(from - p.start, 0), p.end - p.start), 0);

    let whole: number;
    let into: (B: number) => number;
    if (Number.isInteger(days)) {
      whole = days;
      // a * B <= (25 h)^2 in ms, well inside 2^53: exact before the one rounding.
      into = (B) => Math.round((a * B) / A);
    } else {
      const position = a / A + days;
      whole = Math.floor(position);
      into = (B) => Math.round((position - whole) * B);
    }
    let previous: readonly WorkingPeriod[] | null = null;
    let day = first;
    for (let k = 0; k < whole; k++) {
      previous = day;
      day = workingDays.next().value as readonly WorkingPeriod[];
    }
    const ms = into(totalOf(day));
    if (ms === 0) return previous ? previous[previous.length - 1].end : from;
    return instantInto(day, ms);
  }

  /** `at` itself when it is working time, else the start of the next working period. */
  nextWorkingInstant(at: number): number {
    assertInstant(at, 'at');
    for (const day of this.days(at)) {
      for (const p of this.periodsOfDay(day)) {
        if (p.end > at) return Math.max(p.start, at);
      }
    }
    throw this.noWorkingTime(at);
  }

  /** Days from the one holding `from` on; stops (the caller throws) after a long stretch without work. */
  private *days(from: number): Generator<number> {
    let lastWorking = this.dayOf(from);
    for (let day = lastWorking; day - lastWorking <= SEARCH_CAP_DAYS; day++) {
      if (this.periodsOfDay(day).length > 0) lastWorking = day;
      yield day;
    }
  }

  /** Periods of each working day from the one holding `from` on; throws RangeError past the cap. */
  private *workingDays(from: number): Generator<readonly WorkingPeriod[]> {
    for (const day of this.days(from)) {
      const periods = this.periodsOfDay(day);
      if (periods.length > 0) yield periods;
    }
    throw this.noWorkingTime(from);
  }

  private noWorkingTime(from: number): RangeError {
    return new RangeError(
      `Working calendar (${this.timeZone}) has no working time within ${SEARCH_CAP_DAYS} days after ${new Date(from).toISOString()}`,
    );
  }

  private periodsOfDay(day: number): readonly WorkingPeriod[] {
    const cached = this.periodsByDay.get(day);
    if (cached) return cached;
    const iso = isoDateOf(day);
    const opening = this.openings.get(iso);
    const ranges = opening ?? (this.closures.has(iso) ? [] : this.weekly[weekdayOf(day)]);
    let spans: Span[] = ranges.map(([s, e]) => [this.instantOfWall(day * DAY + s * MINUTE), this.instantOfWall(day * DAY + e * MINUTE)] as const);
    if (!opening && this.holidaySource && spans.length > 0) {
      const year = Number(iso.slice(0, 4));
      for (const holiday of [...this.holidaysOf(year - 1), ...this.holidaysOf(year)]) spans = subtract(spans, holiday);
    }
    const periods = Object.freeze(merge(spans).map(([start, end]) => Object.freeze({ start, end })));
    this.periodsByDay.set(day, periods);
    return periods;
  }

  /** Spans of the configured holiday types in a year; partial days (e.g. from 14:00) keep their hours. */
  private holidaysOf(year: number): Span[] {
    let spans = this.holidaysByYear.get(year);
    if (!spans) {
      spans = (this.holidaySource!.getHolidays(year) || [])
        .filter((h) => this.holidayTypes.has(h.type))
        .map((h) => [h.start.getTime(), h.end.getTime()] as const);
      this.holidaysByYear.set(year, spans);
    }
    return spans;
  }

  /**
   * The local day whose [first instant, next day's first instant) holds `at`. Its wall date, save
   * where a clock going back across midnight shows the previous date again: hence the checks.
   */
  private dayOf(at: number): number {
    const guess = Math.floor((at + this.offsetMs(at)) / DAY);
    if (at < this.dayStart(guess)) return guess - 1;
    if (at >= this.dayStart(guess + 1)) return guess + 1;
    return guess;
  }

  private dayStart(day: number): number {
    let start = this.dayStarts.get(day);
    if (start === undefined) {
      start = this.instantOfWall(day * DAY);
      this.dayStarts.set(day, start);
    }
    return start;
  }

  private offsetMs(at: number): number {
    return Math.round(this.zone.offset(at) * MINUTE);
  }

  /** The first instant at which the local wall clock shows `wall` (local time as if UTC) or later. */
  private instantOfWall(wall: number): number {
    const offsets = new Set([this.offsetMs(wall - DAY), this.offsetMs(wall), this.offsetMs(wall + DAY)]);
    const candidates = [...offsets].map((o) => wall - o);
    const exact = candidates.filter((t) => t + this.offsetMs(t) === wall);
    if (exact.length > 0) return Math.min(...exact);
    // The clock skips `wall`: find the instant it jumps over it.
    let lo = Math.min(...candidates);
    let hi = Math.max(...candidates);
    if (lo === hi) return DateTime.fromMillis(wall, { zone: 'utc' }).setZone(this.zone, { keepLocalTime: true }).toMillis();
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (mid + this.offsetMs(mid) >= wall) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

function assertInstant(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an instant in whole epoch milliseconds, got ${value}`);
}

function totalOf(periods: readonly WorkingPeriod[]): number {
  return periods.reduce((sum, p) => sum + p.end - p.start, 0);
}

/** First instant of a day's periods at which `ms` (0 < ms <= total) of its working time have passed. */
function instantInto(periods: readonly WorkingPeriod[], ms: number): number {
  let remaining = ms;
  for (const p of periods) {
    if (p.end - p.start >= remaining) return p.start + remaining;
    remaining -= p.end - p.start;
  }
  return periods[periods.length - 1].end;
}

function subtract(spans: Span[], [hs, he]: Span): Span[] {
  if (he <= hs) return spans;
  const out: Span[] = [];
  for (const [s, e] of spans) {
    if (he <= s || hs >= e) out.push([s, e]);
    else {
      if (hs > s) out.push([s, hs]);
      if (he < e) out.push([he, e]);
    }
  }
  return out;
}

function merge(spans: Span[]): Span[] {
  const sorted = spans.filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
