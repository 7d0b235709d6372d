import Holidays, { HolidaysTypes } from 'date-holidays';
import fc from 'fast-check';
import { PauseReason } from '../inquiry-codes';
import { DeadlineClock, dueAtOf, elapsedWorkingMs, pauseClock, resumeClock, startClock } from './deadline-clock';
import { CalendarSpec, TimeRange, WEEKDAYS, Weekday, WorkingCalendar } from './working-calendar';

/*
 * Property tests against a brute-force reference: a model of the calendar in 5-minute ticks, built
 * from the spec with Intl (not luxon) for the wall clock, and date-holidays' own spans. Every
 * generated time is on a 5-minute mark (so are DST shifts and holidays), so the model is exact.
 *
 * The model's reading of local time: a tick belongs to date D at time hh:mm when the wall
 * clock has reached D hh:mm (the highest wall time seen so far, so a repeated hour at fall back
 * stays at the time before the clock went back) and the range test is start <= hh:mm < end.
 */

const MIN = 60_000;
/** The model's resolution: every generated time is on a 5-minute mark, so it is exact. */
const TICK = 5 * MIN;
const TICKS_PER_DAY = 288;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MODEL_DAYS = 45;

interface Model {
  readonly start: number; // instant of tick 0
  readonly working: Uint8Array; // 1 = working tick
  readonly dateOf: Int32Array; // local day number (days since 1970-01-01) of each tick
}

function wallClockOf(timeZone: string): (t: number) => number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return (t) => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  };
}

const ticksOf = (hhmm: string): number => (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) / 5;

const holidayCache = new Map<string, HolidaysTypes.Holiday[]>();
function holidaysOf(timeZone: string, country: string, state: string | undefined, region: string | undefined, year: number) {
  const key = [timeZone, country, state, region, year].join('|');
  let list = holidayCache.get(key);
  if (!list) {
    const hd = region ? new Holidays(country, state!, region) : state ? new Holidays(country, state) : new Holidays(country);
    hd.setTimezone(timeZone);
    list = [year - 1, year, year + 1].flatMap((y) => hd.getHolidays(y));
    holidayCache.set(key, list);
  }
  return list;
}

function buildModel(spec: CalendarSpec, start: number): Model {
  const n = MODEL_DAYS * TICKS_PER_DAY;
  const wallOf = wallClockOf(spec.timeZone);
  const working = new Uint8Array(n);
  const dateOf = new Int32Array(n);
  const holiday = new Uint8Array(n);
  if (spec.holidays) {
    const { country, state, region, types } = spec.holidays;
    const y = new Date(start).getUTCFullYear();
    for (const h of holidaysOf(spec.timeZone, country, state, region, y)) {
      if (!(types ?? ['public']).includes(h.type)) continue;
      for (let i = Math.max(0, Math.ceil((h.start.getTime() - start) / TICK)); i < n && start + i * TICK < h.end.getTime(); i++) holiday[i] = 1;
    }
  }
  const openings = new Map((spec.openings ?? []).map((o) => [o.date, o.hours]));
  const closures = new Set(spec.closures ?? []);
  // The hours of a local date, tick by tick, and whether an opening sets them.
  let day = { date: NaN, mask: new Uint8Array(TICKS_PER_DAY), opening: false };
  const dayOf = (date: number): typeof day => {
    const iso = new Date(date * DAY).toISOString().slice(0, 10);
    const weekday = WEEKDAYS[(new Date(date * DAY).getUTCDay() + 6) % 7];
    const opening = openings.get(iso);
    const ranges = opening ?? (closures.has(iso) ? [] : (spec.weeklyHours[weekday] ?? []));
    const mask = new Uint8Array(TICKS_PER_DAY);
    for (const [s, e] of ranges) mask.fill(1, ticksOf(s), ticksOf(e));
    return { date, mask, opening: opening !== undefined };
  };
  // Offsets from Intl at day, then hour, then tick resolution where they change.
  const offsetAt = (t: number): number => wallOf(t) - t;
  const offsets = new Float64Array(n);
  for (let d = 0; d < MODEL_DAYS; d++) {
    const d0 = start + d * DAY;
    const dayOff = offsetAt(d0);
    if (offsetAt(d0 + DAY) === dayOff) {
      offsets.fill(dayOff, d * TICKS_PER_DAY, (d + 1) * TICKS_PER_DAY);
      continue;
    }
    for (let h = 0; h < 24; h++) {
      const h0 = d0 + h * HOUR;
      const hourOff = offsetAt(h0);
      const steady = offsetAt(h0 + HOUR) === hourOff;
      for (let m = 0; m < 12; m++) offsets[d * TICKS_PER_DAY + h * 12 + m] = steady ? hourOff : offsetAt(h0 + m * TICK);
    }
  }
  let highestWall = -Infinity;
  for (let i = 0; i < n; i++) {
    highestWall = Math.max(highestWall, start + i * TICK + offsets[i]);
    const date = Math.floor(highestWall / DAY);
    if (date !== day.date) day = dayOf(date);
    dateOf[i] = date;
    working[i] = day.mask[Math.floor((highestWall - date * DAY) / TICK)] && (day.opening || !holiday[i]) ? 1 : 0;
  }
  return { start, working, dateOf };
}

const idx = (m: Model, t: number): number => (t - m.start) / TICK;
const at = (m: Model, i: number): number => m.start + i * TICK;

/** Working ticks of [from, to) under `open` (1 = counts). */
function countOpen(open: Uint8Array, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) c += open[i];
  return c;
}

/** Index just past the n-th open tick from `from`, or null beyond the model. */
function afterNthOpen(open: Uint8Array, from: number, n: number): number | null {
  let left = n;
  for (let i = from; i < open.length; i++) {
    if (open[i] && --left === 0) return i + 1;
  }
  return null;
}

/** Working days of the model: local dates with working ticks, with those ticks, in order. */
function workingDaysOf(m: Model): Array<{ date: number; ticks: number[] }> {
  const days: Array<{ date: number; ticks: number[] }> = [];
  for (let i = 0; i < m.working.length; i++) {
    if (!m.working[i]) continue;
    const last = days[days.length - 1];
    if (last && last.date === m.dateOf[i]) last.ticks.push(i);
    else days.push({ date: m.dateOf[i], ticks: [i] });
  }
  return days;
}

/** Reference for addWorkingDays (whole days): the working-day axis, read off the tick model. */
function modelAddWorkingDays(m: Model, fromIdx: number, n: number): number | null {
  const days = workingDaysOf(m);
  const d0 = days.findIndex((d) => d.ticks[d.ticks.length - 1] >= fromIdx);
  if (d0 < 0 || d0 + n >= days.length - 1) return null; // the last day may be cut off
  const endOf = (d: { ticks: number[] }): number => at(m, d.ticks[d.ticks.length - 1] + 1);
  const a = days[d0].ticks.filter((i) => i < fromIdx).length * TICK;
  const A = days[d0].ticks.length * TICK;
  const target = days[d0 + n];
  const msInto = Math.round((a * target.ticks.length * TICK) / A);
  if (msInto === 0) return endOf(days[d0 + n - 1]);
  const k = Math.ceil(msInto / TICK);
  return at(m, target.ticks[k - 1]) + (msInto - (k - 1) * TICK);
}

// ---- generators ----

const ZONES: ReadonlyArray<{ zone: string; holidays: CalendarSpec['holidays'] }> = [
  { zone: 'Europe/Zurich', holidays: { country: 'CH', state: 'BE' } },
  { zone: 'America/New_York', holidays: { country: 'US' } },
  { zone: 'Asia/Tokyo', holidays: { country: 'JP' } },
  // Partial-day bank holidays (24 and 31 December from 14:00).
  { zone: 'Europe/Berlin', holidays: { country: 'DE', types: ['public', 'bank'] } },
  { zone: 'Asia/Kolkata', holidays: null },
];

// DST weekends (EU and US), Easter 2026, Christmas 2026 and plain weeks.
const ANCHORS = ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01', '2026-04-03', '2026-12-24', '2025-06-10', '2027-02-01'].map(
  (d) => Date.parse(`${d}T00:00:00Z`),
);

const hhmm = (fiveMinutes: number): string => {
  const minutes = fiveMinutes * 5;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

/** Sorted, non-overlapping ranges on 5-minute steps, "24:00" possible as an end. */
const rangesArb: fc.Arbitrary<TimeRange[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 288 }), { maxLength: 6 })
  .map((bounds) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    const ranges: TimeRange[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([hhmm(sorted[i]), hhmm(sorted[i + 1])]);
    return ranges;
  });

const officeDayArb: fc.Arbitrary<TimeRange[]> = fc.oneof(
  rangesArb,
  fc.constant<TimeRange[]>([['08:00', '12:00'], ['13:00', '17:30']]),
  fc.constant<TimeRange[]>([['00:00', '24:00']]),
  fc.constant<TimeRange[]>([['01:00', '04:00']]), // spans the DST shifts
  fc.constant<TimeRange[]>([['02:30', '05:00']]), // starts in the skipped or repeated hour
  fc.constant<TimeRange[]>([['00:00', '02:15'], ['02:45', '24:00']]),
  fc.constant<TimeRange[]>([]),
);

interface Scenario {
  readonly spec: CalendarSpec;
  readonly windowStart: number; // midnight UTC, a day after the model starts
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    withHolidays: fc.boolean(),
    week: fc.tuple(...WEEKDAYS.map(() => officeDayArb)),
    anchor: fc.constantFrom(...ANCHORS),
    shiftDays: fc.integer({ min: -10, max: 3 }),
    closures: fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { maxLength: 3 }),
    openings: fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), rangesArb), { maxLength: 2 }),
  })
  .filter(({ week }) => week.some((r) => r.length > 0))
  .map(({ zone, withHolidays, week, anchor, shiftDays, closures, openings }) => {
    const windowStart = anchor + shiftDays * DAY;
    const dateAt = (offset: number): string => new Date(windowStart + offset * DAY).toISOString().slice(0, 10);
    const weeklyHours: Partial<Record<Weekday, TimeRange[]>> = {};
    WEEKDAYS.forEach((d, i) => {
      if (week[i].length > 0) weeklyHours[d] = week[i];
    });
    const openingDates = new Map(openings.map(([offset, hours]) => [dateAt(offset), hours]));
    const spec: CalendarSpec = {
      timeZone: zone.zone,
      weeklyHours,
      holidays: withHolidays ? zone.holidays : null,
      closures: closures.map(dateAt),
      openings: [...openingDates].map(([date, hours]) => ({ date, hours })),
    };
    return { spec, windowStart };
  });

/** Calendar, model and the index of the window's start in it. */
function setUp(s: Scenario): { cal: WorkingCalendar; model: Model; w0: number } {
  const cal = WorkingCalendar.from(s.spec);
  const model = buildModel(s.spec, s.windowStart - DAY);
  return { cal, model, w0: TICKS_PER_DAY };
}

// Query instants: on a tick within 3 weeks after the window start.
const tickArb = fc.integer({ min: 0, max: 21 * TICKS_PER_DAY });

const RUNS = { numRuns: 120 };

describe('working calendar against a tick-by-tick model', () => {
  it('agrees on working time, time between instants and the next working instant', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.tuple(tickArb, tickArb), { minLength: 1, maxLength: 8 }), (s, queries) => {
        const { cal, model, w0 } = setUp(s);
        for (const [x, y] of queries) {
          const a = w0 + Math.min(x, y);
          const b = w0 + Math.max(x, y);
          expect(cal.isWorkingTime(at(model, a))).toBe(model.working[a] === 1);
          expect(cal.workingMsBetween(at(model, a), at(model, b))).toBe(countOpen(model.working, a, b) * TICK);
          const next = model.working.indexOf(1, a);
          if (next >= 0) expect(cal.nextWorkingInstant(at(model, a))).toBe(at(model, next));
        }
      }),
      RUNS,
    );
  });

  it('adds working hours like the model, and the deadline never falls outside working time', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.tuple(tickArb, fc.integer({ min: 1, max: 40 * 12 })), { minLength: 1, maxLength: 6 }), (s, queries) => {
        const { cal, model, w0 } = setUp(s);
        for (const [x, ticks] of queries) {
          const expected = afterNthOpen(model.working, w0 + x, ticks);
          if (expected === null) continue; // beyond the model's weeks
          const due = cal.addWorkingMs(at(model, w0 + x), ticks * TICK);
          expect(due).toBe(at(model, expected));
          // End-inclusive: the millisecond before the deadline is working time.
          expect(cal.isWorkingTime(due - 1)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('adds working days on the end-inclusive working-day axis like the model', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.tuple(tickArb, fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 4 }), (s, queries) => {
        const { cal, model, w0 } = setUp(s);
        for (const [x, n] of queries) {
          const expected = modelAddWorkingDays(model, w0 + x, n);
          if (expected === null) continue;
          const due = cal.addWorkingDays(at(model, w0 + x), n);
          expect(due).toBe(expected);
          expect(cal.isWorkingTime(due - 1)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('keeps its arithmetic consistent at any millisecond', () => {
    const ms = fc.integer({ min: 0, max: 21 * DAY });
    fc.assert(
      fc.property(scenarioArb, ms, fc.integer({ min: 1, max: 30 * 3_600_000 }), fc.integer({ min: 1, max: 10 * 3_600_000 }), (s, x, n, m) => {
        const cal = WorkingCalendar.from(s.spec);
        const from = s.windowStart + x;
        const due = cal.addWorkingMs(from, n);
        expect(cal.workingMsBetween(from, due)).toBe(n);
        expect(cal.workingMsBetween(from, due - 1)).toBe(n - 1); // the first such instant
        expect(cal.isWorkingTime(due - 1)).toBe(true);
        expect(cal.addWorkingMs(due, m)).toBe(cal.addWorkingMs(from, n + m));
        const next = cal.nextWorkingInstant(from);
        expect(cal.isWorkingTime(next)).toBe(true);
        expect(cal.workingMsBetween(from, next)).toBe(0);
      }),
      RUNS,
    );
  });
});

// ---- the deadline clock ----

interface PauseOp {
  readonly reason: PauseReason;
  readonly action: 'pause' | 'resume';
  readonly tick: number;
}

const opsArb = fc.array(
  fc.record({
    reason: fc.constantFrom<PauseReason>('AWAITING_INFO', 'CUSTOMS_HOLD'),
    action: fc.constantFrom<'pause' | 'resume'>('pause', 'resume'),
    tick: fc.integer({ min: 0, max: 14 * TICKS_PER_DAY }),
  }),
  { maxLength: 10 },
);

/**
 * Replays pause/resume operations in time order on a tick mask: a tick is paused while any
 * reason is open (a second pause of an open reason and a resume of a closed one change nothing).
 */
function pausedMask(ops: readonly PauseOp[], startIdx: number, length: number): { mask: Uint8Array; openFrom: number | null } {
  const mask = new Uint8Array(length);
  const open = new Map<PauseReason, number>();
  for (const op of ops) {
    const i = Math.max(startIdx + op.tick, startIdx);
    if (op.action === 'pause' && !open.has(op.reason)) open.set(op.reason, i);
    if (op.action === 'resume' && open.has(op.reason)) {
      mask.fill(1, open.get(op.reason)!, i);
      open.delete(op.reason);
    }
  }
  const openFrom = open.size > 0 ? Math.min(...open.values()) : null;
  if (openFrom !== null) mask.fill(1, openFrom);
  return { mask, openFrom };
}

function applyOps(clock: DeadlineClock, ops: readonly PauseOp[], model: Model, startIdx: number): DeadlineClock {
  let c = clock;
  for (const op of ops) {
    const t = at(model, startIdx + op.tick);
    c = op.action === 'pause' ? pauseClock(c, op.reason, t) : resumeClock(c, op.reason, t);
  }
  return c;
}

describe('deadline clock against the model with the pauses closed', () => {
  it('N working hours with any pauses and resumes end where N hours of the open time end', () => {
    fc.assert(
      fc.property(scenarioArb, tickArb, fc.integer({ min: 1, max: 24 * 12 }), opsArb, (s, x, ticks, rawOps) => {
        const { cal, model, w0 } = setUp(s);
        const startIdx = w0 + Math.min(x, 7 * TICKS_PER_DAY);
        const ops = [...rawOps].sort((a, b) => a.tick - b.tick);
        const clock = applyOps(startClock(at(model, startIdx), ticks * TICK), ops, model, startIdx);
        const { mask } = pausedMask(ops, startIdx, model.working.length);
        const open = model.working.map((w, i) => (w && !mask[i] ? 1 : 0));

        const expected = afterNthOpen(open, startIdx, ticks);
        const due = dueAtOf(cal, clock);
        if (expected === null) {
          // Either an open-ended pause holds the clock (null) or the model is too short to say.
          if (due !== null) expect(due).toBeGreaterThanOrEqual(at(model, model.working.length));
        } else {
          expect(due).toBe(at(model, expected));
          expect(cal.isWorkingTime(due! - 1)).toBe(true);
          expect(mask[idx(model, due! - TICK)]).toBe(0); // not inside a pause
        }
        // Elapsed time at every operation matches the open ticks counted so far.
        for (const op of ops) {
          const t = startIdx + op.tick;
          expect(elapsedWorkingMs(cal, clock, at(model, t))).toBe(countOpen(open, startIdx, t) * TICK);
        }
      }),
      RUNS,
    );
  });

  it('keeps the remaining time exactly across pauses', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 1, max: 24 * 60 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 3000 })), { maxLength: 5 }),
        (s, minutes, gaps) => {
          const cal = WorkingCalendar.from(s.spec);
          const target = minutes * MIN + 7; // not on a minute: nothing may round
          let clock = startClock(s.windowStart + 123, target);
          let t = clock.startedAt;
          for (const [run, pause] of gaps) {
            t += run * MIN + 11;
            const remaining = target - elapsedWorkingMs(cal, clock, t);
            clock = pauseClock(clock, 'AWAITING_INFO', t);
            t += pause * MIN + 13;
            clock = resumeClock(clock, 'AWAITING_INFO', t);
            expect(target - elapsedWorkingMs(cal, clock, t)).toBe(remaining);
            if (remaining > 0) expect(dueAtOf(cal, clock)).toBe(cal.addWorkingMs(t, remaining));
          }
        },
      ),
      RUNS,
    );
  });
});
