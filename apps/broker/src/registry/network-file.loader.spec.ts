import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIanaTimeZone } from '@postbridge/contracts';
import { loadOperatorRegistry, NetworkFileError, parseNetworkFile, registryFrom } from './network-file.loader';

const calendar = { weeklyHours: { mon: [['08:00', '12:00'], ['13:00', '17:30']], fri: [['08:00', '12:00']] }, holidays: { country: 'CH', state: 'BE' }, closures: ['2026-12-24'] };
const op = (over: Record<string, unknown> = {}) => ({
  code: 'CH',
  name: 'Swiss Post',
  country: 'CH',
  timeZone: 'Europe/Zurich',
  languages: ['de', 'fr'],
  active: true,
  networks: ['EMS'],
  calendar,
  ...over,
});
const ems = (over: Record<string, unknown> = {}) => ({
  code: 'EMS',
  name: 'EMS',
  productFamilies: ['EMS'],
  inquiryTypes: ['FULL_INVESTIGATION', 'GENERIC'],
  responseTargets: { FULL_INVESTIGATION: { value: 2, unit: 'WORKING_DAYS' }, GENERIC: { value: 8, unit: 'WORKING_HOURS' } },
  reminders: { leadHours: 4, intervalHours: 8, beforeEscalation: 2 },
  ...over,
});
/** A valid file with these operators (and networks). */
const file = (operators: unknown[], networks: unknown[] = [ems()]) => ({ networks, operators });

function problemsOf(json: unknown): string[] {
  try {
    parseNetworkFile(json);
  } catch (e) {
    if (e instanceof NetworkFileError) return e.problems;
    throw e;
  }
  return [];
}

describe('network file', () => {
  it('accepts the repository network file', () => {
    const registry = loadOperatorRegistry(join(__dirname, '../../../../deploy/network.json'));
    expect(registry.all().map((o) => o.code)).toEqual(['CH', 'DE', 'US', 'JP']);
  });

  it('ignores keys meant for scripts (ports, topicPrefix)', () => {
    expect(problemsOf({ network: 'x', topicPrefix: 'p', broker: { httpPort: 1 }, networks: [ems()], operators: [op({ httpPort: 3001 })] })).toEqual([]);
  });

  it('accepts region subtags in languages', () => {
    expect(problemsOf(file([op({ languages: ['pt-BR', 'zh-Hant-TW', 'en'] })]))).toEqual([]);
  });

  it.each([
    ['code', op({ code: 'ch' }), /operators\.0\.code: code must be 2-10 upper-case/],
    ['code too long', op({ code: 'ABCDEFGHIJK' }), /operators\.0\.code/],
    ['reserved broker code', op({ code: 'PBHUB' }), /reserved for the broker/],
    ['country', op({ country: 'XX' }), /operators\.0\.country: country must be an ISO 3166-1 alpha-2 code/],
    ['time zone', op({ timeZone: 'Mars/Olympus' }), /operators\.0\.timeZone: timeZone must be an IANA time zone/],
    ['languages', op({ languages: ['German'] }), /operators\.0\.languages: languages must be BCP 47/],
    ['empty languages', op({ languages: [] }), /operators\.0\.languages/],
    ['active', op({ active: 'yes' }), /operators\.0\.active: active must be a boolean/],
    ['name', op({ name: '' }), /operators\.0\.name/],
  ])('rejects a bad %s', (_what, operator, pattern) => {
    expect(problemsOf(file([operator])).join('\n')).toMatch(pattern);
  });

  it('rejects duplicate operator codes', () => {
    expect(problemsOf(file([op(), op({ name: 'Other' })]))).toEqual([expect.stringMatching(/operators: operators must have unique codes/)]);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf(file([op({ code: 'x' }), op({ code: 'DE', country: 'ZZ', timeZone: 'Nowhere' })]));
    expect(problems).toHaveLength(3);
  });

  it('rejects a file without operators', () => {
    expect(problemsOf({ networks: [ems()] })).toEqual(expect.arrayContaining([expect.stringMatching(/^operators:/)]));
    expect(problemsOf({ networks: [ems()], operators: [] })).toEqual([expect.stringMatching(/operators should not be empty/)]);
    expect(problemsOf([])).toEqual([expect.stringMatching(/JSON object/)]);
  });

  describe('networks and calendars', () => {
    it('requires the networks and, per operator, its networks and calendar', () => {
      const noNetworks = problemsOf({ operators: [op()] });
      expect(noNetworks).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^networks: networks is required: the networks \(agreements\)/),
          expect.stringMatching(/^operators\.0\.networks: EMS is not declared in networks \(declared: none\)/),
        ]),
      );
      const bare = problemsOf(file([op({ networks: undefined, calendar: undefined })]));
      expect(bare).toEqual([
        expect.stringMatching(/^operators\.0\.networks: networks is required/),
        expect.stringMatching(/^operators\.0\.calendar: calendar is required/),
      ]);
      expect(problemsOf(file([op({ networks: [] })]))).toEqual([expect.stringMatching(/^operators\.0\.networks: networks should not be empty/)]);
    });

    it('rejects networks an operator names but the file does not declare', () => {
      expect(problemsOf(file([op({ networks: ['EMS', 'PARCELS'] }), op({ code: 'DE', networks: ['PRIME'] })]))).toEqual([
        'operators.0.networks: PARCELS is not declared in networks (declared: EMS)',
        'operators.1.networks: PRIME is not declared in networks (declared: EMS)',
      ]);
    });

    it('needs a target for every allowed inquiry type, and only well-formed targets', () => {
      expect(problemsOf(file([op()], [ems({ responseTargets: { FULL_INVESTIGATION: { value: 2, unit: 'WORKING_DAYS' } } })]))).toEqual([
        'networks.0.responseTargets: no target for GENERIC, which the network allows',
      ]);
      const p = problemsOf(
        file(
          [op()],
          [
            ems({
              responseTargets: {
                FULL_INVESTIGATION: { value: 0, unit: 'DAYS' },
                GENERIC: 8,
                PROOF_OF_DELIVERY: { value: 1, unit: 'WORKING_DAYS' },
                LOST_SOCK: { value: 1, unit: 'WORKING_DAYS' },
              },
            }),
          ],
        ),
      );
      expect(p).toEqual([
        'networks.0.responseTargets.FULL_INVESTIGATION.value: must be a whole number from 1 to 10000 (got 0)',
        'networks.0.responseTargets.FULL_INVESTIGATION.unit: must be one of WORKING_HOURS, WORKING_DAYS (got "DAYS")',
        expect.stringMatching(/^networks\.0\.responseTargets\.GENERIC: must be \{ "value"/),
        "networks.0.responseTargets.PROOF_OF_DELIVERY: PROOF_OF_DELIVERY is not among the network's inquiryTypes",
        expect.stringMatching(/^networks\.0\.responseTargets\.LOST_SOCK: not an inquiry type/),
      ]);
    });

    it('checks each network: code, families, inquiry types, reminders, unique codes', () => {
      const p = problemsOf(
        file(
          [op()],
          [
            ems(),
            ems({ code: 'ems x', productFamilies: ['BOXES'], inquiryTypes: [], responseTargets: {}, reminders: { leadHours: -1, intervalHours: 0, beforeEscalation: 0 } }),
            ems({ reminders: undefined }),
          ],
        ),
      ).join('\n');
      for (const expected of [
        /^networks: networks must have unique codes/m,
        /^networks\.1\.code: code must be 1-20 upper-case letters/m,
        /^networks\.1\.productFamilies: productFamilies must each be one of PARCEL, EMS/m,
        /^networks\.1\.inquiryTypes: inquiryTypes should not be empty/m,
        /^networks\.1\.reminders\.leadHours: leadHours must not be less than 0/m,
        /^networks\.1\.reminders\.intervalHours: intervalHours must be positive/m,
        /^networks\.1\.reminders\.beforeEscalation: beforeEscalation must be at least 1/m,
        /^networks\.2\.reminders: reminders is required/m,
      ]) {
        expect(p).toMatch(expected);
      }
    });

    it('checks calendars in the operator time zone and lists every problem', () => {
      const p = problemsOf(
        file([
          op({
            calendar: {
              weeklyHours: { mon: [['17:00', '08:00']], funday: [['09:00', '10:00']] },
              holidays: { country: 'CH', state: 'XX' },
              closures: ['2026-13-01'],
              openings: 'sometimes',
            },
          }),
          op({ code: 'DE', calendar: { timeZone: 'Europe/Berlin', weeklyHours: {} } }),
        ]),
      );
      const ch = p.filter((x) => x.startsWith('operators.0.calendar: '));
      for (const field of ['weeklyHours.mon', 'weeklyHours.funday', 'holidays.state', 'closures[0]', 'openings']) {
        expect(ch.some((x) => x.startsWith(`operators.0.calendar: ${field}`))).toBe(true);
      }
      expect(p).toEqual(expect.arrayContaining(["operators.1.calendar.timeZone: not allowed; the calendar uses the operator's timeZone", 'operators.1.calendar: weeklyHours: no working period on any weekday']));
    });

    it('says what is wrong with a file, one line per problem', () => {
      const dir = mkdtempSync(join(tmpdir(), 'pb-network-'));
      try {
        const path = join(dir, 'network.json');
        writeFileSync(path, JSON.stringify(file([op({ networks: ['NOPE'], calendar: { weeklyHours: {} } })], [ems({ reminders: { leadHours: 1, intervalHours: 1, beforeEscalation: 0 } })])));
        let err: unknown;
        try {
          loadOperatorRegistry(path);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(NetworkFileError);
        expect((err as NetworkFileError).message.split('\n')).toEqual([
          `Invalid network file ${path}:`,
          expect.stringMatching(/^  - networks\.0\.reminders\.beforeEscalation: beforeEscalation must be at least 1/),
          '  - operators.0.networks: NOPE is not declared in networks (declared: EMS)',
          '  - operators.0.calendar: weeklyHours: no working period on any weekday',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('tracking authority', () => {
    const us = op({ code: 'US', name: 'USPS', country: 'US', timeZone: 'America/New_York' });

    it('accepts delegated countries, transit partners and the back-dated scan window', () => {
      const json = { ...file([op({ trackingCountries: ['LI'], transitFor: ['US'] }), us]), tracking: { backdatedScanWindowHours: 24 } };
      expect(problemsOf(json)).toEqual([]);
      const registry = registryFrom(parseNetworkFile(json));
      expect(registry.find('CH')).toMatchObject({ trackingCountries: ['LI'], transitFor: ['US'] });
      expect(registry.find('US')).toMatchObject({ trackingCountries: [], transitFor: [] });
      expect(registry.tracking).toEqual({ backdatedScanWindowHours: 24 });
      expect(registryFrom(parseNetworkFile(file([op()]))).tracking).toEqual({ backdatedScanWindowHours: 72 });
    });

    it.each([
      ['a country that is not ISO 3166-1', op({ trackingCountries: ['XX'] }), /operators\.0\.trackingCountries: trackingCountries must each be an ISO 3166-1 alpha-2 code/],
      ['a repeated country', op({ trackingCountries: ['LI', 'LI'] }), /operators\.0\.trackingCountries: trackingCountries must not repeat/],
      ['its own country', op({ trackingCountries: ['CH'] }), /operators\.0\.trackingCountries: CH is the operator's own country/],
      ['not a list', op({ trackingCountries: 'LI' }), /operators\.0\.trackingCountries: trackingCountries must be a list/],
      ['an unknown transit partner', op({ transitFor: ['FR'] }), /operators\.0\.transitFor: FR is not an operator of the file/],
      ['itself as transit partner', op({ transitFor: ['CH'] }), /operators\.0\.transitFor: an operator is not a transit post for itself/],
      ['a transit list that is not codes', op({ transitFor: [1] }), /operators\.0\.transitFor: transitFor must be operator codes/],
    ])('rejects %s', (_what, operator, pattern) => {
      expect(problemsOf(file([operator, us])).join('\n')).toMatch(pattern);
    });

    it.each([[-1], [721], [1.5], ['72']])('rejects a back-dated scan window of %p hours', (hours) => {
      expect(problemsOf({ ...file([op()]), tracking: { backdatedScanWindowHours: hours } }).join('\n')).toMatch(/tracking\.backdatedScanWindowHours/);
    });

    it('rejects a tracking section that is not an object', () => {
      expect(problemsOf({ ...file([op()]), tracking: 5 }).join('\n')).toMatch(/tracking: tracking must be an object/);
    });
  });

  it('reports unreadable and non-JSON files with their path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-network-'));
    try {
      expect(() => loadOperatorRegistry(join(dir, 'missing.json'))).toThrow(/missing\.json:\n  - cannot read/);
      writeFileSync(join(dir, 'bad.json'), '{ operators: ');
      expect(() => loadOperatorRegistry(join(dir, 'bad.json'))).toThrow(/bad\.json:\n  - not JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks time zones with Intl', () => {
    expect(isIanaTimeZone('America/New_York')).toBe(true);
    expect(isIanaTimeZone('UTC')).toBe(true);
    expect(isIanaTimeZone('Europe/Atlantis')).toBe(false);
    expect(isIanaTimeZone('')).toBe(false);
    expect(isIanaTimeZone(42)).toBe(false);
  });
});

describe('OperatorRegistry', () => {
  const registry = registryFrom(parseNetworkFile(file([op(), op({ code: 'XK', name: 'Inactive Post', country: 'DE', active: false, calendar: { weeklyHours: { mon: [['09:00', '17:00']] } } })])));

  it('finds operators by code', () => {
    expect(registry.find('CH')).toMatchObject({ code: 'CH', name: 'Swiss Post', timeZone: 'Europe/Zurich', languages: ['de', 'fr'], active: true });
    expect(registry.find('US')).toBeUndefined();
  });

  it('knows which operators are active', () => {
    expect(registry.isActive('CH')).toBe(true);
    expect(registry.isActive('XK')).toBe(false);
    expect(registry.isActive('US')).toBe(false);
  });

  it('lists all operators in file order, read-only', () => {
    expect(registry.all().map((o) => o.code)).toEqual(['CH', 'XK']);
    expect(Object.isFrozen(registry.find('CH'))).toBe(true);
    expect(Object.isFrozen(registry.find('CH')!.networks)).toBe(true);
  });

  it('keeps the networks in file order, with reminders as the file gives them', () => {
    const two = registryFrom(parseNetworkFile(file([op({ networks: ['EMS', 'PARCELS'] })], [ems(), ems({ code: 'PARCELS', productFamilies: ['PARCEL'] })])));
    expect(two.agreements().map((a) => a.code)).toEqual(['EMS', 'PARCELS']);
    expect(two.agreement('EMS')).toMatchObject({ inquiryTypes: ['FULL_INVESTIGATION', 'GENERIC'], reminders: { leadHours: 4, intervalHours: 8, beforeEscalation: 2 } });
    expect(two.agreement('PRIME')).toBeUndefined();
    expect(two.find('CH')!.networks).toEqual(['EMS', 'PARCELS']);
  });

  it("builds each operator's working calendar in its time zone, once", () => {
    const cal = registry.calendarOf('CH');
    expect(cal.timeZone).toBe('Europe/Zurich');
    expect(registry.calendarOf('CH')).toBe(cal);
    // Monday 2 March 2026: 09:00 and 13:30 in Zurich are working time, the lunch break is not.
    expect(cal.isWorkingTime(Date.parse('2026-03-02T08:00:00Z'))).toBe(true);
    expect(cal.isWorkingTime(Date.parse('2026-03-02T11:30:00Z'))).toBe(false);
    expect(cal.isWorkingTime(Date.parse('2026-03-02T12:30:00Z'))).toBe(true);
    // Closure from the file.
    expect(cal.workingPeriodsOn('2026-12-24')).toEqual([]);
    expect(() => registry.calendarOf('US')).toThrow(/no operator US/);
  });
});
