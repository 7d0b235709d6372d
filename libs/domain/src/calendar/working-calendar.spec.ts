import { CalendarSpec, CalendarSpecError, calendarSpecProblems, TimeRange, WorkingCalendar } from './working-calendar';

// Expected instants are written out with their UTC offset, so they do not depend on the code under test.
const t = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
};
const iso = (ms: number): string => new Date(ms).toISOString();
const H = 3_600_000;

const OFFICE: TimeRange[] = [
  ['08:00', '12:00'],
  ['13:00', '17:30'],
];
const EIGHT_HOURS: TimeRange[] = [
  ['08:00', '12:00'],
  ['13:00', '17:00'],
];
const weekdays = (hours: readonly TimeRange[]): CalendarSpec['weeklyHours'] => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

const zurich = (extra: Partial<CalendarSpec> = {}): WorkingCalendar =>
  WorkingCalendar.from({ timeZone: 'Europe/Zurich', weeklyHours: weekdays(OFFICE), ...extra });

describe('calendarSpecProblems', () => {
  it('accepts a full calendar', () => {
    expect(
      calendarSpecProblems({
        timeZone: 'Europe/Zurich',
        weeklyHours: { mon: [['08:00', '12:00'], ['13:00', '17:30']], sat: [['09:00', '24:00']] },
        holidays: { country: 'CH', state: 'BE', types: ['public', 'bank'] },
        closures: ['2026-12-24'],
        openings: [{ date: '2026-12-27', hours: [['09:00', '12:00']] }],
      }),
    ).toEqual([]);
    expect(calendarSpecProblems({ timeZone: 'Asia/Tokyo', weeklyHours: { fri: [['00:00', '24:00']] }, holidays: null })).toEqual([]);
  });

  it('lists every problem at once', () => {
    const problems = calendarSpecProblems({
      timeZone: 'Europe/Zurch',
      weeklyHours: {
        monday: [['08:00', '12:00']],
        tue: [['8:00', '12:00']],
        wed: [['12:00', '08:00']],
        thu: [['08:00', '12:00'], ['11:00', '13:00']],
        fri: [['08:00', '24:30']],
        sat: 'all day',
      },
      holidays: { country: 'XX', types: ['holy'] },
      closures: ['2026-02-30', 20261224],
      openings: [
        { date: '2026-12-27', hours: [['09:00', '12:00']] },
        { date: '2026-12-27', hours: [['24:00', '24:00']] },
      ],
      weekends: true,
    });
    const expected = [
      'weekends',
      'timeZone',
      'weeklyHours.monday',
      'weeklyHours.tue[0]',
      'weeklyHours.wed[0]',
      'weeklyHours.thu',
      'weeklyHours.fri[0]',
      'weeklyHours.sat',
      'holidays.country',
      'holidays.types[0]',
      'closures[0]',
      'closures[1]',
      'openings[1].date',
      'openings[1].hours[0]',
    ];
    expect(problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual(expected);
    expect(problems.join('\n')).toMatch(/08:00-12:00 and 11:00-13:00 overlap/);
  });

  it('checks states and regions against date-holidays', () => {
    const spec = (holidays: unknown): unknown => ({ timeZone: 'Europe/Zurich', weeklyHours: weekdays(OFFICE), holidays });
    expect(calendarSpecProblems(spec({ country: 'CH', state: 'ZZ' }))).toEqual([expect.stringMatching(/^holidays\.state: "ZZ"/)]);
    expect(calendarSpecProblems(spec({ country: 'CH', region: 'X' }))).toEqual([expect.stringMatching(/^holidays\.region: needs a state/)]);
    expect(calendarSpecProblems(spec({ country: 'CH', state: 'BE', extra: 1 }))).toEqual([expect.stringMatching(/^holidays\.extra/)]);
  });

  it('refuses a calendar without any weekly working time and non-objects', () => {
    expect(calendarSpecProblems({ timeZone: 'UTC', weeklyHours: { mon: [] } })).toEqual(['weeklyHours: no working period on any weekday']);
    expect(calendarSpecProblems(null)).toEqual(['calendar must be an object']);
    expect(calendarSpecProblems({})).toEqual([expect.stringMatching(/^timeZone/), expect.stringMatching(/^weeklyHours/)]);
  });

  it('WorkingCalendar.from throws a CalendarSpecError carrying the problems', () => {
    let caught: unknown;
    try {
      WorkingCalendar.from({ timeZone: 'Nowhere/City', weeklyHours: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CalendarSpecError);
    expect((caught as CalendarSpecError).problems).toHaveLength(2);
  });
});

describe('weekly hours with a lunch break', () => {
  const cal = zurich();

  it('turns a local date into its working periods, cached', () => {
    expect(cal.workingPeriodsOn('2026-03-02').map(({ start, end }) => [iso(start), iso(end)])).toEqual([
      ['2026-03-02T07:00:00.000Z', '2026-03-02T11:00:00.000Z'],
      ['2026-03-02T12:00:00.000Z', '2026-03-02T16:30:00.000Z'],
    ]);
    expect(cal.workingPeriodsOn('2026-03-02')).toBe(cal.workingPeriodsOn('2026-03-02'));
    expect(cal.workingPeriodsOn('2026-03-07')).toEqual([]); // Saturday
    expect(() => cal.workingPeriodsOn('2026-02-30')).toThrow(RangeError);
  });

  it('is working time from the start of a period up to, not including, its end', () => {
    expect(cal.isWorkingTime(t('2026-03-02T07:59:59.999+01:00'))).toBe(false);
    expect(cal.isWorkingTime(t('2026-03-02T08:00+01:00'))).toBe(true);
    expect(cal.isWorkingTime(t('2026-03-02T11:59:59.999+01:00'))).toBe(true);
    expect(cal.isWorkingTime(t('2026-03-02T12:00+01:00'))).toBe(false);
    expect(cal.isWorkingTime(t('2026-03-02T13:00+01:00'))).toBe(true);
    expect(cal.isWorkingTime(t('2026-03-02T17:30+01:00'))).toBe(false);
  });

  it('counts working time between two instants', () => {
    expect(cal.workingMsBetween(t('2026-03-02T00:00+01:00'), t('2026-03-03T00:00+01:00'))).toBe(8.5 * H);
    expect(cal.workingMsBetween(t('2026-03-02T11:00+01:00'), t('2026-03-02T14:00+01:00'))).toBe(2 * H);
    expect(cal.workingMsBetween(t('2026-03-02T00:00+01:00'), t('2026-03-09T00:00+01:00'))).toBe(5 * 8.5 * H);
    expect(cal.workingMsBetween(t('2026-03-03T00:00+01:00'), t('2026-03-02T00:00+01:00'))).toBe(0);
  });

  it('adds working time over the lunch break and the weekend, ending at a period end when it fits exactly', () => {
    expect(iso(cal.addWorkingMs(t('2026-03-02T11:00+01:00'), 2 * H))).toBe(iso(t('2026-03-02T14:00+01:00')));
    expect(iso(cal.addWorkingMs(t('2026-03-02T08:00+01:00'), 4 * H))).toBe(iso(t('2026-03-02T12:00+01:00')));
    expect(iso(cal.addWorkingMs(t('2026-03-02T08:00+01:00'), 4 * H + 1))).toBe(iso(t('2026-03-02T13:00:00.001+01:00')));
    expect(iso(cal.addWorkingMs(t('2026-03-06T17:00+01:00'), H))).toBe(iso(t('2026-03-09T08:30+01:00')));
    expect(iso(cal.addWorkingMs(t('2026-03-07T10:00+01:00'), H))).toBe(iso(t('2026-03-09T09:00+01:00')));
  });

  it('adds nothing for 0 ms, even outside working time, and refuses negative or fractional ms', () => {
    expect(cal.addWorkingMs(t('2026-03-07T10:00+01:00'), 0)).toBe(t('2026-03-07T10:00+01:00'));
    expect(() => cal.addWorkingMs(t('2026-03-07T10:00+01:00'), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingMs(t('2026-03-07T10:00+01:00'), 0.5)).toThrow(RangeError);
    expect(() => cal.addWorkingMs(1.5, 1)).toThrow(RangeError);
  });

  it('finds the next working instant', () => {
    expect(iso(cal.nextWorkingInstant(t('2026-03-02T12:00+01:00')))).toBe(iso(t('2026-03-02T13:00+01:00')));
    expect(iso(cal.nextWorkingInstant(t('2026-03-02T12:30+01:00')))).toBe(iso(t('2026-03-02T13:00+01:00')));
    expect(iso(cal.nextWorkingInstant(t('2026-03-02T10:11+01:00')))).toBe(iso(t('2026-03-02T10:11+01:00')));
    expect(iso(cal.nextWorkingInstant(t('2026-03-06T17:30+01:00')))).toBe(iso(t('2026-03-09T08:00+01:00')));
  });
});

describe('public holidays, closures and openings', () => {
  const bern = (extra: Partial<CalendarSpec> = {}): WorkingCalendar =>
    WorkingCalendar.from({ timeZone: 'Europe/Zurich', weeklyHours: weekdays(EIGHT_HOURS), holidays: { country: 'CH', state: 'BE' }, ...extra });

  it('Karfreitag before the Easter weekend: Thursday afternoon + 8 working hours lands on Tuesday after Easter Monday', () => {
    const cal = bern();
    expect(cal.workingPeriodsOn('2026-04-03')).toEqual([]); // Karfreitag
    expect(cal.workingPeriodsOn('2026-04-06')).toEqual([]); // Ostermontag
    // Thursday 14:00-17:00 (3 h), then Tuesday 08:00-12:00 (4 h) and 13:00-14:00 (1 h).
    expect(iso(cal.addWorkingMs(t('2026-04-02T14:00+02:00'), 8 * H))).toBe(iso(t('2026-04-07T14:00+02:00')));
    expect(cal.workingMsBetween(t('2026-04-02T14:00+02:00'), t('2026-04-07T14:00+02:00'))).toBe(8 * H);
  });

  it('closes only public holidays unless told otherwise', () => {
    // Gründonnerstag is an observance in date-holidays.
    expect(bern().workingPeriodsOn('2026-04-02')).toHaveLength(2);
    expect(bern({ holidays: { country: 'CH', state: 'BE', types: ['public', 'observance'] } }).workingPeriodsOn('2026-04-02')).toEqual([]);
  });

  it('subtracts only the hours of a partial-day holiday (24 December from 14:00 in Germany)', () => {
    const berlin = (types?: string[]): WorkingCalendar =>
      WorkingCalendar.from({ timeZone: 'Europe/Berlin', weeklyHours: weekdays(EIGHT_HOURS), holidays: { country: 'DE', types } });
    const periods = (cal: WorkingCalendar, date: string): string[][] => cal.workingPeriodsOn(date).map((p) => [iso(p.start), iso(p.end)]);
    expect(periods(berlin(['public', 'bank']), '2026-12-24')).toEqual([
      [iso(t('2026-12-24T08:00+01:00')), iso(t('2026-12-24T12:00+01:00'))],
      [iso(t('2026-12-24T13:00+01:00')), iso(t('2026-12-24T14:00+01:00'))],
    ]);
    expect(periods(berlin(), '2026-12-24')).toHaveLength(2); // a bank holiday only
    expect(periods(berlin(), '2026-12-25')).toEqual([]);
    const cal = berlin(['public', 'bank']);
    expect(iso(cal.addWorkingMs(t('2026-12-24T13:30+01:00'), H))).toBe(iso(t('2026-12-28T08:30+01:00')));
  });

  it('closes whole closure days and opens opening days, openings winning over holidays and closures', () => {
    const cal = bern({
      closures: ['2026-12-24', '2026-12-28'],
      openings: [
        { date: '2026-12-19', hours: [['09:00', '12:00']] }, // Saturday
        { date: '2026-12-25', hours: [['10:00', '11:00']] }, // Christmas
        { date: '2026-12-28', hours: [['14:00', '15:00']] }, // also closed
      ],
    });
    expect(cal.workingPeriodsOn('2026-12-24')).toEqual([]);
    expect(cal.workingPeriodsOn('2026-12-25').map((p) => [iso(p.start), iso(p.end)])).toEqual([
      [iso(t('2026-12-25T10:00+01:00')), iso(t('2026-12-25T11:00+01:00'))],
    ]);
    expect(cal.workingPeriodsOn('2026-12-28').map((p) => iso(p.start))).toEqual([iso(t('2026-12-28T14:00+01:00'))]);
    // Friday 16:00 + 3 h: 1 h on Friday, 2 h on the Saturday opening.
    expect(iso(cal.addWorkingMs(t('2026-12-18T16:00+01:00'), 3 * H))).toBe(iso(t('2026-12-19T11:00+01:00')));
    // Wednesday 23 December 16:00 + 3 h: 1 h, Christmas opening 1 h, Monday 28 opening 1 h.
    expect(iso(cal.addWorkingMs(t('2026-12-23T16:00+01:00'), 3 * H))).toBe(iso(t('2026-12-28T15:00+01:00')));
  });
});

describe('daylight saving time', () => {
  it('Europe/Zurich spring forward: wall-clock hours on either side of the weekend', () => {
    const cal = WorkingCalendar.from({ timeZone: 'Europe/Zurich', weeklyHours: weekdays([['08:00', '17:00']]) });
    expect(iso(cal.addWorkingMs(t('2026-03-27T16:00+01:00'), 2 * H))).toBe(iso(t('2026-03-30T09:00+02:00')));
    expect(cal.workingMsBetween(t('2026-03-27T08:00+01:00'), t('2026-03-30T17:00+02:00'))).toBe(18 * H);
  });

  it('Europe/Zurich: a period spanning the shift is an hour shorter in spring and longer in autumn', () => {
    const night: TimeRange[] = [['01:00', '04:00']];
    const cal = WorkingCalendar.from({
      timeZone: 'Europe/Zurich',
      weeklyHours: { sun: night },
      openings: [
        { date: '2026-04-05', hours: [['01:00', '02:30']] }, // unaffected Sunday, for contrast
        { date: '2026-03-22', hours: night },
      ],
    });
    const lengths = (date: string): number[] => cal.workingPeriodsOn(date).map((p) => (p.end - p.start) / H);
    expect(lengths('2026-03-22')).toEqual([3]);
    expect(lengths('2026-03-29')).toEqual([2]);
    expect(lengths('2026-10-25')).toEqual([4]);
    expect(cal.workingPeriodsOn('2026-03-29').map((p) => [iso(p.start), iso(p.end)])).toEqual([
      [iso(t('2026-03-29T01:00+01:00')), iso(t('2026-03-29T04:00+02:00'))],
    ]);
    expect(lengths('2026-04-05')).toEqual([1.5]);
  });

  it('Europe/Zurich: skipped local times map to the jump, repeated ones to their first occurrence', () => {
    const cal = WorkingCalendar.from({
      timeZone: 'Europe/Zurich',
      weeklyHours: { mon: OFFICE },
      openings: [
        { date: '2026-03-29', hours: [['01:00', '02:30'], ['02:40', '02:50']] },
        { date: '2026-10-25', hours: [['02:30', '03:00']] },
      ],
    });
    expect(cal.workingPeriodsOn('2026-03-29').map((p) => [iso(p.start), iso(p.end)])).toEqual([
      [iso(t('2026-03-29T01:00+01:00')), iso(t('2026-03-29T03:00+02:00'))],
    ]);
    expect(cal.workingPeriodsOn('2026-10-25').map((p) => [iso(p.start), iso(p.end)])).toEqual([
      [iso(t('2026-10-25T02:30+02:00')), iso(t('2026-10-25T03:00+01:00'))],
    ]);
  });

  it('America/New_York: a 24-hour Sunday lasts 23 h in March and 25 h in November', () => {
    const cal = WorkingCalendar.from({ timeZone: 'America/New_York', weeklyHours: { sun: [['00:00', '24:00']] } });
    const length = (date: string): number => cal.workingMsBetween(t(`${date}T00:00:00Z`), t(`${date}T00:00:00Z`) + 2 * 24 * H);
    expect(length('2026-03-08')).toBe(23 * H);
    expect(length('2026-11-01')).toBe(25 * H);
    expect(length('2026-11-08')).toBe(24 * H);
    // Working time is elapsed time: two hours after midnight on the night clocks go back is 01:00 EST.
    expect(iso(cal.addWorkingMs(t('2026-11-01T00:00-04:00'), 2 * H))).toBe(iso(t('2026-11-01T01:00-05:00')));
    expect(iso(cal.addWorkingMs(t('2026-03-08T00:00-05:00'), 23 * H))).toBe(iso(t('2026-03-09T00:00-04:00')));
  });

  it('America/New_York: office hours keep their wall-clock times across both weekends', () => {
    const cal = WorkingCalendar.from({ timeZone: 'America/New_York', weeklyHours: weekdays([['09:00', '17:00']]) });
    expect(iso(cal.addWorkingMs(t('2026-03-06T16:00-05:00'), 2 * H))).toBe(iso(t('2026-03-09T10:00-04:00')));
    expect(iso(cal.addWorkingMs(t('2026-10-30T16:00-04:00'), 2 * H))).toBe(iso(t('2026-11-02T10:00-05:00')));
    expect(iso(cal.addWorkingDays(t('2026-10-30T13:00-04:00'), 1))).toBe(iso(t('2026-11-02T13:00-05:00')));
  });
});

describe('zones whose clocks change at midnight (America/Santiago)', () => {
  const cal = WorkingCalendar.from({
    timeZone: 'America/Santiago',
    weeklyHours: { sat: [['22:00', '24:00']] },
    openings: [{ date: '2026-09-06', hours: [['00:00', '02:00']] }],
  });

  it('a Saturday ending in a repeated hour lasts until the clock reaches Sunday', () => {
    // At Sunday 00:00 -03 clocks go back to Saturday 23:00 -04.
    expect(cal.workingPeriodsOn('2026-04-04').map((p) => [iso(p.start), iso(p.end)])).toEqual([
      [iso(t('2026-04-04T22:00-03:00')), iso(t('2026-04-05T00:00-04:00'))],
    ]);
    expect(cal.isWorkingTime(t('2026-04-04T23:30-04:00'))).toBe(true);
  });

  it('a Sunday without midnight starts when its clock starts', () => {
    // Saturday 24:00 -04 becomes Sunday 01:00 -03.
    expect(cal.workingPeriodsOn('2026-09-06').map((p) => [iso(p.start), iso(p.end)])).toEqual([
      [iso(t('2026-09-06T01:00-03:00')), iso(t('2026-09-06T02:00-03:00'))],
    ]);
    expect(cal.workingPeriodsOn('2026-09-05').map((p) => [iso(p.start), iso(p.end)])).toEqual([
      [iso(t('2026-09-05T22:00-04:00')), iso(t('2026-09-06T01:00-03:00'))],
    ]);
  });
});

describe('a JP node answering a CH case across the date line', () => {
  const tokyo = WorkingCalendar.from({
    timeZone: 'Asia/Tokyo',
    weeklyHours: weekdays([
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ]),
    holidays: { country: 'JP' },
  });

  it('a case opened on Friday afternoon in Zurich is already Saturday in Tokyo: the clock starts on Monday there', () => {
    const opened = t('2026-01-16T17:00+01:00'); // Saturday 01:00 in Tokyo
    expect(tokyo.isWorkingTime(opened)).toBe(false);
    expect(iso(tokyo.nextWorkingInstant(opened))).toBe(iso(t('2026-01-19T09:00+09:00')));
    expect(iso(tokyo.addWorkingMs(opened, 8 * H))).toBe(iso(t('2026-01-19T18:00+09:00')));
    expect(iso(tokyo.addWorkingDays(opened, 1))).toBe(iso(t('2026-01-19T18:00+09:00')));
    // The same instant for a Swiss responder still has half an hour of Friday.
    expect(iso(zurich().addWorkingMs(opened, 8 * H))).toBe(iso(t('2026-01-19T16:30+01:00')));
  });

  it('the same case opened Friday morning in Zurich still gets Friday evening in Tokyo', () => {
    expect(iso(tokyo.addWorkingMs(t('2026-01-16T09:00+01:00'), 8 * H))).toBe(iso(t('2026-01-19T17:00+09:00')));
  });

  it('counts from Tuesday when the Monday is a Japanese holiday', () => {
    // Monday 23 February 2026 is the Emperor's Birthday.
    expect(iso(tokyo.addWorkingMs(t('2026-02-20T17:00+01:00'), 8 * H))).toBe(iso(t('2026-02-24T18:00+09:00')));
  });
});

describe('working days (end-inclusive working-day axis)', () => {
  const cal = zurich({ holidays: { country: 'CH', state: 'BE' } });

  it('received before opening: 1 working day is that day at closing', () => {
    expect(iso(cal.addWorkingDays(t('2026-03-02T07:00+01:00'), 1))).toBe(iso(t('2026-03-02T17:30+01:00')));
    expect(iso(cal.addWorkingDays(t('2026-03-02T08:00+01:00'), 1))).toBe(iso(t('2026-03-02T17:30+01:00')));
    expect(iso(cal.addWorkingDays(t('2026-03-02T07:00+01:00'), 3))).toBe(iso(t('2026-03-04T17:30+01:00')));
  });

  it('received at half of Monday: Tuesday at half of its working time', () => {
    // 8.5 h a day: half is 4 h 15 min, i.e. 13:15.
    expect(iso(cal.addWorkingDays(t('2026-03-02T13:15+01:00'), 1))).toBe(iso(t('2026-03-03T13:15+01:00')));
    // At lunch, 4 h are past: Tuesday once 4 h are past, which is 12:00 (end-inclusive).
    expect(iso(cal.addWorkingDays(t('2026-03-02T12:30+01:00'), 1))).toBe(iso(t('2026-03-03T12:00+01:00')));
  });

  it('received on a weekend or after closing: the next working day counts whole', () => {
    expect(iso(cal.addWorkingDays(t('2026-03-07T10:00+01:00'), 1))).toBe(iso(t('2026-03-09T17:30+01:00')));
    expect(iso(cal.addWorkingDays(t('2026-03-07T10:00+01:00'), 2))).toBe(iso(t('2026-03-10T17:30+01:00')));
    expect(iso(cal.addWorkingDays(t('2026-03-06T17:30+01:00'), 1))).toBe(iso(t('2026-03-09T17:30+01:00')));
    expect(iso(cal.addWorkingDays(t('2026-03-06T20:00+01:00'), 1))).toBe(iso(t('2026-03-09T17:30+01:00')));
  });

  it('skips holidays and keeps the fraction on days of different lengths', () => {
    expect(iso(cal.addWorkingDays(t('2026-04-02T10:00+02:00'), 1))).toBe(iso(t('2026-04-07T10:00+02:00')));
    const uneven = WorkingCalendar.from({ timeZone: 'Europe/Zurich', weeklyHours: { mon: [['08:00', '16:00']], tue: [['08:00', '12:00']] } });
    // A quarter of Monday (2 of 8 h) -> a quarter of Tuesday (1 of 4 h).
    expect(iso(uneven.addWorkingDays(t('2026-03-02T10:00+01:00'), 1))).toBe(iso(t('2026-03-03T09:00+01:00')));
    expect(iso(uneven.addWorkingDays(t('2026-03-02T10:00+01:00'), 2))).toBe(iso(t('2026-03-09T10:00+01:00')));
  });

  it('takes fractions of days and 0, and refuses negative days', () => {
    expect(iso(cal.addWorkingDays(t('2026-03-02T07:00+01:00'), 0.5))).toBe(iso(t('2026-03-02T13:15+01:00')));
    // Half of Monday + 1.5 days = position 2: the end of the second working day.
    expect(iso(cal.addWorkingDays(t('2026-03-02T13:15+01:00'), 1.5))).toBe(iso(t('2026-03-03T17:30+01:00')));
    expect(cal.addWorkingDays(t('2026-03-07T10:00+01:00'), 0)).toBe(t('2026-03-07T10:00+01:00'));
    expect(() => cal.addWorkingDays(t('2026-03-07T10:00+01:00'), -1)).toThrow(RangeError);
  });
});

describe('a calendar without working time', () => {
  // Mondays only, and every Monday of four years closed: valid config, but no time to work in.
  const mondays: string[] = [];
  for (let d = Date.parse('2026-01-05T00:00:00Z'); d < Date.parse('2030-01-01T00:00:00Z'); d += 7 * 24 * H) {
    mondays.push(new Date(d).toISOString().slice(0, 10));
  }
  const cal = WorkingCalendar.from({ timeZone: 'Europe/Zurich', weeklyHours: { mon: OFFICE }, closures: mondays });

  it('throws RangeError instead of searching forever', () => {
    const from = t('2026-01-01T00:00+01:00');
    expect(() => cal.nextWorkingInstant(from)).toThrow(RangeError);
    expect(() => cal.addWorkingMs(from, 1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(from, 1)).toThrow(RangeError);
  });

  it('still works once the closures end', () => {
    expect(iso(cal.nextWorkingInstant(t('2029-06-01T00:00+02:00')))).toBe(iso(t('2030-01-07T08:00+01:00')));
  });
});
