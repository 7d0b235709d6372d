import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DomainError } from './domain-error';
import {
  checkInquiryWindow,
  DateInput,
  DEFAULT_INQUIRY_WINDOWS,
  formatPeriod,
  InquiryWindowErrorCode,
  InquiryWindowOverrides,
  inquiryWindowFor,
  resolveInquiryWindows,
} from './inquiry-window';
import { PRODUCT_FAMILIES, ProductFamily } from './s10-item-id';

function outcome(
  family: ProductFamily,
  postedAt: DateInput,
  filedAt: DateInput,
  windows?: InquiryWindowOverrides,
): 'OK' | string {
  try {
    checkInquiryWindow(family, postedAt, filedAt, windows);
    return 'OK';
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
}

function errorOf(...args: Parameters<typeof checkInquiryWindow>): DomainError {
  try {
    checkInquiryWindow(...args);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a DomainError');
}

const EARLY = InquiryWindowErrorCode.INQUIRY_TOO_EARLY;
const LATE = InquiryWindowErrorCode.INQUIRY_TOO_LATE;

describe('inquiry filing window', () => {
  it('has a default for every product family', () => {
    expect(Object.keys(DEFAULT_INQUIRY_WINDOWS).sort()).toEqual([...PRODUCT_FAMILIES].sort());
    for (const family of ['REGISTERED', 'INSURED', 'PARCEL'] as const) {
      expect(DEFAULT_INQUIRY_WINDOWS[family]).toEqual({ earliest: { days: 7 }, latest: { months: 6 } });
    }
    expect(DEFAULT_INQUIRY_WINDOWS.EMS).toEqual({ earliest: { days: 3 }, latest: { months: 4 } });
  });

  describe('boundaries (registered: 7 days to 6 months, both inclusive)', () => {
    const posted = '2024-01-01T10:00:00Z';
    it.each([
      ['2023-12-31T12:00:00Z', EARLY], // before posting
      ['2024-01-01T10:00:00Z', EARLY],
      ['2024-01-07T23:59:59.999Z', EARLY],
      ['2024-01-08T00:00:00Z', 'OK'],
      ['2024-04-15T12:00:00Z', 'OK'],
      ['2024-07-01T23:59:59.999Z', 'OK'],
      ['2024-07-02T00:00:00Z', LATE],
      ['2025-01-01T00:00:00Z', LATE],
    ])('filed %s -> %s', (filed, expected) => {
      expect(outcome('REGISTERED', posted, filed)).toBe(expected);
    });

    it('returns the window when the filing is in time', () => {
      expect(checkInquiryWindow('REGISTERED', posted, '2024-02-01T00:00:00Z')).toEqual({
        family: 'REGISTERED',
        window: { earliest: { days: 7 }, latest: { months: 6 } },
        postedOn: '2024-01-01',
        earliest: '2024-01-08',
        latest: '2024-07-01',
      });
    });
  });

  describe('EMS: 3 days to 4 months', () => {
    it.each([
      ['2024-01-03', EARLY],
      ['2024-01-04', 'OK'],
      ['2024-05-01', 'OK'],
      ['2024-05-02', LATE],
    ])('posted 2024-01-01, filed %s -> %s', (filed, expected) => {
      expect(outcome('EMS', '2024-01-01', filed)).toBe(expected);
    });
  });

  describe('calendar months', () => {
    it.each([
      ['REGISTERED', '2023-08-31', '2024-02-29'], // leap year: clamped to 29 Feb
      ['REGISTERED', '2022-08-31', '2023-02-28'],
      ['REGISTERED', '2024-03-31', '2024-09-30'],
      ['EMS', '2024-10-31', '2025-02-28'],
      ['EMS', '2024-12-15', '2025-04-15'],
    ] as const)('%s posted %s -> latest %s', (family, posted, latest) => {
      expect(inquiryWindowFor(family, posted).latest).toBe(latest);
      expect(outcome(family, posted, latest)).toBe('OK');
      expect(outcome(family, posted, DateTime.fromISO(latest).plus({ days: 1 }).toISODate()!)).toBe(LATE);
    });

    it('counts days across a DST change in the posting zone', () => {
      const posted = DateTime.fromISO('2024-03-09T12:00:00', { zone: 'America/New_York' });
      expect(inquiryWindowFor('REGISTERED', posted)).toMatchObject({ postedOn: '2024-03-09', earliest: '2024-03-16' });
    });
  });

  describe('time zones: days are counted in the posting calendar', () => {
    // 23:30 in New York on 1 Jan is already 2 Jan in UTC.
    const posted = '2024-01-01T23:30:00-05:00';
    it('takes the posting date from the posting offset', () => {
      expect(inquiryWindowFor('REGISTERED', posted)).toMatchObject({ postedOn: '2024-01-01', earliest: '2024-01-08' });
    });
    it('reads the filing instant in that calendar', () => {
      expect(outcome('REGISTERED', posted, '2024-01-08T04:59:59Z')).toBe(EARLY); // 7 Jan 23:59 in New York
      expect(outcome('REGISTERED', posted, '2024-01-08T05:00:00Z')).toBe('OK');
      expect(outcome('REGISTERED', posted, '2024-01-08T00:00:00-05:00')).toBe('OK');
    });
    it('reads a bare filing date as a date of that calendar', () => {
      expect(outcome('REGISTERED', posted, '2024-01-08')).toBe('OK');
      expect(outcome('REGISTERED', posted, '2024-07-01')).toBe('OK');
      expect(outcome('REGISTERED', posted, '2024-07-02')).toBe(LATE);
    });
    it('uses UTC for Date and epoch milliseconds', () => {
      const instant = Date.parse(posted);
      expect(inquiryWindowFor('REGISTERED', instant).postedOn).toBe('2024-01-02');
      expect(inquiryWindowFor('REGISTERED', new Date(instant)).postedOn).toBe('2024-01-02');
      expect(outcome('REGISTERED', instant, new Date('2024-01-08T23:59:59Z'))).toBe(EARLY);
      expect(outcome('REGISTERED', instant, Date.parse('2024-01-09T00:00:00Z'))).toBe('OK');
    });
  });

  describe('errors state the window', () => {
    it('too early', () => {
      const e = errorOf('REGISTERED', '2024-01-01T10:00:00Z', '2024-01-05T10:00:00Z');
      expect(e.code).toBe('INQUIRY_TOO_EARLY');
      expect(e.message).toBe(
        'REGISTERED inquiries can be filed from 2024-01-08 to 2024-07-01 ' +
          '(7 days to 6 months after posting on 2024-01-01); filed on 2024-01-05',
      );
      expect(e.details).toEqual({
        family: 'REGISTERED',
        window: { earliest: { days: 7 }, latest: { months: 6 } },
        postedOn: '2024-01-01',
        earliest: '2024-01-08',
        latest: '2024-07-01',
        filedOn: '2024-01-05',
      });
    });
    it('too late', () => {
      const e = errorOf('EMS', '2024-01-01', '2024-06-01');
      expect(e.code).toBe('INQUIRY_TOO_LATE');
      expect(e.message).toContain('from 2024-01-04 to 2024-05-01');
      expect(e.message).toContain('3 days to 4 months');
      expect(e.details).toMatchObject({ earliest: '2024-01-04', latest: '2024-05-01', filedOn: '2024-06-01' });
    });
  });

  describe('overrides', () => {
    it('replace one end of one family and keep the rest', () => {
      const overrides: InquiryWindowOverrides = {
        EMS: { latest: { months: 3 } },
        PARCEL: { earliest: { days: 10 }, latest: { months: 9 } },
      };
      const windows = resolveInquiryWindows(overrides);
      expect(windows.EMS).toEqual({ earliest: { days: 3 }, latest: { months: 3 } });
      expect(windows.PARCEL).toEqual({ earliest: { days: 10 }, latest: { months: 9 } });
      expect(windows.REGISTERED).toEqual(DEFAULT_INQUIRY_WINDOWS.REGISTERED);
      expect(outcome('EMS', '2024-01-01', '2024-04-01', overrides)).toBe('OK');
      expect(outcome('EMS', '2024-01-01', '2024-04-02', overrides)).toBe(LATE);
      expect(outcome('PARCEL', '2024-01-01', '2024-01-10', overrides)).toBe(EARLY);
      expect(outcome('PARCEL', '2024-01-01', '2024-10-01', overrides)).toBe('OK');
    });

    it('accept mixed units and a zero earliest', () => {
      const overrides: InquiryWindowOverrides = { OTHER: { earliest: {}, latest: { months: 1, weeks: 1, days: 1 } } };
      expect(inquiryWindowFor('OTHER', '2024-01-31', overrides)).toMatchObject({ earliest: '2024-01-31', latest: '2024-03-08' });
      expect(outcome('OTHER', '2024-01-31', '2024-01-31', overrides)).toBe('OK');
    });

    it('do not touch the defaults', () => {
      resolveInquiryWindows({ REGISTERED: { latest: { months: 1 } } });
      expect(DEFAULT_INQUIRY_WINDOWS.REGISTERED.latest).toEqual({ months: 6 });
      expect(Object.isFrozen(DEFAULT_INQUIRY_WINDOWS)).toBe(true);
    });

    it.each([
      [{ EMS: { latest: { months: -1 } } }],
      [{ EMS: { latest: { months: 1.5 } } }],
      [{ EMS: { latest: { hours: 12 } } }],
      [{ EMS: { latest: null } }],
    ])('reject a malformed period %j as a configuration error', (overrides) => {
      expect(() => resolveInquiryWindows(overrides as unknown as InquiryWindowOverrides)).toThrow(RangeError);
    });

    it('reject a window that ends before it starts', () => {
      expect(() => inquiryWindowFor('EMS', '2024-01-01', { EMS: { earliest: { months: 5 } } })).toThrow(RangeError);
    });
  });

  it('rejects invalid dates as programming errors', () => {
    expect(() => inquiryWindowFor('EMS', 'not a date')).toThrow(RangeError);
    expect(() => checkInquiryWindow('EMS', '2024-01-01', new Date('nope'))).toThrow(RangeError);
    expect(() => checkInquiryWindow('EMS', '2024-01-01', Number.NaN)).toThrow(RangeError);
  });

  it('formats periods', () => {
    expect(formatPeriod({ days: 7 })).toBe('7 days');
    expect(formatPeriod({ months: 1, days: 1 })).toBe('1 month 1 day');
    expect(formatPeriod({ years: 1, weeks: 2 })).toBe('1 year 2 weeks');
    expect(formatPeriod({})).toBe('0 days');
  });

  it('property: first and last day are accepted, the days around them are not', () => {
    const day = fc
      .integer({ min: 0, max: 365 * 40 })
      .map((n) => DateTime.fromISO('2000-01-01', { zone: 'utc' }).plus({ days: n }).toISODate()!);
    const offset = fc.constantFrom('Z', '+09:00', '-05:00', '+05:45', '-12:00', '+14:00');
    const second = fc.integer({ min: 0, max: 86_399 });
    fc.assert(
      fc.property(fc.constantFrom(...PRODUCT_FAMILIES), day, offset, second, (family, date, off, sec) => {
        const posted = DateTime.fromISO(`${date}T00:00:00${off}`, { setZone: true }).plus({ seconds: sec });
        const w = inquiryWindowFor(family, posted);
        expect(w.postedOn).toBe(date);
        const filed = (iso: string, plusDays: number): DateTime =>
          DateTime.fromISO(`${iso}T00:00:00${off}`, { setZone: true }).plus({ days: plusDays });
        expect(outcome(family, posted, filed(w.earliest, 0))).toBe('OK');
        expect(outcome(family, posted, filed(w.latest, 0).plus({ milliseconds: 86_399_999 }))).toBe('OK');
        expect(outcome(family, posted, filed(w.earliest, 0).minus({ milliseconds: 1 }))).toBe(EARLY);
        expect(outcome(family, posted, filed(w.latest, 1))).toBe(LATE);
        expect(w.earliest <= w.latest).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
