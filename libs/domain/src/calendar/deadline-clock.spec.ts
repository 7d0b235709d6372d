import fc from 'fast-check';
import {
  activePauseReasons,
  customsHoldPeriods,
  DeadlineClock,
  dueAtOf,
  elapsedWorkingMs,
  instantAtElapsed,
  pauseClock,
  resumeClock,
  startClock,
  targetWorkingMs,
  withCustomsHolds,
} from './deadline-clock';
import { TimeRange, WorkingCalendar } from './working-calendar';

const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const H = 3_600_000;

// Mon-Fri 08:00-12:00 and 13:00-17:00 in Zurich (March 2026: UTC+1), 8 h a day.
const DAY_HOURS: TimeRange[] = [
  ['08:00', '12:00'],
  ['13:00', '17:00'],
];
const cal = WorkingCalendar.from({
  timeZone: 'Europe/Zurich',
  weeklyHours: { mon: DAY_HOURS, tue: DAY_HOURS, wed: DAY_HOURS, thu: DAY_HOURS, fri: DAY_HOURS },
});
const MON_8 = t('2026-03-02T08:00+01:00');

describe('deadline clock', () => {
  it('starts with no pause and refuses nonsense', () => {
    expect(startClock(MON_8, 8 * H)).toEqual({ startedAt: MON_8, targetMs: 8 * H, pauses: [] });
    expect(() => startClock(MON_8, -1)).toThrow(RangeError);
    expect(() => startClock(MON_8 + 0.5, H)).toThrow(RangeError);
  });

  it('runs on working time only', () => {
    const c = startClock(MON_8, 8 * H);
    expect(elapsedWorkingMs(cal, c, t('2026-03-02T14:00+01:00'))).toBe(5 * H);
    expect(elapsedWorkingMs(cal, c, MON_8 - H)).toBe(0);
    expect(iso(dueAtOf(cal, c))).toBe(iso(t('2026-03-02T17:00+01:00')));
    expect(iso(instantAtElapsed(cal, c, 0))).toBe(iso(MON_8));
  });

  it('stops while paused and keeps the remaining time', () => {
    let c = startClock(MON_8, 8 * H);
    c = pauseClock(c, 'AWAITING_INFO', t('2026-03-02T10:00+01:00'));
    expect(iso(dueAtOf(cal, c))).toBeNull(); // unknown until the information comes
    expect(elapsedWorkingMs(cal, c, t('2026-03-04T10:00+01:00'))).toBe(2 * H);
    c = resumeClock(c, 'AWAITING_INFO', t('2026-03-03T10:00+01:00'));
    // 6 h left from Tuesday 10:00: 10-12 and 13-17.
    expect(iso(dueAtOf(cal, c))).toBe(iso(t('2026-03-03T17:00+01:00')));
    expect(elapsedWorkingMs(cal, c, t('2026-03-03T10:00+01:00'))).toBe(2 * H);
  });

  it('knows the due time when an open pause starts after it', () => {
    const c = pauseClock(startClock(MON_8, 2 * H), 'CUSTOMS_HOLD', t('2026-03-02T11:00+01:00'));
    expect(iso(dueAtOf(cal, c))).toBe(iso(t('2026-03-02T10:00+01:00')));
    expect(iso(instantAtElapsed(cal, c, 3 * H))).toBe(iso(t('2026-03-02T11:00+01:00')));
    expect(instantAtElapsed(cal, c, 3 * H + 1)).toBeNull();
  });

  it('counts overlapping pauses of different reasons once', () => {
    let c = startClock(MON_8, 8 * H);
    c = pauseClock(c, 'AWAITING_INFO', t('2026-03-02T09:00+01:00'));
    c = pauseClock(c, 'CUSTOMS_HOLD', t('2026-03-02T10:00+01:00'));
    c = resumeClock(c, 'AWAITING_INFO', t('2026-03-02T11:00+01:00'));
    expect(activePauseReasons(c, t('2026-03-02T11:30+01:00'))).toEqual(['CUSTOMS_HOLD']);
    expect(activePauseReasons(c, t('2026-03-02T10:30+01:00'))).toEqual(['AWAITING_INFO', 'CUSTOMS_HOLD']);
    c = resumeClock(c, 'CUSTOMS_HOLD', t('2026-03-02T14:00+01:00'));
    expect(activePauseReasons(c, t('2026-03-02T14:00+01:00'))).toEqual([]);
    // Running 08-09 and 14-17 on Monday (4 h), then 4 h on Tuesday.
    expect(elapsedWorkingMs(cal, c, t('2026-03-02T17:00+01:00'))).toBe(4 * H);
    expect(iso(dueAtOf(cal, c))).toBe(iso(t('2026-03-03T12:00+01:00')));
  });

  it('ignores a second pause for an open reason and a resume without a pause', () => {
    const c0 = startClock(MON_8, 8 * H);
    const c1 = pauseClock(c0, 'AWAITING_INFO', t('2026-03-02T09:00+01:00'));
    expect(pauseClock(c1, 'AWAITING_INFO', t('2026-03-02T10:00+01:00'))).toBe(c1);
    expect(resumeClock(c1, 'CUSTOMS_HOLD', t('2026-03-02T10:00+01:00'))).toBe(c1);
    expect(resumeClock(c0, 'AWAITING_INFO', t('2026-03-02T10:00+01:00'))).toBe(c0);
    expect(c0.pauses).toEqual([]); // never mutated
    const c2 = pauseClock(resumeClock(c1, 'AWAITING_INFO', t('2026-03-02T10:00+01:00')), 'AWAITING_INFO', t('2026-03-02T11:00+01:00'));
    expect(c2.pauses).toEqual([
      { reason: 'AWAITING_INFO', from: t('2026-03-02T09:00+01:00'), to: t('2026-03-02T10:00+01:00') },
      { reason: 'AWAITING_INFO', from: t('2026-03-02T11:00+01:00'), to: null },
    ]);
  });

  it('replaces the customs holds, clipped to the start, keeping the other pauses', () => {
    let c = pauseClock(startClock(MON_8, 8 * H), 'AWAITING_INFO', t('2026-03-02T15:00+01:00'));
    c = pauseClock(c, 'CUSTOMS_HOLD', t('2026-03-02T09:00+01:00'));
    c = withCustomsHolds(c, [
      { from: t('2026-02-20T10:00+01:00'), to: t('2026-02-21T10:00+01:00') }, // ended before the start: dropped
      { from: t('2026-02-27T10:00+01:00'), to: MON_8 }, // ended at the start: dropped
      { from: t('2026-02-27T10:00+01:00'), to: t('2026-03-02T09:00+01:00') }, // clipped to the start
      { from: t('2026-03-02T11:00+01:00'), to: null },
    ]);
    expect(c.pauses).toEqual([
      { reason: 'CUSTOMS_HOLD', from: MON_8, to: t('2026-03-02T09:00+01:00') },
      { reason: 'CUSTOMS_HOLD', from: t('2026-03-02T11:00+01:00'), to: null },
      { reason: 'AWAITING_INFO', from: t('2026-03-02T15:00+01:00'), to: null },
    ]);
    expect(elapsedWorkingMs(cal, c, t('2026-03-02T17:00+01:00'))).toBe(2 * H);
    expect(withCustomsHolds(c, []).pauses).toEqual([{ reason: 'AWAITING_INFO', from: t('2026-03-02T15:00+01:00'), to: null }]);
  });

  it('turns a response target into working ms from the start', () => {
    expect(targetWorkingMs(cal, { value: 8, unit: 'WORKING_HOURS' }, MON_8)).toBe(8 * H);
    expect(targetWorkingMs(cal, { value: 1.5, unit: 'WORKING_HOURS' }, MON_8)).toBe(1.5 * H);
    // Received before opening: the whole of Monday.
    expect(targetWorkingMs(cal, { value: 1, unit: 'WORKING_DAYS' }, t('2026-03-02T07:00+01:00'))).toBe(8 * H);
    // Received Friday 15:00: to Monday 15:00.
    expect(targetWorkingMs(cal, { value: 1, unit: 'WORKING_DAYS' }, t('2026-03-06T15:00+01:00'))).toBe(8 * H);
    const uneven = WorkingCalendar.from({ timeZone: 'UTC', weeklyHours: { mon: [['08:00', '16:00']], tue: [['08:00', '12:00']] } });
    // A quarter into Monday: 6 h of Monday + a quarter of Tuesday (1 h).
    expect(targetWorkingMs(uneven, { value: 1, unit: 'WORKING_DAYS' }, t('2026-03-02T10:00Z'))).toBe(7 * H);
  });

  it('never counts more than the working time and never runs backwards', () => {
    const pauseArb = fc.record({
      reason: fc.constantFrom('AWAITING_INFO' as const, 'CUSTOMS_HOLD' as const),
      from: fc.integer({ min: 0, max: 10 * 24 * H }),
      length: fc.option(fc.integer({ min: 0, max: 3 * 24 * H }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(pauseArb, { maxLength: 6 }), fc.integer({ min: 0, max: 14 * 24 * H }), fc.integer({ min: 0, max: 24 * H }), (ps, a, d) => {
        const c: DeadlineClock = {
          startedAt: MON_8,
          targetMs: 16 * H,
          pauses: ps.map((p) => ({ reason: p.reason, from: MON_8 + p.from, to: p.length === null ? null : MON_8 + p.from + p.length })),
        };
        const e1 = elapsedWorkingMs(cal, c, MON_8 + a);
        const e2 = elapsedWorkingMs(cal, c, MON_8 + a + d);
        expect(e2).toBeGreaterThanOrEqual(e1);
        expect(e2 - e1).toBeLessThanOrEqual(cal.workingMsBetween(MON_8 + a, MON_8 + a + d));
        const due = dueAtOf(cal, c);
        if (due !== null) {
          expect(elapsedWorkingMs(cal, c, due)).toBe(c.targetMs);
          expect(elapsedWorkingMs(cal, c, due - 1)).toBe(c.targetMs - 1);
          expect(cal.isWorkingTime(due - 1)).toBe(true);
          expect(activePauseReasons(c, due - 1)).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('customsHoldPeriods', () => {
  const ev = (code: string, iso8601: string): { code: string; occurredAt: number } => ({ code, occurredAt: t(iso8601) });

  it('opens a hold at EME and closes it at EDC or EMF, whatever the order of arrival', () => {
    const events = [
      ev('EMF', '2026-03-05T10:00Z'),
      ev('EMD', '2026-03-01T08:00Z'),
      ev('EME', '2026-03-04T09:00Z'),
      ev('EDC', '2026-03-02T12:00Z'),
      ev('EME', '2026-03-01T09:00Z'),
    ];
    expect(customsHoldPeriods(events)).toEqual([
      { from: t('2026-03-01T09:00Z'), to: t('2026-03-02T12:00Z') },
      { from: t('2026-03-04T09:00Z'), to: t('2026-03-05T10:00Z') },
    ]);
  });

  it('keeps the first EME of a hold, ignores releases without a hold, and leaves a last hold open', () => {
    const events = [
      ev('EDC', '2026-03-01T08:00Z'),
      ev('EME', '2026-03-01T09:00Z'),
      ev('EME', '2026-03-01T11:00Z'),
      ev('EMF', '2026-03-02T09:00Z'),
      ev('EDC', '2026-03-02T10:00Z'),
      ev('EME', '2026-03-03T09:00Z'),
      ev('EME', '2026-03-03T10:00Z'),
    ];
    expect(customsHoldPeriods(events)).toEqual([
      { from: t('2026-03-01T09:00Z'), to: t('2026-03-02T09:00Z') },
      { from: t('2026-03-03T09:00Z'), to: null },
    ]);
    expect(customsHoldPeriods([])).toEqual([]);
  });

  it('treats a hold and a release stamped alike as no hold, in either order', () => {
    const same = [ev('EDC', '2026-03-01T09:00Z'), ev('EME', '2026-03-01T09:00Z')];
    expect(customsHoldPeriods(same)).toEqual([]);
    expect(customsHoldPeriods([...same].reverse())).toEqual([]);
  });

  it('depends on the events, not on their order, and yields disjoint holds in time order', () => {
    const eventArb = fc.record({ code: fc.constantFrom('EME', 'EDC', 'EMF', 'EMD', 'EMI'), occurredAt: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 12 }), fc.func(fc.integer()), (events, key) => {
        const holds = customsHoldPeriods(events);
        const shuffled = [...events].sort((a, b) => key(a) - key(b));
        expect(customsHoldPeriods(shuffled)).toEqual(holds);
        holds.forEach((h, i) => {
          if (h.to !== null) expect(h.to).toBeGreaterThan(h.from);
          else expect(i).toBe(holds.length - 1);
          if (i > 0) expect(h.from).toBeGreaterThanOrEqual(holds[i - 1].to!);
          // A hold starts at an EME.
          expect(events.some((e) => e.code === 'EME' && e.occurredAt === h.from)).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });
});
